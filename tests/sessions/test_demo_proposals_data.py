"""The demo's call for side events as data: every name it uses exists in the demo, and the story
it tells (15 accepted, 5 on the waiting list, …) adds up. No services needed."""

import re
import statistics
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.text import slugify

from forum.demo.organisations import ORGANISATIONS
from forum.demo.programme import ROOMS, TRACKS
from forum.demo.proposal_slots import FIELD_VISIT_SLOTS, SLOTS
from forum.demo.proposal_texts import (
    ACCEPTED,
    AFFILIATIONS,
    CLOSES_DAYS_AGO,
    COMMENTS,
    CRITERIA,
    DRAFT,
    GUIDELINES,
    MAX_PER_ORGANISATION,
    OPENS_DAYS_AGO,
    PENDING,
    PROPOSALS,
    REJECTED,
    REVIEW_TEAMS,
    REVIEWED,
    WAITLISTED,
    WITHDRAWN,
    WITHDRAWN_DRAFT,
    review_plan,
)
from sessions.enums import PROPOSAL_FORMATS, SCORE_MAX, SessionKind

LANGUAGES = {"fr", "en", "es"}
EVENT_DAYS = 3  # the Dakar edition: a Tuesday to a Thursday
SLUGS = {slugify(row[0]) for row in ORGANISATIONS}
TRACK_NAMES = {name for name, _colour in TRACKS}
BY_KEY = {row.key: row for row in PROPOSALS}


def outcomes(*wanted):
    return [row for row in PROPOSALS if row.outcome in wanted]


def test_the_story_adds_up():
    counts = Counter(row.outcome for row in PROPOSALS)

    assert len(PROPOSALS) == len(BY_KEY) == 40
    assert counts == {
        ACCEPTED: 15,
        WAITLISTED: 5,
        REJECTED: 12,
        WITHDRAWN: 1,
        WITHDRAWN_DRAFT: 1,
        DRAFT: 1,
        PENDING: 5,
    }
    duplicates = [row for row in PROPOSALS if row.duplicate_of]
    new = [row for row in PROPOSALS if row.new_organisation]
    assert len(duplicates) == 2
    assert len(new) == 3
    # The five without a decision: the two suggested merges and the three new organisations.
    assert {row.key for row in outcomes(PENDING)} == {row.key for row in duplicates + new}


def test_every_organisation_is_in_the_directory_except_the_three_new_ones():
    named = {row.organisation for row in PROPOSALS if row.organisation}
    named |= {slug for row in PROPOSALS for slug in row.co_organisers}
    named |= {slug for _user, slug in AFFILIATIONS}

    assert named <= SLUGS
    assert len({row.organisation for row in PROPOSALS if row.organisation}) == 37
    for row in PROPOSALS:
        assert bool(row.organisation) != bool(row.new_organisation), row.key
        assert row.organisation not in row.co_organisers, row.key
    for row in outcomes(PENDING):
        if row.new_organisation:
            new = row.new_organisation
            assert slugify(new.name) not in SLUGS
            assert (len(new.country), new.website.startswith("https://")) == (2, True)
            assert new.kind in {"civil_society", "academia"}


def test_no_organisation_submits_more_than_the_call_allows():
    counted = Counter(
        row.organisation
        for row in outcomes(ACCEPTED, WAITLISTED, REJECTED, PENDING)
        if row.organisation
    )

    assert max(counted.values()) <= MAX_PER_ORGANISATION


def test_tracks_formats_languages_and_days_are_the_demo_event_s():
    formats = {str(kind) for kind in PROPOSAL_FORMATS}
    for row in PROPOSALS:
        assert row.track in TRACK_NAMES, row.key
        assert row.format in formats, row.key
        assert set(row.title) <= LANGUAGES and row.title, row.key
        assert set(row.abstract) == set(row.title), row.key
        assert set(row.first_languages) < set(row.title) or not row.first_languages, row.key
        assert set(row.languages) <= LANGUAGES and row.languages, row.key
        assert set(row.interpretation) <= LANGUAGES - set(row.languages), row.key
        assert row.contact[3] in LANGUAGES, row.key
        assert row.days and list(row.days) == sorted(set(row.days)), row.key
        assert all(0 <= day < EVENT_DAYS for day in row.days), row.key
        assert all(len(title) <= 300 for title in row.title.values()), row.key
        assert 10 <= row.attendance <= 200, row.key
    assert {row.format for row in outcomes(ACCEPTED)} == formats
    # Every track receives proposals; two thirds of the tracks have an accepted one or more.
    assert {row.track for row in PROPOSALS} == TRACK_NAMES
    assert len({row.track for row in outcomes(ACCEPTED)}) == len(TRACK_NAMES)


def test_proposals_come_in_three_languages_some_in_two():
    first = Counter(next(iter(row.title)) for row in PROPOSALS)
    bilingual = [row.key for row in PROPOSALS if len(row.title) == 2]

    assert first == {"en": 16, "fr": 13, "es": 11}
    assert len(bilingual) == 9
    assert {code for row in PROPOSALS for code in row.title} == LANGUAGES


