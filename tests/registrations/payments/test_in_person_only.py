"""Badges, visa invitation letters and check-in are for in-person participants only: the
services refuse online registrants, a badge sheet leaves them out and says how many, and
neither the organisers' pages nor the registrant's own pages offer them these documents."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import get_messages

from events.models import AuditEntry
from registrations.enums import Participation
from registrations.enums import RegistrationState as S
from registrations.models import CheckIn, Registration, Ticket, VisaLetter
from registrations.selectors.payments import badge_counts, check_in_summary
from registrations.services.checkin import (
    CheckInStatus,
    ticket_check_in,
    ticket_revoke,
    ticket_secret,
    ticket_secrets,
)
from registrations.services.documents import (
    badge_available,
    badges_pdf,
    badges_sheet_pdf,
    visa_letter_available,
    visa_letter_issue,
    visa_letter_pdf,
    visa_letter_verify,
)
from registrations.services.in_person import InPersonOnly
from registrations.services.registrations import (
    DetailsRefused,
    details_refusals,
    registration_create,
)
from tests.factories import CategoryFactory, EventFactory, person, register
from tests.registrations.payments.test_documents import pdf_text, qr_codes

pytestmark = pytest.mark.django_db

BADGE_ONLINE = "Badges are printed for in-person participants only."
LETTER_ONLINE = (
    "Visa invitation letters are issued to in-person participants only: online participants "
    "do not travel to the forum."
)


def online(registration, *, requested_at=None):
    """Arrange a registrant who takes part online (the mode's own services are tested with
    the seat/waitlist state machine); ``requested_at``: waiting for an in-person seat."""
    Registration.objects.filter(pk=registration.pk).update(
        participation=Participation.ONLINE, in_person_requested_at=requested_at
    )
    registration.refresh_from_db()
    return registration


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def event(db):
    return EventFactory(
        registration_open=True,
        name="Mayoral Forum Quito",
        slug="quito",
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
    )


@pytest.fixture
def delegates(event):
    return CategoryFactory(
        event=event, name="Delegate", order=1, visa_letter_offered=True, online_offered=True
    )


@pytest.fixture
def letter_details():
    return {
        "visa_letter_requested": True,
        "passport_number": "C1234567",
        "passport_expiry": date(2033, 5, 1),
        "date_of_birth": date(1984, 2, 29),
    }


@pytest.fixture
def desk(event, organiser_of):
    return organiser_of(event, username="desk", can_manage_registrations=True)


# --- services ----------------------------------------------------------------------------------


def test_visa_letter_is_refused_to_an_online_registrant(delegates, letter_details):
    registration, _token = register(delegates, **letter_details)
    online(registration)

    for issue in (visa_letter_issue, visa_letter_pdf):
        with pytest.raises(InPersonOnly) as refused:
            issue(registration=registration)
        assert (refused.value.code, str(refused.value.message)) == (
            "visa_letter_online",
            LETTER_ONLINE,
        )
    assert visa_letter_available(registration) is False
    assert VisaLetter.objects.count() == 0


def test_a_visa_letter_request_is_refused_when_taking_part_online(delegates, letter_details):
    def codes(mode, **overrides):
        return [
            r.code
            for r in details_refusals(
                person(**(letter_details | overrides)),
                event=delegates.event,
                category=delegates,
                today=date(2031, 1, 10),
                participation=mode,
            )
        ]

    assert codes(Participation.ONLINE) == ["visa_letter_online"]
    assert codes(Participation.ONLINE, visa_letter_requested=False) == []
    assert codes(Participation.IN_PERSON) == []
    # The service refuses it too, registering nobody.
    with pytest.raises(DetailsRefused) as refused:
        registration_create(
            event=delegates.event,
            category_id=delegates.pk,
            person=person(**letter_details),
            participation=Participation.ONLINE,
        )
    assert (refused.value.code, str(refused.value.message)) == (
        "visa_letter_online",
        LETTER_ONLINE,
    )
    assert Registration.objects.count() == 0


def test_a_letter_stops_verifying_once_its_holder_takes_part_online(delegates, letter_details):
    registration, _token = register(delegates, **letter_details)
    reference = visa_letter_issue(registration=registration).reference

    before = visa_letter_verify(reference=reference)
    online(registration)
    after = visa_letter_verify(reference=reference)

    holder = f"{registration.given_name} {registration.family_name}"
    assert (before.valid, before.holder) == (True, holder)
    assert (after.valid, after.holder) == (False, "")


def test_badge_and_ticket_are_refused_to_an_online_registrant(delegates, desk):
    registration, _token = register(delegates)
    online(registration)

    refusals = []
    for make in (
        lambda: badges_pdf(registrations=[registration]),
        lambda: ticket_secret(registration=registration),
        lambda: ticket_secrets(registrations=[registration]),
        lambda: ticket_revoke(registration=registration, user=desk),
    ):
        with pytest.raises(InPersonOnly) as refused:
            make()
        refusals.append((refused.value.code, str(refused.value.message)))

    assert refusals == [("badge_online", BADGE_ONLINE)] * 4
    assert badge_available(registration) is False
    assert Ticket.objects.count() == 0
    assert AuditEntry.objects.filter(changes__has_key="badge").count() == 0


def test_badge_sheet_service_leaves_online_registrants_out_and_counts_them(delegates):
    people = [register(delegates, family_name=f"Delegate{i}")[0] for i in range(5)]
    online(people[1])
    online(people[3], requested_at=datetime(2031, 1, 5, tzinfo=UTC))

    sheet = badges_sheet_pdf(registrations=people)

    assert (sheet.printed, sheet.skipped_online) == (3, 2)
    assert qr_codes(sheet.content) == sorted(
        ticket_secret(registration=people[i]) for i in (0, 2, 4)
    )
    text = pdf_text(sheet.content)[0]
    assert ("Delegate1" in text, "Delegate3" in text) == (False, False)
    assert set(Ticket.objects.values_list("registration", flat=True)) == {
        people[0].pk,
        people[2].pk,
        people[4].pk,
    }


def test_badge_sheet_service_refuses_a_selection_of_online_registrants_only(delegates):
    people = [online(register(delegates)[0]) for _ in range(2)]

    with pytest.raises(InPersonOnly) as refused:
        badges_sheet_pdf(registrations=people)

    assert (refused.value.code, str(refused.value.message)) == ("badge_online", BADGE_ONLINE)
    assert Ticket.objects.count() == 0


def test_check_in_refuses_a_badge_printed_before_the_switch_to_online(delegates, event, desk):
    registration, _token = register(delegates)
    secret = ticket_secret(registration=registration)
    online(registration)

    result = ticket_check_in(event=event, secret=secret, user=desk)

    assert (result.status, result.registration, result.ok) == (
        CheckInStatus.ONLINE,
        registration,
        False,
    )
    assert CheckIn.objects.count() == 0


def test_check_in_and_badge_counts_leave_online_registrants_out(delegates, event, desk):
    here = [register(delegates)[0] for _ in range(3)]
    away = [online(register(delegates)[0]) for _ in range(2)]
    pending = register(CategoryFactory(event=event, requires_approval=True))[0]
    ticket_check_in(event=event, secret=ticket_secret(registration=here[0]), user=desk)

    summary = check_in_summary(event=event)
    counts = badge_counts(event=event)

    assert (summary.confirmed, summary.checked_in) == (3, 1)
    assert (counts.in_person, counts.online) == (3, 2)
    assert (pending.state, len(away)) == (S.PENDING_APPROVAL, 2)


# --- organiser pages ---------------------------------------------------------------------------


def test_check_in_page_says_an_online_registrant_is_refused(client, delegates, event, desk):
    register(delegates)
    registration, _token = register(delegates, given_name="Ana", family_name="Quispe")
    secret = ticket_secret(registration=registration)
    online(registration)
    client.force_login(desk)

    response = client.post("/en/manage/quito/check-in/", {"secret": secret})

    html = response.content.decode()
    assert response.context["result"].status == "online"
    assert "Refused: online participant" in html
    assert (
        "This registrant takes part online: online participants are not checked in at the "
        "venue. Send the person to the registration desk."
    ) in html
    assert 'id="check-in-name">Ana Quispe<' in html
    assert 'id="check-in-undo"' not in html
    assert "0 of 1 confirmed in-person participants checked in." in html


def test_badge_sheet_page_skips_online_registrants_and_says_how_many(
    client, event, delegates, desk
):
    press = CategoryFactory(event=event, name="Press", order=2, online_offered=True)
    people = [register(delegates, family_name=f"Delegate{i}")[0] for i in range(5)]
    online(people[0])
    online(people[4])
    journalist = online(register(press, family_name="Journalist")[0])
    client.force_login(desk)

    payments = client.get("/en/manage/quito/payments/")
    everyone = client.get("/en/manage/quito/badges.pdf")
    only_press = client.get(f"/en/manage/quito/badges.pdf?category={press.pk}")

    html = payments.content.decode()
    assert "Print A4 sheets of badges for confirmed in-person registrations of" in html
    note = html.split('id="badge-counts">')[1].split("</p>")[0]
    assert " ".join(note.split()) == (
        "3 confirmed in-person registrants get a badge. 3 confirmed online registrants are "
        "left out: online participants get no badge."
    )
    assert (everyone["Content-Type"], everyone["X-Badges-Skipped-Online"]) == (
        "application/pdf",
        "3",  # two delegates and the journalist
    )
    assert qr_codes(everyone.content) == sorted(
        ticket_secret(registration=people[i]) for i in (1, 2, 3)
    )
    assert (only_press.status_code, only_press["Location"]) == (302, "/en/manage/quito/payments/")
    assert flashed(only_press) == [
        f"{BADGE_ONLINE} 1 confirmed registrant of this selection takes part online."
    ]
    assert not Ticket.objects.filter(registration__in=[journalist, people[0]]).exists()


def test_organiser_badge_and_letter_of_an_online_registrant_are_refused(
    client, event, delegates, letter_details, organiser_of
):
    registration, _token = register(delegates, **letter_details)
    online(registration)
    client.force_login(
        organiser_of(event, can_manage_registrations=True, can_view_personal_data=True)
    )

    badge = client.get(f"/en/manage/quito/documents/{registration.reference}/badge.pdf")
    letter = client.get(f"/en/manage/quito/documents/{registration.reference}/letter.pdf")

    assert (badge.status_code, badge.content.decode()) == (409, BADGE_ONLINE)
    assert letter.status_code == 404
    assert (Ticket.objects.count(), VisaLetter.objects.count()) == (0, 0)


def test_detail_page_offers_the_badge_only_to_in_person_registrants(client, delegates, desk):
    here, _ = register(delegates)
    away = online(register(delegates)[0], requested_at=datetime(2031, 1, 5, 9, 30, tzinfo=UTC))
    client.force_login(desk)

    here_html = client.get(f"/en/manage/quito/registrations/{here.reference}/").content.decode()
    away_page = client.get(f"/en/manage/quito/registrations/{away.reference}/")
    replaced = client.post(
        f"/en/manage/quito/registrations/{away.reference}/", {"action": "badge_replace"}
    )

    away_html = away_page.content.decode()
    assert away_page.context["can_replace_badge"] is False
    assert 'id="badge-form"' in here_html and 'id="badge-form"' not in away_html
    assert f"/documents/{away.reference}/badge.pdf" not in away_html
    assert 'id="online-documents"' not in here_html
    assert (
        '<p class="notice" id="online-documents">Takes part online: no badge, visa invitation '
        "letter or check-in.</p>"
    ) in away_html
    participation = away_html.split('<div id="participation">')[1].split("</div>")[0]
    assert " ".join(participation.split()) == (
        "<dt>Participation</dt><dd><span "
        'class="badge badge-participation-online">Online</span> <span class="meta">waiting '
        "for an in-person seat since Jan. 5, 2031, 9:30 a.m.</span></dd>"
    )
    assert "badge-participation-in_person" in here_html
    assert flashed(replaced) == [BADGE_ONLINE]
    assert Ticket.objects.count() == 0


# --- the registrant's own pages ----------------------------------------------------------------


def test_manage_link_offers_no_badge_or_letter_to_an_online_registrant(
    client, delegates, letter_details
):
    registration, token = register(delegates, **letter_details)
    here, here_token = register(delegates, **letter_details)
    online(registration)

    page = client.get(f"/en/r/{token}/").content.decode()
    here_page = client.get(f"/en/r/{here_token}/").content.decode()
    badge = client.get(f"/en/r/{token}/badge.pdf")
    letter = client.get(f"/en/r/{token}/letter.pdf")

    assert 'id="documents"' not in page
    assert "badge.pdf" not in page and "letter.pdf" not in page
    assert 'id="badge-link"' in here_page and 'id="letter-link"' in here_page
    assert (badge.status_code, letter.status_code) == (404, 404)
    assert (Ticket.objects.count(), VisaLetter.objects.count()) == (0, 0)
    assert here.state == S.CONFIRMED
