"""The organisers' workspace on a tablet held upright (768×1024): every main page fits the
screen's width (a wide table scrolls inside its own box, never the page), shows its
navigation and its form or table, and has no serious accessibility violation."""

from datetime import date

import pytest

from api.services.keys import partner_key_issue
from events.rules import TEAM_PERMISSIONS
from events.services.teams import team_add_member
from sessions.services.sessions import session_cancel
from tests.browser import log_in
from tests.factories import CategoryFactory, EventFactory, UserFactory, register
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

TABLET = {"width": 768, "height": 1024}

# Each workspace page and the form or table it is for.
PAGES = [
    ("sessions", "sessions/", "#sessions"),
    ("session-edit", "sessions/OPEN/", "#session-form"),
    ("speakers", "speakers/", "#speakers"),
    ("rooms", "rooms/", "#rooms"),
    ("tracks", "tracks/", "#tracks"),
    ("registrations", "registrations/", "#registrations"),
    ("categories", "registrations/categories/", "#categories"),
    ("timetable", "timetable/", ".tt-grid"),
    ("settings", "settings/", "#event-settings"),
    ("team", "team/", ".team-members"),
    ("partners", "partners/", "#partner-keys"),
    ("audit-log", "audit/", "#audit-log"),
]


@pytest.fixture
def busy_forum(transactional_db):
    """An event with long names everywhere and more rooms than a tablet shows side by side."""
    event = EventFactory(
        name="Mayoral Forum on Mobility, Migration and Development — Quito 2031",
        slug="quito",
        timezone="America/Guayaquil",
        start_date=date(2031, 10, 14),
        end_date=date(2031, 10, 16),
        capacity=500,
        registration_open=True,
    )
    organiser = UserFactory(username="aminata", first_name="Aminata", last_name="Touré")
    team_add_member(
        event=event,
        team_name="Secretariat",
        user=organiser,
        **dict.fromkeys(TEAM_PERMISSIONS, True),
    )
    rooms = [
        RoomFactory(event=event, name=name, capacity=capacity, order=order)
        for order, (name, capacity) in enumerate(
            [
                ("Plenary Hall of the Municipal Palace", 800),
                ("Sala Pichincha", 120),
                ("Sala Cotopaxi", 80),
                ("Sala Chimborazo", 60),
                ("Auditorio Benjamín Carrión", 300),
                ("Terraza del Centro Cultural Metropolitano", 40),
            ]
        )
    ]
    track = TrackFactory(event=event, name="Climate mobility and the right to the city")
    chair = SpeakerFactory(
        event=event,
        honorific="Her Excellency",
        name="María Fernanda Espinosa Garcés de la Torre",
        organisation_name="Municipalidad Metropolitana de Quito — Secretaría de Movilidad",
        email="maria.fernanda.espinosa.garces@municipalidad-metropolitana.quito.gob.ec",
    )
    opening = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary: cities as first responders to displacement and climate change",
        track=track,
        room=rooms[0],
        start=at(event, 0, 9),
        end=at(event, 0, 10, 30),
    )
    SessionRoleFactory(session=opening, speaker=chair, role="chair")
    for number, room in enumerate(rooms[1:], start=1):
        SessionFactory(
            event=event,
            code=f"PNL{number}",
            title=f"Parallel panel {number}: labour pathways and skills recognition in cities",
            room=room,
            start=at(event, 0, 11),
            end=at(event, 0, 12),
        )
    cancelled = SessionFactory(
        event=event, code="SIDE", title="Side event", room=None, start=None, end=None
    )
    session_cancel(session=cancelled, user=organiser)
    delegates = CategoryFactory(
        event=event, name="Mayors, deputy mayors and heads of city delegations", capacity=300
    )
    CategoryFactory(event=event, name="Press and accredited media", capacity=40)
    for n in range(3):
        register(
            delegates,
            given_name="Juan Sebastián Alejandro",
            family_name=f"Villavicencio Montúfar {n}",
            email=f"juan.sebastian.villavicencio{n}@gobierno-autonomo-descentralizado.gob.ec",
        )
    partner_key_issue(
        event=event, name="Regional network of cities — data portal integration", user=organiser
    )
    return event


def test_workspace_pages_fit_a_tablet_held_upright(
    live_server, page, busy_forum, screenshot, axe_serious
):
    page.set_viewport_size(TABLET)
    log_in(page, live_server, username="aminata", next_path="/en/manage/")

    overflow, hidden, violations = {}, {}, {}
    for name, path, main in PAGES:
        page.goto(f"{live_server.url}/en/manage/quito/{path}")
        # [page width, screen width]: the page itself must never scroll sideways.
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1] + 1:
            overflow[name] = widths
        missing = [
            selector
            for selector in ("nav.subnav", main)
            if not page.locator(selector).first.is_visible()
        ]
        if missing:
            hidden[name] = missing
        violations[name] = axe_serious(page)
        screenshot(page, f"tablet-{name}")

    assert overflow == {}
    assert hidden == {}
    assert {name: found for name, found in violations.items() if found} == {}
    assert page.js_errors == []
