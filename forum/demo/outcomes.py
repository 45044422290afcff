"""The demo's outcome statements: an adopted declaration with ~40 signatories, and a draft.

The declaration of the previous edition was adopted at its closing session and cities have
kept endorsing it since (dates spread over the months up to today, most in the first weeks).
Most signed from their city's official email domain, so they were public once confirmed; one in
six wrote from another address and was approved by the organisers; two such endorsements still
await approval and three still wait for their emailed confirmation. The current edition's draft is
in consultation, with a few participants' comments. Everything goes through the services.
Deterministic (one seeded generator) and idempotent (rows are found again by slug).
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from events.enums import WORKING_LANGUAGES, OrganisationKind
from events.models import Event, Organisation
from forum.demo.organisations import OFFICIAL_DOMAINS
from forum.demo.outcome_texts import SUMMARY, texts
from forum.demo.reports import compile_picks
from outcomes.enums import StatementState
from outcomes.models import Endorsement, Statement, StatementVersion
from outcomes.services import OutcomeError
from outcomes.services.comments import comment_create
from outcomes.services.compilation import statement_compile
from outcomes.services.endorsements import (
    endorsement_approve,
    endorsement_confirm,
    endorsement_submit,
)
from outcomes.services.statements import (
    statement_adopt,
    statement_create,
    statement_open_consultation,
    statement_open_for_endorsement,
    statement_version_create,
)
from outcomes.text import sections_split
from registrations.enums import ACTIVE_STATES
from registrations.models import Registration

SEED = 2031
VERIFIED = 40
AWAITING_APPROVAL = 2
PENDING = 3
# Every sixth signatory writes from an address that is not on the city's domains.
OTHER_ADDRESS_EVERY = 6

# Real cities, fictional signatories: (name, ISO country, locality).
EXTRA_CITIES = [
    ("Municipality of Tunis", "TN", "Tunis"),
    ("District de Bamako", "ML", "Bamako"),
    ("Ville d’Abidjan", "CI", "Abidjan"),
    ("City of Johannesburg", "ZA", "Johannesburg"),
    ("Addis Ababa City Administration", "ET", "Addis Ababa"),
    ("Dar es Salaam City Council", "TZ", "Dar es Salaam"),
    ("Lusaka City Council", "ZM", "Lusaka"),
    ("Ville de Niamey", "NE", "Niamey"),
    ("Commune de Ouagadougou", "BF", "Ouagadougou"),
    ("Municipalidad de Rosario", "AR", "Rosario"),
    ("Prefeitura de Belo Horizonte", "BR", "Belo Horizonte"),
    ("Alcaldía de Medellín", "CO", "Medellín"),
    ("Municipalidad de Santiago", "CL", "Santiago"),
    ("Municipalidad de Guatemala", "GT", "Guatemala City"),
    ("City of Los Angeles", "US", "Los Angeles"),
    ("City of Toronto", "CA", "Toronto"),
    ("Ayuntamiento de Madrid", "ES", "Madrid"),
    ("Stadt Wien", "AT", "Vienna"),
    ("Ville de Lyon", "FR", "Lyon"),
    ("Gemeente Amsterdam", "NL", "Amsterdam"),
    ("City of Stockholm", "SE", "Stockholm"),
    ("Comune di Palermo", "IT", "Palermo"),
    ("Stadt Mannheim", "DE", "Mannheim"),
    ("Kathmandu Metropolitan City", "NP", "Kathmandu"),
    ("Surabaya City Government", "ID", "Surabaya"),
    ("Seoul Metropolitan Government", "KR", "Seoul"),
    ("Makati City Government", "PH", "Makati"),
    ("Karachi Metropolitan Corporation", "PK", "Karachi"),
    ("Greater Irbid Municipality", "JO", "Irbid"),
    ("City of Melbourne", "AU", "Melbourne"),
    ("Suva City Council", "FJ", "Suva"),
    ("Auckland Council", "NZ", "Auckland"),
]
GIVEN = [
    "Amina", "Carlos", "Fatou", "Hyun-woo", "Ingrid", "José", "Kwame", "Leila", "María",
    "Mohamed", "Nadia", "Olusegun", "Priya", "Rafael", "Sofía", "Thandiwe", "Yusuf", "Ana",
    "Bongani", "Claire", "Diego", "Eun-ji", "Farah", "Giulia", "Hamza", "Isabel", "Jonas",
]  # fmt: skip
FAMILY = [
    "Diallo", "Ferreira", "Kim", "Lindqvist", "Mensah", "Okafor", "Rahman", "Santos",
    "Traoré", "Vargas", "Wanjiru", "Yilmaz", "Zapata", "Benali", "Costa", "Dlamini",
    "Haddad", "Ito", "Keller", "Moreau", "Nakamura", "Ortega", "Pereira", "Quispe",
]  # fmt: skip
COMMENTS = [
    ("our-commitments", "Could commitment 2 mention legal aid as well as health and schooling?"),
    ("partnerships", "Please name the regional development banks explicitly."),
    ("why-we-act", "Coastal erosion deserves a mention next to floods and droughts."),
    ("follow-up", "A short reporting template would help smaller cities report on time."),
]


# The wording that changed after the consultation: (adopted, as circulated in version 1).
CONSULTATION_CHANGES = {
    "en": [
        ("By the next forum, each", "Within five years, each"),
        (
            "independent of residence status, and we will publish how we do it.",
            "independent of residence status.",
        ),
    ],
    "fr": [
        ("D'ici le prochain forum, chaque", "D'ici cinq ans, chaque"),
        (
            "indépendant du statut de séjour, et nous publierons la manière dont nous le faisons.",
            "indépendant du statut de séjour.",
        ),
    ],
}


def _earlier_draft(final: dict[str, str]) -> dict[str, str]:
    """Version 1 as circulated to delegations: weaker wording, no Spanish text yet."""
    draft = {"es": ""}
    for code, changes in CONSULTATION_CHANGES.items():
        text = final[code]
        for adopted, circulated in changes:
            text = text.replace(adopted, circulated)
        draft[code] = text
    return draft


def _after_consultation(compiled: StatementVersion, final: dict[str, str]) -> dict[str, str]:
    """The adopted texts: the compiled version with the consultation's changes, and the
    Spanish translation (``final``'s) with the same key messages at the end of the same
    sections, in Spanish."""
    texts = {}
    for code, changes in CONSULTATION_CHANGES.items():
        text = compiled.text(code)
        for adopted, circulated in changes:
            text = text.replace(circulated, adopted)
        texts[code] = text
    position = {
        section.anchor: index for index, section in enumerate(sections_split(compiled.text("en")))
    }
    spanish = final["es"].strip().splitlines()
    for source in compiled.sources.select_related("message").order_by("pk"):
        spanish = _with_item(spanish, position[source.section], f"- {source.message.text_es}")
    texts["es"] = "\n".join(spanish) + "\n"
    return texts


def _with_item(lines: list[str], section: int, item: str) -> list[str]:
    """``lines`` with the list item ``item`` at the end of the ``section``-th section (0: the
    text before the first heading): in the list that ends it, else after a blank line."""
    headings = [number for number, line in enumerate(lines) if line.startswith("#")]
    end = headings[section] if section < len(headings) else len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    previous = lines[end - 1].lstrip()
    in_list = previous.startswith("- ") or previous[:1].isdigit()
    return [*lines[:end], *([] if in_list else [""]), item, *lines[end:]]


def _cities(organisations: list[Organisation]) -> list[Organisation]:
    cities = [
        o
        for o in organisations
        if o.kind in (OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.REGIONAL_AUTHORITY)
    ]
    for name, country, locality in EXTRA_CITIES:
        city, _ = Organisation.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": OrganisationKind.LOCAL_AUTHORITY,
                "country": country,
                "locality": locality,
                "official_domains": OFFICIAL_DOMAINS.get(name, ""),
            },
        )
        cities.append(city)
    return cities


def _adopted(*, event: Event, organiser) -> Statement:
    """The previous edition's declaration: circulated, discussed, completed with the key
    messages of its sessions' reports (when they are there: seed_reports), then adopted with
    the consultation's changes and its Spanish text."""
    final = texts(event.host_city)
    statement = Statement.objects.filter(event=event, slug="declaration").first()
    if statement is None:
        statement = statement_create(
            event=event,
            title=f"{event.host_city} Mayors Declaration on Mobility and Climate",
            slug="declaration",
            summary=SUMMARY,
            texts=_earlier_draft(final),
            user=organiser,
            # Proven signatures (official domains) are public at once; others wait for approval.
            requires_approval=False,
        )
        statement = statement_open_consultation(statement=statement, user=organiser)
        picks = compile_picks(event)
        if picks:
            compiled = statement_compile(
                statement=statement,
                picks=picks,
                user=organiser,
                note="Key messages of the thematic sessions' reports",
            )
            final = _after_consultation(compiled, final)
        version = statement_version_create(
            statement=statement,
            texts=final,
            note="After the consultation; Spanish text added",
            user=organiser,
        )
        statement = statement_adopt(
            statement=statement, version=version, adopted_on=event.end_date, user=organiser
        )
    if statement.state == StatementState.ADOPTED:
        statement = statement_open_for_endorsement(statement=statement, user=organiser)
    return statement


def _endorse(
    statement,
    city,
    rng,
    *,
    at: datetime,
    confirm: bool,
    official: bool = True,
    organiser=None,
) -> None:
    """Submit (and confirm) one endorsement; one from an ``official`` address is public once
    confirmed, any other is approved by ``organiser`` (or left awaiting approval)."""
    regional = city.kind == OrganisationKind.REGIONAL_AUTHORITY
    place = city.locality or city.short_name or city.name
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    if official and city.domains:
        email = f"{slugify(given)}.{slugify(family)}@{city.domains[0]}"
    else:  # a personal or consultant's address: proves nothing about the city
        email = f"{slugify(given)}.{slugify(family)}@mobility-advisers.example"
    if Endorsement.objects.filter(statement=statement, organisation=city).exists():
        return  # endorsed on an earlier run (perhaps withdrawn since: seed_pledges)
    try:
        _endorsement, token = endorsement_submit(
            statement=statement,
            organisation=city,
            honorific="H.E." if regional else "Mayor",
            signatory_name=f"{given} {family}",
            signatory_title=(f"Governor of {place}" if regional else f"Mayor of {place}"),
            email=email,
            language=rng.choice(WORKING_LANGUAGES),
            now=at,
        )
        if confirm:
            confirmed_at = at + timedelta(hours=rng.randint(1, 30))
            endorsement = endorsement_confirm(token=token, now=confirmed_at)
            if organiser is not None and not endorsement.is_public:
                endorsement_approve(
                    endorsement=endorsement,
                    user=organiser,
                    now=confirmed_at + timedelta(hours=rng.randint(2, 48)),
                )
    except OutcomeError:  # already endorsed on an earlier run
        return


def _spread(rng: random.Random, *, start: date, end: date, n: int) -> list[datetime]:
    """A third on adoption day (the closing session), the rest thinning out over the months."""
    days = max((end - start).days, 1)
    at_session = n // 3
    offsets = [0] * at_session + sorted(
        min(days, int(rng.expovariate(3.0 / days))) for _ in range(n - at_session)
    )
    return [
        datetime.combine(start + timedelta(days=d), time(9 + rng.randint(0, 9)), UTC)
        for d in offsets
    ]


def _consultation(*, event: Event, organiser) -> Statement:
    statement = Statement.objects.filter(event=event, slug="declaration").first()
    if statement is None:
        statement = statement_create(
            event=event,
            title=f"{event.host_city} Mayors Declaration on Mobility and Climate",
            slug="declaration",
            summary=SUMMARY,
            texts=_earlier_draft(texts(event.host_city)),
            user=organiser,
        )
        statement = statement_open_consultation(statement=statement, user=organiser)
        participants = Registration.objects.filter(event=event, state__in=ACTIVE_STATES).order_by(
            "pk"
        )[: len(COMMENTS)]
        for registration, (section, body) in zip(participants, COMMENTS, strict=False):
            comment_create(
                statement=statement,
                registration=registration,
                language="en",
                section=section,
                body=body,
            )
    return statement


def seed_outcomes(
    *,
    event: Event,
    organisations: list[Organisation],
    previous: Event,
    organiser,
    today: date | None = None,
) -> tuple[Statement, Statement]:
    """The previous edition's adopted declaration with its signatories, and ``event``'s draft
    in consultation. Returns (adopted, draft)."""
    today = today or timezone.now().date()
    rng = random.Random(SEED)
    cities = _cities(organisations)
    rng.shuffle(cities)
    adopted = _adopted(event=previous, organiser=organiser)
    dates = _spread(rng, start=previous.end_date, end=today - timedelta(days=2), n=VERIFIED)
    for i, (city, at) in enumerate(zip(cities[:VERIFIED], dates, strict=False)):
        official = i % OTHER_ADDRESS_EVERY != OTHER_ADDRESS_EVERY - 1
        _endorse(adopted, city, rng, at=at, confirm=True, official=official, organiser=organiser)
    waiting = cities[VERIFIED : VERIFIED + AWAITING_APPROVAL]
    for city in waiting:
        _endorse(adopted, city, rng, at=timezone.now(), confirm=True, official=False)
    for city in cities[VERIFIED + AWAITING_APPROVAL : VERIFIED + AWAITING_APPROVAL + PENDING]:
        _endorse(adopted, city, rng, at=timezone.now(), confirm=False)
    draft = _consultation(event=event, organiser=organiser)
    return adopted, draft
