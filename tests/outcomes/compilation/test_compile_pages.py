from datetime import date

import pytest

from outcomes.models import StatementSource, StatementVersion
from outcomes.services.compilation import statement_compile
from outcomes.services.statements import statement_adopt, statement_open_consultation
from sessions.models import ScheduleVersion
from tests.factories import CategoryFactory, EventFactory, register
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db

URL = "/en/manage/dakar/statements/dakar-declaration/"


@pytest.fixture
def statement(event, organiser, make_statement):
    return make_statement(event, organiser)


def reports(event, make_report, count, **kwargs):
    return [
        make_report(event, f"S{n}", [{"en": f"Message {n}a."}, {"en": f"Message {n}b."}], **kwargs)
        for n in range(count)
    ]


def test_compile_page_shows_reports_and_posting_creates_the_version(
    client, event, organiser, statement, make_report
):
    water = TrackFactory(event=event, name="Water")
    first, _second = [
        *reports(event, make_report, 1, track=water),
        make_report(event, "T1", [{"fr": "Les villes agissent."}]),
    ]
    m1, m2 = first.messages.order_by("position")
    client.force_login(organiser)

    page = client.get(URL + "compile/").content.decode()
    filtered = client.get(URL + f"compile/?track={water.pk}").content.decode()
    response = client.post(
        URL + "compile/",
        {
            f"pick_{m1.pk}": "on",
            f"section_{m1.pk}": "nos-engagements",
            f"pick_{m2.pk}": "",
            f"section_{m2.pk}": "+new",
            "new_section_title": "",
            "note": "From the sessions",
        },
    )
    again = client.get(URL + "compile/").content.decode()

    assert 'id="report-' in page and "S0 <span>Session S0</span>" in page
    assert "Mayor Rapporteur S0" in page and "Water" in page
    assert "<strong>share</strong>" in page  # the report's sections, rendered
    assert "T1" in page and "T1" not in filtered
    assert response.status_code == 302 and response["Location"] == URL
    version = StatementVersion.objects.get(statement=statement, number=2)
    assert version.note == "From the sessions"
    assert list(StatementSource.objects.values_list("message_id", "section")) == [
        (m1.pk, "nos-engagements")
    ]
    assert f'name="pick_{m1.pk}"' not in again and f'name="pick_{m2.pk}"' in again
    assert "Already in the text." in again
    detail = client.get(URL).content.decode()
    assert f'id="compile-link" href="{URL}compile/"' in detail
    # Sections named in the anchor language (French), the line in the page's language.
    assert '<h3 lang="fr">' in detail
    assert "Source: S0 <span>Session S0</span> — rapporteurs’ report" in detail


def test_compile_page_refuses_a_new_section_without_heading(
    client, event, organiser, statement, make_report
):
    (report,) = reports(event, make_report, 1)
    message = report.messages.order_by("position").first()
    client.force_login(organiser)

    response = client.post(
        URL + "compile/",
        {f"pick_{message.pk}": "on", f"section_{message.pk}": "+new", "new_section_title": " "},
    )

    assert response.status_code == 200
    assert "Give the new section a heading." in response.content.decode()
    assert StatementVersion.objects.filter(statement=statement).count() == 1


def test_other_events_organiser_gets_404(client, organiser_of, statement, event, make_report):
    (report,) = reports(event, make_report, 1)
    message = report.messages.first()
    intruder = organiser_of(EventFactory(slug="berlin"), can_manage_outcomes=True)
    client.force_login(intruder)

    got = client.get(URL + "compile/")
    posted = client.post(
        URL + "compile/", {f"pick_{message.pk}": "on", f"section_{message.pk}": "preamble"}
    )

    assert (got.status_code, posted.status_code) == (404, 404)
    assert StatementVersion.objects.count() == 1 and not StatementSource.objects.exists()


@pytest.mark.parametrize("count", [2, 8])
def test_compile_page_query_count(
    client, event, organiser, statement, make_report, count, django_assert_num_queries
):
    reported = reports(event, make_report, count)
    statement_compile(
        statement=statement,
        picks=[(reported[0].messages.first(), "preamble")],
        user=organiser,
    )
    client.force_login(organiser)
    client.get(URL + "compile/")

    # session, user, event, team flags, statement, latest version, tracks, reports,
    # messages, rapporteurs, sourced messages
    with django_assert_num_queries(11):
        response = client.get(URL + "compile/")

    assert response.content.decode().count('class="key-message"') == 2 * count


@pytest.fixture
def participant(event):
    return register(CategoryFactory(event=event), language="en")


def compile_all(statement, organiser, reported):
    return statement_compile(
        statement=statement,
        picks=[(m, "nos-engagements") for r in reported for m in r.messages.all()],
        user=organiser,
    )


def test_consultation_view_shows_the_sources_of_each_section(
    client, event, organiser, statement, make_report, participant
):
    published = make_report(event, "S1", [{"en": "Buses for all."}], published=True)
    private = make_report(event, "S2", [{"en": "Trains for all."}], title="Rail")
    compile_all(statement, organiser, [published, private])
    statement_open_consultation(statement=statement, user=organiser)
    ScheduleVersion.objects.create(
        event=event, number=1, snapshot={"sessions": [{"code": "S1"}]}, changes={}
    )
    _registration, token = participant

    html = client.get(f"/en/r/{token}/statements/?text=en").content.decode()

    section = html[html.index('id="section-our-commitments"') : html.index("section-services")]
    session_url = "/en/events/dakar/programme/sessions/S1/"
    assert (
        f'Source: <a href="{session_url}">S1 <span>Session S1</span></a> — '
        f'<a href="{session_url}#session-report">rapporteurs’ report</a>'
    ) in section
    # S2 is not in the published programme: its title is not public, so it is not named.
    assert "Rail" not in html
    assert html.count('class="section-source"') == 1


@pytest.mark.parametrize("count", [2, 8])
def test_consultation_view_query_count(
    client,
    event,
    organiser,
    statement,
    make_report,
    participant,
    count,
    django_assert_num_queries,
):
    compile_all(statement, organiser, reports(event, make_report, count))
    statement_open_consultation(statement=statement, user=organiser)
    ScheduleVersion.objects.create(
        event=event,
        number=1,
        snapshot={"sessions": [{"code": f"S{n}"} for n in range(count)]},
        changes={},
    )
    _registration, token = participant
    url = f"/en/r/{token}/statements/?text=en"
    client.get(url)

    # registration, statements, latest versions, own comments, sources, published programme
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()

    assert html.count('class="section-source"') == count


def test_public_statement_page_shows_sources(client, event, organiser, make_statement, make_report):
    report = make_report(event, "S1", [{"en": "Buses for all."}])
    draft_session = make_report(event, "S2", [{"en": "Trains for all."}], title="Rail")
    draft = make_statement(event, organiser, slug="other")
    version = compile_all(draft, organiser, [report, draft_session])
    statement_adopt(statement=draft, version=version, adopted_on=date(2031, 3, 5), user=organiser)
    ScheduleVersion.objects.create(
        event=event, number=1, snapshot={"sessions": [{"code": "S1"}]}, changes={}
    )

    html = client.get("/en/events/dakar/statements/other/?text=en").content.decode()

    session_url = "/en/events/dakar/programme/sessions/S1/"
    assert (
        f'Source: <a href="{session_url}">S1 <span>Session S1</span></a> — rapporteurs’ report'
    ) in html
    # A session outside the published programme is never named on a public page.
    assert "Rail" not in html and 'data-session="S2"' not in html
    assert "Rapporteur" not in html  # names stay on the organisers' page
