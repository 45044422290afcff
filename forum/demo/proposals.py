"""The demo's call for side events (data in ``proposal_texts``), loaded through the services
as it would have happened: the call opened, proposals drafted and submitted, the call closed,
two committees reviewed, the organisers decided, and the accepted side events were placed in
free rooms and published as a new version of the programme.

Runs once per event: an event that already has a call is left as it is.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.models import Event, Organisation
from events.services.affiliations import affiliation_add
from events.services.teams import team_add_member
from sessions.enums import PROPOSAL_FORMATS, ProposalState, SpeakerState
from sessions.models import CallForProposals, Proposal, Session, Track
from sessions.services.calls import call_save, criterion_add
from sessions.services.decisions import proposal_mark_duplicate, proposals_decide
from sessions.services.proposals import (
    ProposalDetails,
    ProposalSpeakerInput,
    proposal_start,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from sessions.services.reviews import review_save
from sessions.services.rooms import track_update
from sessions.services.schedule import schedule_publish
from sessions.services.speakers import speaker_respond

from .proposal_slots import schedule_side_events
from .proposal_texts import (
    ACCEPT_NOTE,
    ACCEPTED,
    AFFILIATIONS,
    ANONYMISE,
    CLOSES_DAYS_AGO,
    CRITERIA,
    DRAFT,
    GUIDELINES,
    MAX_PER_ORGANISATION,
    OPENS_DAYS_AGO,
    PROPOSALS,
    PUBLISH_COMMENT,
    REJECTED,
    REVIEW_TEAMS,
    REVIEWER_PASSWORD,
    WAITLIST_NOTE,
    WAITLISTED,
    WITHDRAWN,
    WITHDRAWN_DRAFT,
    ProposalRow,
    review_plan,
)

CALL_LANGUAGES = ["fr", "en", "es"]


def _reviewers(*, event: Event, organisations: dict[str, Organisation], organiser) -> dict:
    """The two review committees, each named on its tracks, and one reviewer's affiliation."""
    User = get_user_model()
    tracks = {t.name_en: t for t in Track.objects.filter(event=event)}
    users = {}
    reviewing, assigned = {}, {}
    for team_name, track_names, members in REVIEW_TEAMS:
        team = None
        for username, first_name, last_name, _language in members:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(REVIEWER_PASSWORD)
                user.save(update_fields=["password"])
            team = team_add_member(
                event=event, team_name=team_name, user=user, can_review_proposals=True
            )
            users[username] = user
        reviewing[team.pk] = team
        for name in track_names:
            assigned.setdefault(name, []).append(team.pk)
    for name, team_pks in assigned.items():
        track = tracks[name]
        track_update(
            track=track,
            name={},
            colour=track.colour,
            actor=organiser,
            review_teams=[reviewing[pk] for pk in team_pks],
        )
    for username, slug in AFFILIATIONS:
        affiliation_add(
            event=event, member=users[username], organisation=organisations[slug], user=organiser
        )
    return users


def _call_save(*, event: Event, opens_at: datetime, closes_at: datetime, user):
    return call_save(
        event=event,
        opens_at=opens_at,
        closes_at=closes_at,
        published=True,
        guidelines=GUIDELINES,
        formats=[str(kind) for kind in PROPOSAL_FORMATS],
        tracks=list(Track.objects.filter(event=event).order_by("order", "pk")),
        languages=CALL_LANGUAGES,
        max_per_organisation=MAX_PER_ORGANISATION,
        anonymise=ANONYMISE,
        user=user,
    )


def _details(
    row: ProposalRow,
    *,
    event: Event,
    organisations: dict[str, Organisation],
    tracks: dict[str, Track],
    languages: tuple[str, ...] = (),
) -> ProposalDetails:
    """The proposal as its contact filled the form; only ``languages``' texts if given."""
    name, position, email, contact_language = row.contact
    new = row.new_organisation
    written = set(languages or row.title)
    return ProposalDetails(
        contact_name=name,
        contact_email=email,
        organisation=organisations[row.organisation] if row.organisation else None,
        new_organisation_name=new.name if new else "",
        new_organisation_kind=new.kind if new else "",
        new_organisation_country=new.country if new else "",
        new_organisation_website=new.website if new else "",
        co_organisers=tuple(organisations[slug] for slug in row.co_organisers),
        other_co_organisers=row.other_co_organisers,
        contact_position=position,
        contact_language=contact_language,
        title={code: text for code, text in row.title.items() if code in written},
        abstract={code: text for code, text in row.abstract.items() if code in written},
        format=row.format,
        track=tracks[row.track],
        languages=row.languages,
        interpretation_languages=row.interpretation,
        expected_attendance=row.attendance,
        preferred_days=tuple(event.start_date + timedelta(days=day) for day in row.days),
    )


