"""Demo nominations: quotas, organisations' focal points, the people they registered and their
nomination letters (verified, waiting, rejected), through the real services."""

import unicodedata
from datetime import UTC, date, datetime, time

from django.core.files.base import ContentFile

from events.models import Event, Organisation
from forum.demo.documents import demo_pdf
from registrations.enums import Honorific
from registrations.inputs import PersonDetails
from registrations.models import FocalPoint, RegistrationCategory
from registrations.services.credentials import letter_reject, letter_upload, letter_verify
from registrations.services.focal_points import (
    focal_point_designate,
    nomination_register,
    nomination_withdraw,
    quota_set,
)

AGENCY_CATEGORY = {
    "en": "Government and agency delegate",
    "fr": "Délégué·e de gouvernement ou d’agence",
    "es": "Delegado/a de gobierno o agencia",
}
# organisation, focal point (name, email, language), quota override, people nominated
# (honorific, given, family, position, email language), what happens to their letter.
FOCAL_POINTS = [
    (
        "Ministry of Interior and Decentralisation of Senegal",
        ("Mame Diarra Sarr", "md.sarr@interieur.gouv.sn", "fr"),
        6,
        [
            ("H.E.", "Ousmane", "Diagne", "Secrétaire général", "fr"),
            ("Ms", "Khady", "Faye", "Directrice des collectivités territoriales", "fr"),
            ("Mr", "Cheikh", "Mbaye", "Conseiller technique", "fr"),
            ("Dr", "Aïssatou", "Gueye", "Cheffe de la division des migrations", "fr"),
        ],
        "verified",
    ),
    (
        "Federal Foreign Office of Switzerland",
        ("Lukas Meier", "lukas.meier@eda.admin.ch", "en"),
        None,
        [
            ("Mr", "Andreas", "Keller", "Ambassador for Migration", "en"),
            ("Ms", "Sophie", "Rochat", "Programme Manager, Urban Migration", "fr"),
        ],
        "pending",
    ),
    (
        "Global Alliance of Mayors for Mobility",
        ("Elena Rossi", "e.rossi@gamm.example.org", "en"),
        5,
        [
            ("Ms", "Grace", "Mensah", "Secretary-General", "en"),
            ("Mr", "Tariq", "Nasser", "Policy Lead, Displacement", "en"),
            ("Ms", "Valentina", "Torres", "Head of Partnerships", "es"),
        ],
        "rejected",
    ),
    (
        "Secretaría de Relaciones Exteriores",
        ("Beatriz Hernández", "bhernandez@sre.gob.mx", "es"),
        None,
        [
            ("Mtro.", "Rafael", "Castillo", "Director General de Protección", "es"),
            ("Lic.", "Ana", "Reyes", "Subdirectora de Asuntos Migratorios", "es"),
            ("Lic.", "Diego", "Cruz", "Analista", "es"),
        ],
        None,  # no letter yet; the third person withdrawn
    ),
]
# A city's focal point nominates its second head of delegation (the category's quota is 2).
CITY_FOCAL_POINT = (
    "Municipality of Quito",
    ("María José Quispe", "mj.quispe@quito.gob.ec", "es"),
    ("Dr", "Lucía", "Mendoza", "Secretaria de Inclusión Social", "es"),
)
LETTER_TEXT = (
    "The {organisation} presents its compliments to the Secretariat of the Mayoral Forum on "
    "Mobility, Migration and Development and has the honour to nominate the following "
    "persons as members of its delegation: {people}."
)
REJECTION = (
    "The letter is not signed, and it names the Alliance’s Secretary-General without her "
    "title. Please send a signed letter on the Alliance’s letterhead."
)


def _letter(organisation: str, people: list[str], number: int) -> ContentFile:
    return ContentFile(
        demo_pdf(
            title=f"Note verbale No. {number:03d}/2027",
            paragraphs=[LETTER_TEXT.format(organisation=organisation, people="; ".join(people))],
            language="en",
        ),
        name=f"note-verbale-{number:03d}.pdf",
    )


def _person(honorific, given, family, position, language, *, domain: str) -> PersonDetails:
    local = unicodedata.normalize("NFKD", f"{given}.{family}".lower().replace(" ", ""))
    email = f"{local.encode('ascii', 'ignore').decode()}@{domain}"
    return PersonDetails(
        honorific=honorific if honorific in Honorific.values else "",
        given_name=given,
        family_name=family,
        position=position,
        email=email,
        language=language,
    )


def seed_nominations(*, event: Event, organiser, today: date) -> int:
    """Quotas, six focal points and their nominations; returns the focal points created."""
    if FocalPoint.objects.filter(event=event).exists():
        return 0
    now = datetime.combine(today, time(12), tzinfo=UTC)
    heads = RegistrationCategory.objects.get(event=event, name_en="Head of delegation")
    heads.organisation_quota = 2
    heads.save(update_fields=["organisation_quota"])
    agencies, _ = RegistrationCategory.objects.update_or_create(
        event=event,
        name_en=AGENCY_CATEGORY["en"],
        defaults={
            "name_fr": AGENCY_CATEGORY["fr"],
            "name_es": AGENCY_CATEGORY["es"],
            "capacity": 60,
            "invitation_only": True,
            "is_public": False,
            "waitlist_enabled": False,
            "organisation_quota": 3,
            "requires_nomination_letter": True,
            "visa_letter_offered": True,
            "badge_colour": "#45818e",
            "order": 5,
        },
    )
    for number, (name, (fp_name, fp_email, fp_language), quota, people, letter_fate) in enumerate(
        FOCAL_POINTS, start=1
    ):
        organisation = Organisation.objects.get(name=name)
        if quota is not None:
            quota_set(category=agencies, organisation=organisation, limit=quota, user=organiser)
        focal_point, _token = focal_point_designate(
            event=event,
            organisation=organisation,
            name=fp_name,
            email=fp_email,
            language=fp_language,
            user=organiser,
        )
        domain = fp_email.split("@")[1]
        nominated = [
            nomination_register(
                focal_point=focal_point,
                category_id=agencies.pk,
                person=_person(*person, domain=domain),
                now=now,
            )[0]
            for person in people
        ]
        if letter_fate is None:
            nomination_withdraw(
                focal_point=focal_point,
                registration=nominated[-1],
                reason="Travel cancelled by the ministry.",
            )
            continue
        letter = letter_upload(
            event=event,
            registrations=nominated,
            uploaded=_letter(name, [r.full_name for r in nominated], number),
            actor_label="focal point",
            focal_point=focal_point,
        )
        if letter_fate == "verified":
            letter_verify(letter=letter, event=event, user=organiser)
        elif letter_fate == "rejected":
            letter_reject(letter=letter, event=event, user=organiser, reason=REJECTION)
            # The corrected letter waits for the organisers.
            letter_upload(
                event=event,
                registrations=nominated,
                uploaded=_letter(name, [r.full_name for r in nominated], number + 10),
                actor_label="focal point",
                focal_point=focal_point,
            )

    city_name, (fp_name, fp_email, fp_language), person = CITY_FOCAL_POINT
    city = Organisation.objects.get(name=city_name)
    focal_point, _token = focal_point_designate(
        event=event,
        organisation=city,
        name=fp_name,
        email=fp_email,
        language=fp_language,
        user=organiser,
    )
    nomination_register(
        focal_point=focal_point,
        category_id=heads.pk,
        person=_person(*person, domain="quito.gob.ec"),
        now=now,
    )
    return FocalPoint.objects.filter(event=event).count()
