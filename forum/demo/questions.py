"""Demo registration questions: the Dakar edition asks when people arrive, which field visit
they join and which side events they attend; about two thirds of the confirmed registrants
have answered, through the same checks as the forms."""

import random

from django.db import transaction

from events.models import Event
from registrations.enums import QuestionKind, RegistrationState
from registrations.models import Question, Registration, RegistrationCategory
from registrations.selectors.questions import question_list
from registrations.services.questions import answers_clean, answers_write, question_create

ARRIVAL = {
    "en": "Arrival date in Dakar",
    "fr": "Date d’arrivée à Dakar",
    "es": "Fecha de llegada a Dakar",
}
ARRIVAL_HELP = {
    "en": "So that the secretariat can plan airport transfers.",
    "fr": "Pour que le secrétariat organise les transferts depuis l’aéroport.",
    "es": "Para que la secretaría organice los traslados desde el aeropuerto.",
}
VISIT = {
    "en": "Field visit on the third day",
    "fr": "Visite de terrain du troisième jour",
    "es": "Visita de campo del tercer día",
}
VISIT_OPTIONS = [
    {
        "en": "Medina integration centre",
        "fr": "Centre d’intégration de la Médina",
        "es": "Centro de integración de la Medina",
    },
    {
        "en": "Port of Dakar: labour mobility programme",
        "fr": "Port de Dakar : programme de mobilité de la main-d’œuvre",
        "es": "Puerto de Dakar: programa de movilidad laboral",
    },
    {
        "en": "Thiaroye youth hub",
        "fr": "Pôle jeunesse de Thiaroye",
        "es": "Centro juvenil de Thiaroye",
    },
    {"en": "No field visit", "fr": "Pas de visite de terrain", "es": "Sin visita de campo"},
]
SIDE_EVENTS = {
    "en": "Side events you plan to attend",
    "fr": "Événements parallèles auxquels vous comptez participer",
    "es": "Eventos paralelos a los que piensa asistir",
}
SIDE_EVENT_OPTIONS = [
    {
        "en": "Climate mobility roundtable (UN agencies)",
        "fr": "Table ronde sur la mobilité climatique (agences des Nations unies)",
        "es": "Mesa redonda sobre movilidad climática (agencias de la ONU)",
    },
    {
        "en": "Mayors’ breakfast on labour pathways",
        "fr": "Petit-déjeuner des maires sur les voies de migration de travail",
        "es": "Desayuno de alcaldes sobre vías de migración laboral",
    },
    {
        "en": "Youth and migration forum",
        "fr": "Forum jeunesse et migration",
        "es": "Foro de juventud y migración",
    },
]
VISITORS = ("Head of delegation", "Delegate", "Government and agency delegate")


def seed_questions(*, event: Event, organiser) -> int:
    """The three questions and their answers, once; returns the answers written."""
    if Question.objects.filter(event=event).exists():
        return 0
    question_create(
        event=event,
        kind=QuestionKind.DATE,
        label=ARRIVAL,
        help_text=ARRIVAL_HELP,
        user=organiser,
    )
    question_create(
        event=event,
        kind=QuestionKind.CHOICE,
        label=VISIT,
        options=VISIT_OPTIONS,
        categories=RegistrationCategory.objects.filter(event=event, name_en__in=VISITORS),
        user=organiser,
    )
    question_create(
        event=event,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label=SIDE_EVENTS,
        options=SIDE_EVENT_OPTIONS,
        user=organiser,
    )
    rng = random.Random(2031)
    questions = question_list(event=event, active_only=True)
    written = 0
    confirmed = Registration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED
    ).order_by("pk")
    for registration in confirmed:
        if rng.random() > 0.65:
            continue
        raw = {}
        for question in questions:
            ids = [o.pk for o in question.options.all()]
            if question.kind == QuestionKind.DATE:
                arrival = event.start_date.toordinal() - rng.choice([2, 1, 1, 1, 0])
                raw[question.pk] = event.start_date.fromordinal(arrival).isoformat()
            elif question.kind == QuestionKind.CHOICE:
                if not question.category_ids or registration.category_id in question.category_ids:
                    raw[question.pk] = str(rng.choice(ids))
            else:
                raw[question.pk] = [str(pk) for pk in ids if rng.random() < 0.4]
        asked = [
            q for q in questions if not q.category_ids or registration.category_id in q.category_ids
        ]
        with transaction.atomic():
            written += len(
                answers_write(
                    registration=registration,
                    answers=answers_clean(asked, raw),
                    actor_label="registrant",
                )
            )
    return written
