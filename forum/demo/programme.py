"""The demo programme of the demo forum: fictional sessions and speakers, realistic shape.

Deterministic (one seeded random generator, drawn in a fixed order before anything is
written) and idempotent (rows are found again by their codes and names). The first run
publishes two versions so the public changelog shows real changes; later runs reset the
working copy to the same final state without publishing again.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from events.models import Event, Organisation
from registrations.enums import RegistrationState
from registrations.models import Registration
from sessions.enums import RoleKind, SessionKind, SessionState, SpeakerState
from sessions.models import (
    Bookmark,
    Room,
    ScheduleVersion,
    Session,
    SessionRole,
    Speaker,
    Track,
)
from sessions.models.programme import CODE_ALPHABET
from sessions.selectors.public import programme_latest
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import session_cancel

from .programme_texts import (
    ABSTRACT,
    BIOGRAPHY,
    OPEN_EXCHANGE,
    POSITIONS,
    ROOM_NAMES,
    ROUND_TABLE,
    SESSION_TITLES,
    TRACK_NAMES,
)

SEED = 2027
RESERVED = 8  # speakers kept out of the first programme: a newcomer, the undecided

ROOMS = [
    # name, capacity, booths
    ("Plenary Hall Léopold Sédar Senghor", 900, True),
    ("Salle Gorée", 250, True),
    ("Salle Casamance", 200, True),
    ("Salle Saloum", 160, True),
    ("Salle Ferlo", 120, True),
    ("Salle Sine", 90, True),
    ("Atelier Baobab", 25, False),  # the small room
    ("Terrasse Atlantique", 180, False),  # no booths: breaks, receptions, side events
]
PLENARY, SMALL, TERRACE = ROOMS[0][0], ROOMS[6][0], ROOMS[7][0]
PARALLEL_ROOMS = [r[0] for r in ROOMS[1:7]]

TRACKS = [
    ("Climate mobility", "#1d6b32"),
    ("Access to services", "#0b5394"),
    ("Labour migration and skills", "#8a4b08"),
    ("Inclusive urban governance", "#5b2a86"),
    ("Regional free movement", "#a11b1b"),
    ("Displacement and durable solutions", "#00707a"),
    ("Remittances and migrant entrepreneurship", "#7a5c00"),
    ("Youth, gender and participation", "#b0306a"),
]

TITLES = {
    "Climate mobility": [
        "When the river moves: cities planning for climate-induced relocation",
        "Sahel to coast: urban responses to drought-driven mobility",
        "Heat, floods and the right to stay: adaptation finance for secondary cities",
        "Mapping climate mobility with local data: tools for municipal planners",
        "Coastal cities in motion: lessons from Saint-Louis and Dhaka",
        "Green jobs for newcomers: the climate transition as an inclusion strategy",
    ],
    "Access to services": [
        "One desk for everyone: municipal welcome centres that work",
        "Health without papers: local models of universal primary care",
        "Schools as first responders: enrolling displaced children in weeks, not months",
        "Digital identity at city level: inclusion without exclusion",
        "Housing first for new arrivals: evidence from five cities",
        "Language access in public services: interpretation on a city budget",
    ],
    "Labour migration and skills": [
        "Skills partnerships between cities of origin and destination",
        "Recognising foreign qualifications: shortcuts that cities can take",
        "Decent work in the informal economy: municipal levers",
        "Seasonal and circular migration: what local authorities can guarantee",
        "Apprenticeships for refugees and migrants: employers at the table",
        "Care workers on the move: protecting the people who protect us",
    ],
    "Inclusive urban governance": [
        "Migrant advisory councils: from consultation to co-decision",
        "Counting everyone: municipal statistics on human mobility",
        "Local voices in the Global Compact for Migration review",
        "Cities and national governments: a new deal on reception",
        "Countering hate speech: city strategies that reduce tension",
        "Budgeting for inclusion: participatory finance in diverse cities",
    ],
    "Regional free movement": [
        "ECOWAS free movement at the city gate: border towns speak",
        "Mercosur residence agreements: what changed for cities",
        "Corridors of opportunity: secondary cities on migration routes",
        "Cross-border markets and the traders who keep them alive",
        "Portable rights across regions: pensions, health and schooling",
        "Regional mayors' networks: turning declarations into services",
    ],
    "Displacement and durable solutions": [
        "From camps to neighbourhoods: urban displacement after the emergency",
        "Land, tenure and the displaced: local routes to durable solutions",
        "Host communities first: shared infrastructure that lasts",
        "Returning home to a changed city: reintegration at municipal level",
        "Urban refugees and municipal finance: who pays, who decides",
        "Protection in cities: safe spaces for women and children on the move",
    ],
    "Remittances and migrant entrepreneurship": [
        "Lowering the cost of sending money home: local partnerships",
        "Diaspora investment in hometown infrastructure",
        "Migrant-owned businesses as engines of neighbourhood renewal",
        "Microfinance and credit for newcomers without a credit history",
        "Remittances and climate resilience: a household perspective",
        "Market halls and incubators: city-run support for migrant entrepreneurs",
    ],
    "Youth, gender and participation": [
        "Young migrants as city makers: a youth-led dialogue",
        "Women mayors on mobility: leadership and lived experience",
        "Unaccompanied minors in the city: guardianship that works",
        "Sport, culture and belonging: grassroots inclusion",
        "Gender-responsive reception: designing services with migrant women",
        "Student mobility and brain circulation: universities and their cities",
    ],
}

PLENARIES = [
    "Opening plenary: cities at the heart of human mobility",
    "High-level plenary: local action for the Global Compact for Migration",
    "Closing plenary: adoption of the mayors' call to action",
]
SIDE_EVENTS = [
    "Side event: launch of the Urban Mobility Data Atlas",
    "Side event: Cities of Welcome Network annual meeting",
    "Side event: youth hackathon results on digital inclusion",
]
FIELD_VISITS = [
    "Field visit: the Medina welcome centre and health post",
    "Field visit: climate-resilient housing in Pikine",
]

FIRST_NAMES = [
    "Aminata",
    "Oumar",
    "Fatou",
    "Moussa",
    "Lucía",
    "Mateo",
    "Amira",
    "Youssef",
    "Grace",
    "Samuel",
    "Nadia",
    "Karim",
    "Elena",
    "Tomás",
    "Chiara",
    "Luca",
    "Maya",
    "Daniel",
    "Aisha",
    "Ibrahim",
    "Sofía",
    "Andrés",
    "Lina",
    "Omar",
    "Ana",
    "João",
    "Marie",
    "Pierre",
    "Hana",
    "Kenji",
    "Leila",
    "Tariq",
    "Rosa",
    "Miguel",
    "Esther",
    "Joseph",
    "Zainab",
    "Kwame",
    "Mariam",
    "Hassan",
]
LAST_NAMES = [
    "Ndiaye",
    "Diallo",
    "Sow",
    "Fall",
    "Mbaye",
    "Pérez",
    "García",
    "Haddad",
    "Benali",
    "Okonkwo",
    "Mensah",
    "Mwangi",
    "Kariuki",
    "Rossi",
    "Bianchi",
    "Silva",
    "Santos",
    "Dubois",
    "Lefèvre",
    "Nakamura",
    "Rahman",
    "Hossain",
    "Castillo",
    "Morales",
    "Öztürk",
    "Yilmaz",
    "Nasser",
    "Khoury",
    "Uwimana",
    "Mugisha",
    "Asante",
    "Boateng",
    "Ramírez",
    "Torres",
    "Kowalski",
    "Novak",
    "Schmidt",
    "Müller",
    "Jansen",
    "Fernández",
]
HONORIFICS = [
    ("H.E.", "Minister of Interior and Decentralisation"),
    ("H.E.", "Ambassador"),
    ("Mayor", "Mayor"),
    ("Mayor", "Mayor"),
    ("Mayor", "Mayor"),
    ("Deputy Mayor", "Deputy Mayor for Social Inclusion"),
    ("Councillor", "City Councillor for Migration"),
    ("Dr", "Director of Research"),
    ("Prof.", "Professor of Urban Studies"),
    ("", "Head of Programmes"),
    ("", "Senior Policy Adviser"),
    ("", "Youth Representative"),
]

# Times of a day's parallel slots, event time.
PARALLEL_SLOTS = [(time(11), time(12, 30)), (time(14), time(15, 30)), (time(16), time(17, 30))]


def _code(rng: random.Random, taken: set[str], prefix: str) -> str:
    while True:
        code = prefix + "".join(rng.choice(CODE_ALPHABET) for _ in range(5))
        if code not in taken:
            taken.add(code)
            return code


# Speakers whose biography is written in one language only (index → language).
ONE_LANGUAGE_BIOGRAPHIES = {3: "fr", 17: "es", 42: "en", 77: "fr"}


def _speaker_texts(index: int, name: str, position: str) -> dict:
    """A speaker's position in English, French and Spanish, and their biography: in the three
    languages for most, in English and French for every third, in one language for a few."""
    fr, es = POSITIONS[position]
    texts = {"position": position, "position_fr": fr, "position_es": es}
    languages = ("en", "fr", "es") if index % 3 != 2 else ("en", "fr")
    languages = (
        (ONE_LANGUAGE_BIOGRAPHIES[index],) if index in ONE_LANGUAGE_BIOGRAPHIES else languages
    )
    for code, template in zip(("en", "fr", "es"), BIOGRAPHY, strict=True):
        key = "biography" if code == "en" else f"biography_{code}"
        texts[key] = template.format(name=name) if code in languages else ""
    return texts


def _session_texts(index: int, title: str, has_abstract: bool) -> dict:
    """A session's title and abstract in English and French, and in Spanish for two sessions
    in three (the others show the completeness view's gaps)."""
    if title in SESSION_TITLES:
        fr, es = SESSION_TITLES[title]
    else:  # a track's open exchange
        track = title.removesuffix(": open exchange")
        fr_track, es_track = TRACK_NAMES[track]
        fr, es = (
            template.format(track=t)
            for template, t in zip(OPEN_EXCHANGE, (fr_track, es_track), strict=True)
        )
    with_spanish = index % 3 != 2
    texts = {"title": title, "title_fr": fr, "title_es": es if with_spanish else ""}
    for code, text, template in zip(("en", "fr", "es"), (title, fr, es), ABSTRACT, strict=True):
        key = "abstract" if code == "en" else f"abstract_{code}"
        written = has_abstract and (code != "es" or with_spanish)
        texts[key] = template.format(title=text) if written else ""
    return texts


def _plan(*, event: Event, organisations: list[Organisation]) -> dict:
    """Everything the demo programme holds, drawn from the seeded generator (no database)."""
    rng = random.Random(SEED)
    taken: set[str] = set()

    names = rng.sample([f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES], 120)
    speakers = []
    for i, name in enumerate(names):
        honorific, position = rng.choice(HONORIFICS)
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.85 else None
        speakers.append(
            {
                "code": _code(rng, taken, "P"),
                "honorific": honorific,
                "name": name,
                "position": position,
                "organisation": organisation,
                "organisation_name": "" if organisation else "Independent expert",
                "email": f"speaker{i + 1:03d}@example.org",
                "language": rng.choice(["fr", "en", "es"]),
                **_speaker_texts(i, name, position),
            }
        )

    def at(day: int, t: time) -> datetime:
        return datetime.combine(event.start_date + timedelta(days=day), t, tzinfo=event.tzinfo)

    sessions: list[dict] = []
    busy: dict[str, list[tuple[datetime, datetime]]] = {}
    track_titles = {name: rng.sample(titles, len(titles)) for name, titles in TITLES.items()}

    def pick_speakers(start: datetime, end: datetime, count: int) -> list[str]:
        free = [
            s["code"]
            for s in speakers[:-RESERVED]
            if all(e <= start or b >= end for b, e in busy.get(s["code"], []))
        ]
        # Prefer people with fewer sessions so that most speakers appear once or twice.
        free.sort(key=lambda code: (len(busy.get(code, [])), rng.random()))
        chosen = free[:count]
        for code in chosen:
            busy.setdefault(code, []).append((start, end))
        return chosen

    def add(
        title,
        kind,
        room,
        start,
        end,
        track=None,
        roles=(),
        attendance=None,
        spoken="fr",
        interp=None,
    ):
        people = pick_speakers(start, end, len(roles)) if roles else []
        sessions.append(
            {
                "code": _code(rng, taken, "S"),
                **_session_texts(len(sessions), title, kind != SessionKind.BREAK),
                "kind": kind,
                "room": room,
                "track": track,
                "start": start,
                "end": end,
                "spoken_language": spoken,
                "interpretation_languages": interp or [],
                "expected_attendance": attendance,
                "roles": [
                    (code, role, i)
                    for i, (code, role) in enumerate(zip(people, roles, strict=False))
                ],
            }
        )

    all_langs = ["fr", "en", "es"]
    track_cycle = [t[0] for t in TRACKS]
    for day in range(3):
        # Plenary (opening / high-level in the morning; closing on the last afternoon).
        plenary_time = (time(9), time(10, 30)) if day < 2 else (time(16), time(17, 30))
        add(
            PLENARIES[day],
            SessionKind.PLENARY,
            PLENARY,
            at(day, plenary_time[0]),
            at(day, plenary_time[1]),
            roles=[
                RoleKind.CHAIR,
                RoleKind.MODERATOR,
                RoleKind.SPEAKER,
                RoleKind.SPEAKER,
                RoleKind.SPEAKER,
                RoleKind.RAPPORTEUR,
            ],
            attendance=700,
            spoken="fr",
            interp=["en", "es"],
        )
        add("Coffee break", SessionKind.BREAK, TERRACE, at(day, time(10, 30)), at(day, time(11)))
        add("Lunch", SessionKind.BREAK, TERRACE, at(day, time(12, 30)), at(day, time(14)))
        slots = PARALLEL_SLOTS if day < 2 else PARALLEL_SLOTS[:2]
        for slot_start, slot_end in slots:
            rooms = rng.sample(PARALLEL_ROOMS, 5)
            for room in rooms:
                track = track_cycle[len(sessions) % len(track_cycle)]
                title = (
                    track_titles[track].pop() if track_titles[track] else f"{track}: open exchange"
                )
                capacity = {r[0]: r[1] for r in ROOMS}[room]
                if room == SMALL:
                    kind, roles = SessionKind.WORKSHOP, [RoleKind.MODERATOR, RoleKind.SPEAKER]
                    attendance, interp = rng.randint(15, 25), []
                else:
                    kind = rng.choice([SessionKind.PANEL, SessionKind.PANEL, SessionKind.WORKSHOP])
                    roles = [
                        RoleKind.MODERATOR,
                        *[RoleKind.PANELLIST] * rng.randint(3, 4),
                        RoleKind.RAPPORTEUR,
                    ]
                    attendance = rng.randint(capacity // 2, capacity)
                # The speakers sit in the room too: the audience fills the rest at most.
                attendance = min(attendance, capacity - len(roles))
                spoken = rng.choice(all_langs)
                if room != SMALL:
                    interp = (
                        [lang for lang in all_langs if lang != spoken] if rng.random() < 0.6 else []
                    )
                add(
                    title,
                    kind,
                    room,
                    at(day, slot_start),
                    at(day, slot_end),
                    track=track,
                    roles=roles,
                    attendance=attendance,
                    spoken=spoken,
                    interp=interp,
                )
        if day < 2:
            add(
                "Coffee break", SessionKind.BREAK, TERRACE, at(day, time(15, 30)), at(day, time(16))
            )
            add(
                SIDE_EVENTS[day],
                SessionKind.SIDE_EVENT,
                TERRACE,
                at(day, time(16)),
                at(day, time(17, 30)),
                track=track_cycle[3 + day],
                roles=[RoleKind.CHAIR, RoleKind.SPEAKER, RoleKind.SPEAKER],
                attendance=100,
                spoken="en",
            )
    add(
        "Welcome reception hosted by the City of Dakar",
        SessionKind.BREAK,
        TERRACE,
        at(0, time(18, 30)),
        at(0, time(20, 30)),
        attendance=170,
    )
    add(
        SIDE_EVENTS[2],
        SessionKind.SIDE_EVENT,
        TERRACE,
        at(2, time(14)),
        at(2, time(15, 30)),
        track=track_cycle[7],
        roles=[RoleKind.CHAIR, RoleKind.SPEAKER],
        attendance=80,
        spoken="en",
    )
    for i, title in enumerate(FIELD_VISITS):
        add(
            title,
            SessionKind.FIELD_VISIT,
            None,
            at(2, time(9)),
            at(2, time(12, 30)),
            track=track_cycle[i],
            roles=[RoleKind.CHAIR],
            attendance=30,
            spoken="fr",
        )
    # A draft the organisers are still working on: never public until confirmed.
    add(
        "Mayors' breakfast on financing (to be confirmed)",
        SessionKind.SIDE_EVENT,
        SMALL,
        at(1, time(8)),
        at(1, time(8, 45)),
        spoken="en",
        attendance=20,
    )
    sessions[-1]["state"] = SessionState.DRAFT

    unused = [s["code"] for s in speakers if s["code"] not in busy]  # at least RESERVED
    return {"speakers": speakers, "sessions": sessions, "unused": unused, "rng": rng}


@transaction.atomic
def seed_programme(
    *,
    event: Event,
    organisations: list[Organisation],
    today: date,
    double_booking: bool = True,
) -> dict:
    """Create or reset the demo programme of ``event``; publish versions 1 and 2 once.

    Leaves one deliberate conflict (a double-booked speaker) in the unpublished working copy;
    with ``double_booking=False`` it is left out, for ``seed_double_booking`` to add once
    later versions are published.
    """
    plan = _plan(event=event, organisations=organisations)
    rooms = {}
    for order, (name, capacity, booths) in enumerate(ROOMS):
        fr, es = ROOM_NAMES[name]
        rooms[name], _ = Room.objects.update_or_create(
            event=event,
            name_en=name,
            defaults={
                "name_fr": fr,
                "name_es": es,
                "capacity": capacity,
                "has_booths": booths,
                "order": order,
            },
        )
    tracks = {}
    for order, (name, colour) in enumerate(TRACKS):
        fr, es = TRACK_NAMES[name]
        tracks[name], _ = Track.objects.update_or_create(
            event=event,
            name_en=name,
            defaults={"name_fr": fr, "name_es": es, "colour": colour, "order": order},
        )
    invited_at = datetime.combine(today - timedelta(days=30), time(9), UTC)
    speakers = {}
    for row in plan["speakers"]:
        speakers[row["code"]], _ = Speaker.objects.update_or_create(
            event=event,
            code=row["code"],
            defaults={
                **{k: v for k, v in row.items() if k != "code"},
                "state": SpeakerState.CONFIRMED,
                "invited_at": invited_at,
                "responded_at": invited_at + timedelta(days=3),
            },
        )
    # Three people have not answered yet and one declined; none holds a role.
    for code, state in zip(
        plan["unused"][-4:], [SpeakerState.INVITED] * 3 + [SpeakerState.DECLINED], strict=True
    ):
        speakers[code].state = state
        speakers[code].responded_at = (
            None if state == SpeakerState.INVITED else speakers[code].responded_at
        )
        speakers[code].save(update_fields=["state", "responded_at"])

    sessions = {}
    wanted_roles = set()
    for row in plan["sessions"]:
        session, _ = Session.objects.update_or_create(
            event=event,
            code=row["code"],
            defaults={
                **{key: row[key] for key in row if key.startswith(("title", "abstract"))},
                "kind": row["kind"],
                "room": rooms.get(row["room"]),
                "track": tracks.get(row["track"]),
                "start": row["start"],
                "end": row["end"],
                "spoken_language": row["spoken_language"],
                "interpretation_languages": row["interpretation_languages"],
                "expected_attendance": row["expected_attendance"],
                "state": row.get("state", SessionState.CONFIRMED),
            },
        )
        sessions[row["code"]] = session
        for speaker_code, role, order in row["roles"]:
            SessionRole.objects.update_or_create(
                session=session,
                speaker=speakers[speaker_code],
                role=role,
                defaults={"order": order},
            )
            wanted_roles.add((session.pk, speakers[speaker_code].pk, role))
    for role in SessionRole.objects.filter(session__in=sessions.values()):
        if (role.session_id, role.speaker_id, role.role) not in wanted_roles:
            role.delete()

    first_publish = not ScheduleVersion.objects.filter(event=event).exists()
    if first_publish:
        schedule_publish(event=event, comment="First programme.", user=None, notify=False)

    # Edits between versions 1 and 2, chosen by the same generator.
    rng = plan["rng"]
    panels = _panels(plan)
    moved, cancelled, retitled, grown = rng.sample(panels, 4)
    session = sessions[moved["code"]]
    session.start = datetime.combine(
        session.start.astimezone(event.tzinfo).date(), time(17, 45), tzinfo=event.tzinfo
    )
    session.end = session.start + timedelta(minutes=90)
    session.save(update_fields=["start", "end"])
    if sessions[cancelled["code"]].state != SessionState.CANCELLED:
        session_cancel(
            session=sessions[cancelled["code"]], user=None
        )  # restorable, as the log says
    first_part = {
        code: retitled[key].split(":")[0].rstrip()
        for code, key in (("en", "title"), ("fr", "title_fr"), ("es", "title_es"))
        if retitled[key]
    }
    round_table = dict(
        zip(
            ("en", "fr", "es"), ("{first}: a practitioners' round table", *ROUND_TABLE), strict=True
        )
    )
    Session.objects.filter(pk=sessions[retitled["code"]].pk).update(
        **{
            f"title_{code}": round_table[code].format(first=first)
            for code, first in first_part.items()
        }
    )
    newcomer = speakers[plan["unused"][0]]
    SessionRole.objects.update_or_create(
        session=sessions[grown["code"]],
        speaker=newcomer,
        role=RoleKind.PANELLIST,
        defaults={"order": 9},
    )
    if first_publish:
        schedule_publish(
            event=event,
            comment="Room and time changes; one workshop cancelled; a new panellist.",
            user=None,
            notify=False,
        )

    if double_booking:
        _double_book(event=event, plan=plan, panels=panels, moved=moved, cancelled=cancelled)
    return {
        "rooms": len(rooms),
        "tracks": len(tracks),
        "speakers": len(speakers),
        "sessions": len(sessions),
        "versions": ScheduleVersion.objects.filter(event=event).count(),
    }


def _panels(plan: dict) -> list[dict]:
    return [s for s in plan["sessions"] if s["kind"] in (SessionKind.PANEL, SessionKind.WORKSHOP)]


def _double_book(*, event: Event, plan: dict, panels: list, moved: dict, cancelled: dict) -> None:
    """The deliberate conflict, unpublished: a panellist also put in a parallel session."""
    slot = [
        s
        for s in plan["sessions"]
        if s["start"] == panels[0]["start"] and s["roles"] and s is not moved and s is not cancelled
    ]
    first, second = slot[0], slot[1]
    SessionRole.objects.update_or_create(
        session=Session.objects.get(event=event, code=second["code"]),
        speaker=Speaker.objects.get(event=event, code=first["roles"][1][0]),
        role=RoleKind.SPEAKER,
        defaults={"order": 8},
    )


@transaction.atomic
def seed_double_booking(*, event: Event, organisations: list[Organisation]) -> None:
    """Add the working copy's deliberate conflict that ``seed_programme(double_booking=False)``
    left out: drawn again from the same plan, so it is the same speaker and session."""
    plan = _plan(event=event, organisations=organisations)
    panels = _panels(plan)
    moved, cancelled, _retitled, _grown = plan["rng"].sample(panels, 4)
    _double_book(event=event, plan=plan, panels=panels, moved=moved, cancelled=cancelled)


# Sessions the demo's first confirmed registrant keeps in their personal agenda: the opening,
# two parallel sessions and the workshop that version 2 cancelled (so the private feed shows
# a cancellation).
BOOKMARKED_INDEXES = (0, 6, 14)


@transaction.atomic
def seed_bookmarks(*, event: Event) -> int:
    """Bookmark a few published sessions for one confirmed registration; returns how many.

    Rows are written directly: the cancelled session could no longer be bookmarked through
    ``bookmark_add``, but a real agenda would hold it from before the cancellation.
    """
    registration = (
        Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED)
        .order_by("pk")
        .first()
    )
    programme = programme_latest(event=event, lang=None)
    if registration is None or programme is None:
        return 0
    live = [s for s in programme.sessions if not s.is_cancelled]
    codes = [live[i].code for i in BOOKMARKED_INDEXES if i < len(live)]
    codes += [s.code for s in programme.sessions if s.is_cancelled][:1]
    for code in codes:
        Bookmark.objects.get_or_create(registration=registration, session_code=code)
    return len(codes)