def test_submitted_abstracts_are_two_to_four_sentences():
    for row in outcomes(ACCEPTED, WAITLISTED, REJECTED, WITHDRAWN, PENDING):
        for text in row.abstract.values():
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
            assert 2 <= len(sentences) <= 4, (row.key, len(sentences))


def test_speakers_one_to_four_with_unique_example_emails():
    validate = EmailValidator()
    seen: dict[str, str] = {}
    for row in PROPOSALS:
        assert 1 <= len(row.speakers) <= 4, row.key
        emails = [speaker.email for speaker in row.speakers]
        assert len(emails) == len(set(emails)), row.key
        for speaker in row.speakers:
            validate(speaker.email)
            assert speaker.name and speaker.position, row.key
            # One person, one proposal: accepted side events never share a speaker.
            assert seen.setdefault(speaker.email, row.key) == row.key, speaker.email
            # Never one of the programme's own speakers (speaker001@example.org…).
            assert not re.fullmatch(r"speaker\d+@example\.org", speaker.email)
        validate(row.contact[2])
    contacts = [row.contact[2] for row in PROPOSALS]
    assert len(set(contacts)) == len(contacts)
    with pytest.raises(ValidationError):
        validate("not an address")


def test_accepted_side_events_fit_the_rooms_and_the_free_days():
    with_booths = max(capacity for _name, capacity, booths in ROOMS[1:] if booths)
    without = max(capacity for _name, capacity, booths in ROOMS[1:] if not booths)
    for row in outcomes(ACCEPTED):
        people = row.attendance + len(row.speakers)
        assert people <= (with_booths if row.interpretation else without), row.key
        free_days = FIELD_VISIT_SLOTS if row.format == SessionKind.FIELD_VISIT else SLOTS
        assert set(row.days) & set(free_days), row.key


def test_only_rejections_carry_a_reason_and_duplicates_point_to_another_proposal():
    for row in PROPOSALS:
        assert bool(row.reason) == (row.outcome == REJECTED), row.key
        if row.duplicate_of:
            assert row.duplicate_of != row.key
            assert BY_KEY[row.duplicate_of].outcome == ACCEPTED
            assert BY_KEY[row.duplicate_of].track == row.track


def test_the_call_guidelines_and_criteria_are_in_three_languages():
    assert 0 < CLOSES_DAYS_AGO < OPENS_DAYS_AGO
    assert set(GUIDELINES) == LANGUAGES
    assert all(len(text.split("\n\n")) == 4 for text in GUIDELINES.values())
    assert len(CRITERIA) == 4
    for name, description, weight in CRITERIA:
        assert set(name) == set(description) == LANGUAGES
        assert all(len(text) <= 160 for text in name.values())
        assert 1 <= weight <= 10


def test_two_review_committees_cover_every_track_once():
    tracks = [track for _name, tracks, _members in REVIEW_TEAMS for track in tracks]
    usernames = [m[0] for _name, _tracks, members in REVIEW_TEAMS for m in members]

    assert len(REVIEW_TEAMS) == 2
    assert sorted(tracks) == sorted(TRACK_NAMES)
    assert [len(members) for _name, _tracks, members in REVIEW_TEAMS] == [3, 3]
    assert len(set(usernames)) == 6
    assert {m[3] for _n, _t, members in REVIEW_TEAMS for m in members} == LANGUAGES
    assert {username for username, _slug in AFFILIATIONS} <= set(usernames)


def test_every_submitted_proposal_is_reviewed_by_two_or_three_of_its_committee():
    plan = review_plan()
    committee = {
        track: {m[0] for m in members} for _n, tracks, members in REVIEW_TEAMS for track in tracks
    }
    per_proposal = Counter(review.proposal for review in plan)

    assert set(per_proposal) == {row.key for row in outcomes(*REVIEWED)}
    assert set(per_proposal.values()) == {2, 3}
    assert len(plan) == 86
    assert len({(review.proposal, review.reviewer) for review in plan}) == len(plan)
    for review in plan:
        assert review.reviewer in committee[BY_KEY[review.proposal].track]
    # Both committees review; every reviewer has work.
    assert {review.reviewer for review in plan} == {
        m[0] for _n, _t, members in REVIEW_TEAMS for m in members
    }


def test_the_affiliated_reviewer_never_reviews_their_network_s_proposals():
    plan = review_plan()
    (username, slug), *_ = AFFILIATIONS
    theirs = {row.key for row in PROPOSALS if slug in (row.organisation, *row.co_organisers)} & {
        row.key for row in outcomes(*REVIEWED)
    }
    reviewed_by_them = {review.proposal for review in plan if review.reviewer == username}
    committee_tracks = next(
        t for _n, t, members in REVIEW_TEAMS if username in {m[0] for m in members}
    )

    # Proposed by the network and co-organised by it, both in the reviewer's own tracks.
    assert sorted(theirs) == ["cwn-standard", "grenoble-hospitalite"]
    assert all(BY_KEY[key].track in committee_tracks for key in theirs)
    assert theirs & reviewed_by_them == set()


