"""The demo forum's documents: the edition's concept note in three languages, background
papers on a third of the published sessions, two speakers' presentations (one published, one
waiting for the organisers), a briefing for registered participants only and an organisers'
run of show. Every file is a real PDF drawn with fpdf2 and goes through the upload checks and
the services, as an upload would.
"""

from django.core.files.base import ContentFile
from fpdf import FPDF

from documents.enums import DocumentAudience, DocumentKind
from documents.models import Document
from documents.services.documents import document_create, document_file_add, document_publish
from events.models import Event
from forum.content import texts_of
from forum.uploads import upload_check
from outcomes.pdf import FAMILY, FONTS
from sessions.enums import SessionKind, SessionState
from sessions.models import Session, SessionRole

CONCEPT_TITLE = {
    "fr": "Note conceptuelle : les villes au cœur de la mobilité humaine",
    "en": "Concept note: cities at the heart of human mobility",
    "es": "Nota conceptual: las ciudades en el centro de la movilidad humana",
}
CONCEPT_TEXT = {
    "fr": [
        "Le Forum des maires sur la mobilité, la migration et le développement réunit les "
        "maires, les gouvernements locaux et régionaux, les agences des Nations unies et les "
        "réseaux de villes pour faire entendre la voix des villes dans la gouvernance "
        "mondiale des migrations.",
        "Cette édition porte sur l'inclusion des personnes migrantes et déplacées dans les "
        "services urbains, le travail décent et l'action climatique locale.",
        "Les sessions thématiques préparent la déclaration finale, que les villes signataires "
        "traduiront en engagements locaux dans les mois qui suivent le Forum.",
    ],
    "en": [
        "The Mayoral Forum on Mobility, Migration and Development brings together mayors, "
        "local and regional governments, United Nations agencies and city networks to bring "
        "the voice of cities into the global governance of migration.",
        "This edition looks at the inclusion of migrants and displaced people in urban "
        "services, decent work and local climate action.",
        "The thematic sessions prepare the outcome declaration, which signatory cities turn "
        "into local pledges in the months after the Forum.",
    ],
    "es": [
        "El Foro de Alcaldes sobre Movilidad, Migración y Desarrollo reúne a alcaldes, "
        "gobiernos locales y regionales, agencias de las Naciones Unidas y redes de ciudades "
        "para llevar la voz de las ciudades a la gobernanza mundial de la migración.",
        "Esta edición trata de la inclusión de las personas migrantes y desplazadas en los "
        "servicios urbanos, el trabajo decente y la acción climática local.",
        "Las sesiones temáticas preparan la declaración final, que las ciudades firmantes "
        "convertirán en compromisos locales en los meses posteriores al Foro.",
    ],
}
PAPER_TITLE = {
    "fr": "Document de référence : {title}",
    "en": "Background paper: {title}",
    "es": "Documento de antecedentes: {title}",
}
PAPER_TEXT = {
    "fr": "Ce document présente les données, les pratiques des villes et les questions "
    "proposées à la discussion de la session « {title} ».",
    "en": "This paper sets out the evidence, city practices and guiding questions for the "
    "session “{title}”.",
    "es": "Este documento presenta los datos, las prácticas de las ciudades y las preguntas "
    "propuestas para el debate de la sesión «{title}».",
}
BRIEFING_TITLE = {
    "fr": "Note d'information pour les délégations : accès, transports et sécurité",
    "en": "Briefing for delegations: access, transport and security",
    "es": "Nota informativa para las delegaciones: acceso, transporte y seguridad",
}
BRIEFING_TEXT = {
    "fr": "Badges à retirer au centre de conférences dès la veille ; navettes depuis les "
    "hôtels partenaires à 7 h 30 ; points de contact de la ville hôte pour les délégations.",
    "en": "Collect badges at the conference centre from the day before; shuttles from the "
    "partner hotels at 7:30; the host city's contact points for delegations.",
    "es": "Recogida de acreditaciones en el centro de conferencias desde la víspera; "
    "lanzaderas desde los hoteles asociados a las 7:30; puntos de contacto de la ciudad "
    "anfitriona para las delegaciones.",
}


