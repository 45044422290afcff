#!/usr/bin/env python
"""A deterministic synthetic forum: N sessions, 1.5·N speakers, 10 rooms, 3 days, published.

Rows are written as organisers' tools write them, sessions are placed with the programme's
own ``session_schedule`` service, and the programme is frozen with ``schedule_publish``.

    DJANGO_DEBUG=1 python bench/generate.py --sessions 400 --slug bench-400
"""

import argparse
import os
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["plenary", "panel", "panel", "workshop", "side_event", "field_visit"]
ROLES = ["chair", "moderator", "speaker", "panellist", "rapporteur"]
LANGS = ["en", "fr", "es"]


def generate(*, sessions: int, slug: str, seed: int = 6) -> int:
    """Create (or replace) the event ``slug`` and publish its programme; returns the version."""
    from zoneinfo import ZoneInfo

    from events.models import Event, Organisation
    from sessions.models import Room, Session, SessionRole, Speaker, Track
    from sessions.services.schedule import schedule_publish
    from sessions.services.sessions import session_schedule

    rng = random.Random(seed)
    Event.objects.filter(slug=slug).delete()
    start = date(2031, 5, 12)
    event = Event.objects.create(
        name=f"Benchmark Forum {slug}",
        slug=slug,
        host_city="Quito",
        host_country="EC",
        start_date=start,
        end_date=start + timedelta(days=2),
        timezone="America/Guayaquil",
        languages=LANGS,
        status="published",
    )
    tz = ZoneInfo(event.timezone)
    rooms = Room.objects.bulk_create(
        Room(
            event=event,
            name=f"Room {i:02d}",
            name_fr=f"Salle {i:02d}",
            name_es=f"Sala {i:02d}",
            capacity=50 + 25 * i,
            has_booths=i % 2 == 0,
            order=i,
        )
        for i in range(10)
    )
    tracks = Track.objects.bulk_create(
        Track(
            event=event,
            name=f"Theme {i}",
            name_fr=f"Thème {i}",
            name_es=f"Tema {i}",
            colour=f"#{i * 20 + 10:02x}5394",
            order=i,
        )
        for i in range(6)
    )
    organisations = []
    for i in range(20):
        org, _created = Organisation.objects.get_or_create(
            slug=f"bench-city-{i}",
            defaults={"name": f"Bench City {i}", "kind": "local_authority", "country": "EC"},
        )
        organisations.append(org)
    speakers = Speaker.objects.bulk_create(
        Speaker(
            event=event,
            code=f"P{i:05d}",
            honorific=rng.choice(["", "Mayor", "Dr", "H.E."]),
            name=f"Speaker {i:05d}",
            position="Mayor",
            position_fr="Maire",
            position_es="Alcalde" if i % 3 else "",
            organisation=organisations[i % len(organisations)],
            biography="A long-serving local leader. " * 4,
            biography_fr="Une élue locale de longue date. " * 4,
            biography_es="Una líder local con larga trayectoria. " * 4 if i % 3 else "",
            email=f"speaker{i}@example.org",
            state="confirmed",
        )
        for i in range(int(sessions * 1.5))
    )
    created = Session.objects.bulk_create(
        Session(
            event=event,
            code=f"S{i:05d}",
            title=f"Session {i}: cities and mobility",
            title_fr=f"Séance {i} : villes et mobilité",
            title_es=f"Sesión {i}: ciudades y movilidad" if i % 3 else "",
            abstract="How cities welcome newcomers. " * 6,
            abstract_fr="Comment les villes accueillent les nouveaux arrivants. " * 6,
            abstract_es="Cómo acogen las ciudades a los recién llegados. " * 6 if i % 3 else "",
            kind=rng.choice(KINDS),
            track=rng.choice(tracks),
            spoken_language=rng.choice(LANGS),
            interpretation_languages=rng.sample(LANGS, 2),
            state="confirmed",
        )
        for i in range(sessions)
    )
    slots_per_day = -(-sessions // (3 * len(rooms)))
    for i, session in enumerate(created):
        day, rest = divmod(i, slots_per_day * len(rooms))
        slot, room = divmod(rest, len(rooms))
        begin = datetime.combine(start + timedelta(days=day), time(8), tzinfo=tz)
        begin += timedelta(minutes=30 * slot)
        session_schedule(
            session=session, start=begin, end=begin + timedelta(minutes=30), room=rooms[room]
        )
    SessionRole.objects.bulk_create(
        SessionRole(session=session, speaker=speaker, role=rng.choice(ROLES), order=k)
        for i, session in enumerate(created)
        for k, speaker in enumerate(
            {speakers[(i * 3 + j) % len(speakers)] for j in range(rng.randint(1, 4))}
        )
    )
    version = schedule_publish(event=event, comment="Benchmark programme", user=None, notify=False)
    return version.number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=400)
    parser.add_argument("--slug", default="bench-400")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    import django

    django.setup()
    number = generate(sessions=args.sessions, slug=args.slug)
    print(f"{args.slug}: {args.sessions} sessions published as version {number}", flush=True)


if __name__ == "__main__":
    main()