def _propose(row: ProposalRow, *, call: CallForProposals, **context) -> Proposal:
    """Start the proposal (in the language written first), complete it, submit or withdraw it
    as the demo's story says."""
    speakers = [
        ProposalSpeakerInput(
            name=s.name, position=s.position, organisation_name=s.organisation, email=s.email
        )
        for s in row.speakers
    ]
    proposal, _token = proposal_start(
        call=call,
        details=_details(row, languages=row.first_languages, **context),
        speakers=speakers,
    )
    if row.first_languages:  # the translation, added on a later visit
        proposal = proposal_update(
            proposal=proposal, details=_details(row, **context), speakers=speakers
        )
    if row.outcome not in (DRAFT, WITHDRAWN_DRAFT):
        proposal = proposal_submit(proposal=proposal)
    if row.outcome in (WITHDRAWN, WITHDRAWN_DRAFT):
        proposal = proposal_withdraw(proposal=proposal)
    return proposal


def _backdate(proposals: dict[str, Proposal], *, opens_at: datetime, closes_at: datetime) -> None:
    """Spread the proposals' dates over the call's weeks, most of them near the deadline (the
    services stamped them with the time of the demo's loading)."""
    for index, row in enumerate(PROPOSALS):
        submitted = max(
            closes_at - timedelta(days=(index * 5) % 36, hours=(index * 7) % 11),
            opens_at + timedelta(days=3),
        )
        created = max(submitted - timedelta(days=2 + index % 5), opens_at + timedelta(hours=2))
        dates = {"created_at": created}
        if row.outcome not in (DRAFT, WITHDRAWN_DRAFT):
            dates["submitted_at"] = submitted
        if row.outcome == WITHDRAWN:
            dates["withdrawn_at"] = min(submitted + timedelta(days=6), closes_at)
        if row.outcome == WITHDRAWN_DRAFT:
            dates["withdrawn_at"] = created + timedelta(days=3)
        Proposal.objects.filter(pk=proposals[row.key].pk).update(**dates)


def _confirm_speakers(session: Session) -> None:
    """The invited speakers of an accepted side event have all said yes."""
    speakers = {role.speaker for role in session.roles.select_related("speaker")}
    speakers |= {
        proposed.speaker
        for proposed in session.proposal.speakers.select_related("speaker")
        if proposed.speaker is not None
    }
    for speaker in sorted(speakers, key=lambda s: s.pk):
        if speaker.state != SpeakerState.CONFIRMED:
            speaker_respond(speaker=speaker, accept=True)


@transaction.atomic
def seed_proposals(
    *, event: Event, organisations: list[Organisation], organiser, today: date
) -> int:
    """Load the demo's call for side events of ``event``; returns the number of proposals.

    The services only take proposals while the call is open, so the call is saved open until
    tomorrow, then given its real dates (closed four weeks before ``today``) before review.
    """
    if CallForProposals.objects.filter(event=event).exists():
        return 0
    directory = {o.slug: o for o in organisations}
    tracks = {t.name_en: t for t in Track.objects.filter(event=event)}
    users = _reviewers(event=event, organisations=directory, organiser=organiser)

    opens_at = datetime.combine(today - timedelta(days=OPENS_DAYS_AGO), time(9), event.tzinfo)
    closes_at = datetime.combine(
        today - timedelta(days=CLOSES_DAYS_AGO), time(23, 59), event.tzinfo
    )
    now = timezone.now()
    call = _call_save(
        event=event,
        opens_at=min(opens_at, now - timedelta(hours=1)),
        closes_at=now + timedelta(days=1),
        user=organiser,
    )
    for name, description, weight in CRITERIA:
        criterion_add(call=call, name=name, description=description, weight=weight, user=organiser)
    criteria = list(call.criteria.order_by("order", "pk"))

    proposals = {
        row.key: _propose(row, call=call, event=event, organisations=directory, tracks=tracks)
        for row in PROPOSALS
    }
    call = _call_save(event=event, opens_at=opens_at, closes_at=closes_at, user=organiser)

    for row in PROPOSALS:
        if row.duplicate_of:
            proposal_mark_duplicate(
                proposal=proposals[row.key], of=proposals[row.duplicate_of], user=organiser
            )
    for review in review_plan():
        review_save(
            proposal=proposals[review.proposal],
            reviewer=users[review.reviewer],
            scores={c.pk: score for c, score in zip(criteria, review.scores, strict=True)},
            comment=review.comment,
        )

    def rows(outcome: str) -> list[ProposalRow]:
        return [row for row in PROPOSALS if row.outcome == outcome]

    proposals_decide(
        event=event,
        proposals=[proposals[row.key] for row in rows(ACCEPTED)],
        decision=ProposalState.ACCEPTED,
        note=ACCEPT_NOTE,
        user=organiser,
    )
    proposals_decide(
        event=event,
        proposals=[proposals[row.key] for row in rows(WAITLISTED)],
        decision=ProposalState.WAITLISTED,
        note=WAITLIST_NOTE,
        user=organiser,
    )
    for row in rows(REJECTED):
        proposals_decide(
            event=event,
            proposals=[proposals[row.key]],
            decision=ProposalState.REJECTED,
            note=row.reason,
            user=organiser,
        )

    accepted = []
    for row in rows(ACCEPTED):
        session = Proposal.objects.select_related("session").get(pk=proposals[row.key].pk).session
        _confirm_speakers(session)
        accepted.append((session, row.days))
    schedule_side_events(accepted, event=event, user=organiser)
    schedule_publish(event=event, comment=PUBLISH_COMMENT, user=organiser, notify=False)

    _backdate(proposals, opens_at=opens_at, closes_at=closes_at)
    return len(proposals)