def test_scores_follow_the_decisions_and_comments_the_reviewer_s_language():
    weights = [weight for _name, _description, weight in CRITERIA]
    language = {m[0]: m[3] for _n, _t, members in REVIEW_TEAMS for m in members}
    totals: dict[str, list[float]] = {}
    for review in review_plan():
        assert len(review.scores) == len(CRITERIA)
        assert all(0 <= score <= SCORE_MAX for score in review.scores)
        comments = [c for tier in COMMENTS[language[review.reviewer]].values() for c in tier]
        assert review.comment in comments
        total = sum(s * w for s, w in zip(review.scores, weights, strict=True)) / sum(weights)
        totals.setdefault(review.proposal, []).append(total)
    mean = {key: statistics.mean(values) for key, values in totals.items()}

    def of(*wanted):
        return [mean[row.key] for row in outcomes(*wanted)]

    assert min(of(ACCEPTED)) > max(of(WAITLISTED, PENDING))
    assert min(of(WAITLISTED)) > max(of(REJECTED))
    assert min(of(ACCEPTED)) >= 4 and max(of(REJECTED)) < 3.5


# --- Placement in the programme: the slot finder with sessions shaped like the accepted ones ----


@pytest.fixture
def programme(event):
    from datetime import date

    from forum.demo.programme import seed_programme
    from tests.factories import OrganisationFactory

    organisations = [OrganisationFactory(name=row[0]) for row in ORGANISATIONS[:10]]
    seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))
    return event


def _accepted_drafts(event):
    """Draft sessions as accepting the 15 proposals makes them, their speakers confirmed."""
    from sessions.enums import RoleKind
    from sessions.models import Track
    from sessions.services.sessions import NewSpeakerInput, SessionDetails, session_create
    from sessions.services.speakers import speaker_respond

    tracks = {t.name_en: t for t in Track.objects.filter(event=event)}
    drafts = []
    for row in outcomes(ACCEPTED):
        session = session_create(
            event=event,
            details=SessionDetails(
                title=row.title,
                abstract=row.abstract,
                kind=row.format,
                track=tracks[row.track],
                spoken_language=row.languages[0],
                interpretation_languages=row.interpretation,
                expected_attendance=row.attendance,
            ),
            new_speakers=[
                NewSpeakerInput(name=s.name, role=RoleKind.SPEAKER, order=i, email=s.email)
                for i, s in enumerate(row.speakers)
            ],
            user=None,
        )
        for role in session.roles.select_related("speaker"):
            speaker_respond(speaker=role.speaker, accept=True)
        drafts.append((session, row.days))
    return drafts


@pytest.mark.django_db
def test_accepted_side_events_find_free_rooms_without_new_conflicts(programme):
    from forum.demo.proposal_slots import schedule_side_events
    from sessions.enums import SessionState
    from sessions.selectors.conflicts import conflict_list

    def kinds():
        return sorted((c.kind, c.session_codes) for c in conflict_list(event=programme))

    before = kinds()
    drafts = _accepted_drafts(programme)

    placed = schedule_side_events(drafts, event=programme, user=None)

    assert kinds() == before  # the one deliberate double booking, nothing more
    assert [s.state for s in placed] == [SessionState.CONFIRMED] * 15
    days = Counter(
        (s.start.astimezone(programme.tzinfo).date() - programme.start_date).days for s in placed
    )
    assert set(days) == {1, 2}
    for session, (_draft, preferred) in zip(placed, drafts, strict=True):
        day = (session.start.astimezone(programme.tzinfo).date() - programme.start_date).days
        assert day in preferred or not set(preferred) & {1, 2}, session.code
        assert (session.room is None) == (session.kind == SessionKind.FIELD_VISIT)
        if session.room is not None:
            assert session.room.capacity >= session.expected_attendance + session.roles.count()
            assert session.room.has_booths or not session.interpretation_languages


@pytest.mark.django_db
def test_the_double_booking_added_last_is_the_one_seed_programme_adds(event):
    from datetime import date

    from forum.demo.programme import seed_double_booking, seed_programme
    from sessions.enums import ConflictKind, RoleKind
    from sessions.models import SessionRole
    from sessions.selectors.conflicts import conflict_list
    from tests.factories import OrganisationFactory

    organisations = [OrganisationFactory(name=row[0]) for row in ORGANISATIONS[:10]]
    extra = SessionRole.objects.filter(session__event=event, role=RoleKind.SPEAKER, order=8)

    def double():
        return list(extra.values_list("session__code", "speaker__code"))

    seed_programme(
        event=event, organisations=organisations, today=date(2030, 1, 1), double_booking=False
    )
    assert (conflict_list(event=event), double()) == ([], [])

    seed_double_booking(event=event, organisations=organisations)
    added = double()
    seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))

    assert [c.kind for c in conflict_list(event=event)] == [ConflictKind.SPEAKER_DOUBLE_BOOKED]
    assert len(added) == 1
    assert double() == added
