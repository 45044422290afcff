import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import AuditAction, AuditEntry
from forum.errors import ServiceError
from sessions.enums import SpeakerState
from sessions.models import SessionRole, Speaker
from sessions.selectors.speakers import speaker_get_by_token
from sessions.services.speakers import speaker_invite, speaker_merge
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_programme=True)


@pytest.fixture
def manager(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def twins(event):
    """One mayor entered twice: roles in three sessions, two of them shared (one with the same
    role, one with different roles), and complementary empty fields."""
    keep = SpeakerFactory(
        event=event,
        code="KEEP01",
        honorific="",
        name="Amina Diallo",
        position="Mayor of Dakar",
        organisation_name="",
        biography="",
        email="",
        state=SpeakerState.CONFIRMED,
        invited_at=timezone.now(),
    )
    other = SpeakerFactory(
        event=event,
        code="DUPL01",
        honorific="Mayor",
        name="A. Diallo",
        position="Deputy",
        organisation_name="City of Dakar",
        biography="Mayor since 2022.",
        email="amina@example.org",
        state=SpeakerState.INVITED,
        invited_at=None,
    )
    opening = SessionFactory(event=event, code="OPEN")
    panel = SessionFactory(event=event, code="PANEL")
    closing = SessionFactory(event=event, code="CLOSE")
    SessionRoleFactory(session=opening, speaker=keep, role="chair")
    SessionRoleFactory(session=opening, speaker=other, role="chair")  # the same role twice
    SessionRoleFactory(session=panel, speaker=keep, role="speaker")
    SessionRoleFactory(session=panel, speaker=other, role="panellist")  # another role, same session
    SessionRoleFactory(session=closing, speaker=other, role="rapporteur", order=3)
    return keep, other


def roles(event) -> list[tuple[str, str, str, int]]:
    return sorted(
        SessionRole.objects.filter(session__event=event).values_list(
            "session__code", "speaker__code", "role", "order"
        )
    )


def test_speaker_merge_moves_roles_collapses_duplicates_fills_fields_deletes_other(
    event, organiser, twins
):
    keep, other = twins
    other_pk = other.pk

    merged = speaker_merge(keep=keep, other=other, actor=organiser)

    assert merged.pk == keep.pk
    assert not Speaker.objects.filter(pk=other_pk).exists()
    assert list(Speaker.objects.filter(event=event).values_list("code", flat=True)) == ["KEEP01"]
    assert roles(event) == [
        ("CLOSE", "KEEP01", "rapporteur", 3),
        ("OPEN", "KEEP01", "chair", 0),
        ("PANEL", "KEEP01", "speaker", 0),
    ]
    keep.refresh_from_db()
    assert (
        keep.honorific,
        keep.name,
        keep.position,
        keep.organisation_name,
        keep.biography,
        keep.email,
        keep.state,
    ) == (
        "Mayor",
        "Amina Diallo",
        "Mayor of Dakar",
        "City of Dakar",
        "Mayor since 2022.",
        "amina@example.org",
        SpeakerState.CONFIRMED,
    )

    merged_entry = AuditEntry.objects.get(object_id=str(keep.pk), content_type__model="speaker")
    assert (merged_entry.action, merged_entry.actor, merged_entry.event) == (
        AuditAction.MERGED,
        organiser,
        event,
    )
    assert merged_entry.changes == {
        "biography_en": [None, "Mayor since 2022."],
        "email": ["", "amina@example.org"],
        "honorific": ["", "Mayor"],
        "organisation_name": ["", "City of Dakar"],
    }
    assert merged_entry.note == (
        "Merged Mayor A. Diallo (DUPL01) into this speaker. Roles moved: 1 (CLOSE Rapporteur). "
        "Duplicate roles removed: 2 (OPEN Chair, PANEL Panellist)."
    )
    deleted_entry = AuditEntry.objects.get(object_id=str(other_pk), content_type__model="speaker")
    assert (deleted_entry.action, deleted_entry.note) == (
        AuditAction.DELETED,
        "Merged into Mayor Amina Diallo (KEEP01).",
    )


def test_speaker_merge_takes_over_the_invitation_when_only_the_other_was_invited(
    event, django_capture_on_commit_callbacks
):
    keep = SpeakerFactory(event=event, state=SpeakerState.INVITED, invited_at=None, email="")
    other = SpeakerFactory(event=event, state=SpeakerState.INVITED, email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        token = speaker_invite(speaker=other)

    speaker_merge(keep=keep, other=other)

    assert speaker_get_by_token(event=event, token=token) == keep
    keep.refresh_from_db()
    assert (keep.email, keep.state, keep.invited_at is not None) == (
        "a@example.org",
        SpeakerState.INVITED,
        True,
    )


@pytest.mark.parametrize("case", ["itself", "other_event"])
def test_speaker_merge_refused_nothing_written(event, twins, case):
    keep, other = twins
    if case == "itself":
        other, code = keep, "same"
    else:
        other, code = SpeakerFactory(event=EventFactory(), name="A. Diallo"), "event"
    before = roles(event)

    with pytest.raises(ServiceError) as exc:
        speaker_merge(keep=keep, other=other)

    assert exc.value.code == code
    assert roles(event) == before
    assert Speaker.objects.count() == (2 if case == "itself" else 3)
    assert not AuditEntry.objects.exists()


def test_speaker_merge_page_compares_and_merges(event, manager, twins):
    keep, other = twins

    page = manager.get(url("speaker_merge", event), {"speaker": [keep.code, other.code]})
    response = manager.post(
        url("speaker_merge", event), {"speaker": [keep.code, other.code], "keep": keep.code}
    )

    html = page.content.decode()
    assert 'id="merge-compare"' in html
    assert "Which record stays?" in html
    assert response["Location"] == url("speaker_edit", event, code=keep.code)
    assert list(Speaker.objects.values_list("code", flat=True)) == ["KEEP01"]
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        AuditAction.DELETED,
        AuditAction.MERGED,
    ]


@pytest.mark.parametrize(
    "codes",
    [["KEEP01"], ["KEEP01", "KEEP01"], ["KEEP01", "DUPL01", "OTHER1"], ["KEEP01", "FOREIGN"]],
)
def test_speaker_merge_page_needs_two_of_this_events_speakers(event, manager, twins, codes):
    SpeakerFactory(event=EventFactory(), code="FOREIGN")
    before = roles(event)

    response = manager.post(
        url("speaker_merge", event), {"speaker": codes, "keep": "KEEP01"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Choose exactly two of this event's speakers to merge."
    ]
    assert roles(event) == before
    assert Speaker.objects.filter(event=event).count() == 2
    assert not AuditEntry.objects.exists()


def test_speaker_merge_page_keep_must_be_one_of_the_two(event, manager, twins):
    keep, other = twins

    response = manager.post(
        url("speaker_merge", event), {"speaker": [keep.code, other.code], "keep": "ELSE"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["keep"]
    assert Speaker.objects.filter(event=event).count() == 2


@pytest.mark.django_db(transaction=True)
def test_race_two_organisers_merge_one_pair_in_opposite_directions():
    from collections import Counter

    from tests.concurrency import race

    event = EventFactory()
    first = SpeakerFactory(event=event, code="FIRST1")
    second = SpeakerFactory(event=event, code="SECOND")
    SessionRoleFactory(session=SessionFactory(event=event, code="A"), speaker=first)
    SessionRoleFactory(session=SessionFactory(event=event, code="B"), speaker=second)
    pairs = [(first, second), (second, first)]

    def work(i):
        keep, other = pairs[i]
        return speaker_merge(keep=keep, other=other).code and "merged"

    outcomes = race(2, work, refusals=(ServiceError,))

    assert outcomes == Counter({"merged": 1, "gone": 1})
    [survivor] = Speaker.objects.filter(event=event)
    assert sorted(SessionRole.objects.values_list("session__code", "speaker__code")) == [
        ("A", survivor.code),
        ("B", survivor.code),
    ]
    assert list(
        AuditEntry.objects.filter(action=AuditAction.MERGED).values_list("object_id", flat=True)
    ) == [str(survivor.pk)]


def test_speaker_merge_keeps_each_language_and_fills_blank_ones(event, organiser):
    keep = SpeakerFactory(
        event=event,
        code="KEEP02",
        position="Mayor of Dakar",
        position_fr="",
        biography="",
        biography_fr="Maire depuis 2022.",
    )
    other = SpeakerFactory(
        event=event,
        code="DUPL02",
        position="Deputy",
        position_fr="Maire de Dakar",
        biography="Mayor since 2022.",
        biography_fr="Adjointe.",
        biography_es="Alcaldesa desde 2022.",
    )

    speaker_merge(keep=keep, other=other, actor=organiser)

    assert Speaker.objects.rewrite(False).filter(pk=keep.pk).values(
        "position",
        "position_en",
        "position_fr",
        "biography",
        "biography_en",
        "biography_fr",
        "biography_es",
    ).get() == {
        "position": "Mayor of Dakar",
        "position_en": "Mayor of Dakar",
        "position_fr": "Maire de Dakar",
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "Maire depuis 2022.",
        "biography_es": "Alcaldesa desde 2022.",
    }
    entry = AuditEntry.objects.get(object_id=str(keep.pk), content_type__model="speaker")
    assert entry.changes == {
        "biography_en": [None, "Mayor since 2022."],
        "biography_es": [None, "Alcaldesa desde 2022."],
        "position_fr": [None, "Maire de Dakar"],
    }


def test_speaker_merge_page_compares_each_language(event, manager):
    event.languages = ["fr", "en"]
    event.save(update_fields=["languages"])
    keep = SpeakerFactory(
        event=event,
        code="KEEP03",
        name="Ana A",
        position="Mayor",
        position_fr="Maire",
        biography="",
    )
    other = SpeakerFactory(
        event=event,
        code="DUPL03",
        name="Ana B",
        position="",
        position_ar="رئيسة البلدية",
        biography="",
    )

    page = manager.get(url("speaker_merge", event), {"speaker": [keep.code, other.code]})

    rows = {
        key: [(row.label, row.lang, row.values) for row in page.context[key]]
        for key in ("positions", "biographies")
    }
    assert rows == {
        "positions": [
            ("Position (French)", "fr", ["Maire", ""]),
            ("Position (English)", "en", ["Mayor", ""]),
            ("Position (Arabic)", "ar", ["", "رئيسة البلدية"]),
        ],
        "biographies": [("Biography", "", ["", ""])],
    }
    assert '<td lang="ar" dir="rtl">رئيسة البلدية</td>' in page.content.decode()