def demo_pdf(*, title: str, paragraphs: list[str], language: str, pages: int = 1) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("forum demo")
    pdf.set_lang(language)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 16 if page == 0 else 12)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(FAMILY, "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def _checked(name: str, **pdf):
    return upload_check(ContentFile(demo_pdf(**pdf), name=name))


def _document(*, event, kind, titles, texts, languages, session=None, pages=1, **options):
    """A document with one PDF per language in ``languages`` (the first one uploaded first)."""
    first, *others = languages
    document = document_create(
        event=event,
        session=session,
        kind=kind,
        title=titles,
        language=first,
        upload=_checked(
            f"{kind}-{first}.pdf",
            title=titles[first],
            paragraphs=texts[first],
            language=first,
            pages=pages,
        ),
        **options,
    )
    for code in others:
        document_file_add(
            document=document,
            language=code,
            upload=_checked(
                f"{kind}-{code}.pdf",
                title=titles[code],
                paragraphs=texts[code],
                language=code,
                pages=pages,
            ),
            actor_label=options.get("actor_label", "organiser"),
        )
    return document


def seed_documents(*, event: Event, organiser) -> int:
    """Create the demo documents of ``event`` once (a later run leaves them); returns how many
    documents the event has."""
    if Document.objects.filter(event=event).exists():
        return Document.objects.filter(event=event).count()
    concept = _document(
        event=event,
        kind=DocumentKind.CONCEPT_NOTE,
        titles=CONCEPT_TITLE,
        texts=CONCEPT_TEXT,
        languages=("fr", "en", "es"),
        pages=3,
        actor=organiser,
    )
    document_publish(document=concept, actor=organiser)
    # A second version of the English concept note: the history lists both.
    document_file_add(
        document=concept,
        language="en",
        upload=_checked(
            "concept-note-en-rev.pdf",
            title=CONCEPT_TITLE["en"] + " (revised)",
            paragraphs=CONCEPT_TEXT["en"],
            language="en",
            pages=3,
        ),
        actor=organiser,
    )
    briefing = _document(
        event=event,
        kind=DocumentKind.OTHER,
        titles=BRIEFING_TITLE,
        texts={code: [text] for code, text in BRIEFING_TEXT.items()},
        languages=("fr", "en", "es"),
        audience=DocumentAudience.PARTICIPANTS,
        actor=organiser,
    )
    document_publish(document=briefing, actor=organiser)
    _document(
        event=event,
        kind=DocumentKind.PROGRAMME,
        titles={"en": "Run of show (organisers)", "fr": "Conducteur (organisateurs)"},
        texts={
            "en": ["Cues, microphones and interpretation channels per session."],
            "fr": ["Tops, micros et canaux d'interprétation par session."],
        },
        languages=("en", "fr"),
        audience=DocumentAudience.ORGANISERS,
        actor=organiser,
    )
    sessions = list(
        # The organisers' own sessions: the accepted side events came later, without papers.
        Session.objects.filter(event=event, state=SessionState.CONFIRMED, proposal=None)
        .exclude(kind=SessionKind.BREAK)
        .order_by("start", "code")
    )
    for session in sessions[::3]:
        titles = texts_of(session, "title")
        languages = [code for code in ("fr", "en", "es") if code in titles]
        paper = _document(
            event=event,
            session=session,
            kind=DocumentKind.BACKGROUND_PAPER,
            titles={code: PAPER_TITLE[code].format(title=titles[code]) for code in languages},
            texts={
                code: [PAPER_TEXT[code].format(title=titles[code]), *CONCEPT_TEXT[code][1:]]
                for code in languages
            },
            languages=languages,
            pages=2,
            actor=organiser,
        )
        document_publish(document=paper, actor=organiser)
    # Two speakers' presentations: one published by the organisers, one waiting for them.
    roles = list(
        SessionRole.objects.filter(session__in=sessions[1::3])
        .select_related("session", "speaker")
        .order_by("session__start", "pk")[:2]
    )
    for index, role in enumerate(roles):
        session, speaker = role.session, role.speaker
        title = texts_of(session, "title").get("en") or str(session.title)
        presentation = _document(
            event=event,
            session=session,
            kind=DocumentKind.PRESENTATION,
            titles={"en": f"{speaker.name}: {title}"},
            texts={"en": [f"Slides presented by {speaker.name}.", title]},
            languages=("en",),
            speaker=speaker,
            actor_label="speaker",
        )
        if index == 0:
            document_publish(document=presentation, actor=organiser)
    return Document.objects.filter(event=event).count()
