"""The organisers' decisions on side-event proposals: accept, waitlist or reject (in bulk),
the draft session an accepted proposal becomes, duplicates, and the proposing organisation's
place in the directory.

Proposals are locked in primary-key order before they change, so two organisers deciding at
once queue: the second sees the first one's decision (and session) and changes nothing more.
Every decision is recorded in the event's audit log (who, when, why) and on the proposal
(``decided_at``, ``decided_by``, ``decision_note``); its email leaves after commit only.
"""

import logging
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import AuditAction, Event, Organisation
from events.services.audit import audit_diff, audit_record, audit_snapshot
from events.services.organisations import OrganisationError, organisation_create
from forum.content import texts_of
from forum.errors import ServiceError
from forum.locking import lock, lock_one
from forum.mail import mail_send_later
from sessions.enums import PROPOSAL_DECISIONS, ProposalState, RoleKind, SessionKind
from sessions.models import Proposal, ProposedSpeaker, Session, Speaker
from sessions.services.proposals import contact_title
from sessions.services.sessions import RoleInput, SessionDetails, session_create
from sessions.services.speakers import speaker_create, speaker_invite

logger = logging.getLogger(__name__)

# Which decisions each state allows. Accepted is final: its session exists; to undo it the
# proposer withdraws or the organisers cancel the session.
DECISIONS_FROM = {
    ProposalState.SUBMITTED: frozenset(PROPOSAL_DECISIONS),
    ProposalState.WAITLISTED: frozenset(PROPOSAL_DECISIONS),
    ProposalState.REJECTED: frozenset({ProposalState.ACCEPTED, ProposalState.WAITLISTED}),
}
# The email each decision sends to the proposal's contact.
DECISION_EMAILS = {
    ProposalState.ACCEPTED: "proposal_accepted",
    ProposalState.WAITLISTED: "proposal_waitlisted",
    ProposalState.REJECTED: "proposal_rejected",
}
# What a decision changes, as the audit log records it.
DECISION_FIELDS = ("state", "decision_note")
NOTE_MAX_LENGTH = Proposal._meta.get_field("decision_note").max_length


class DecisionError(ServiceError):
    """An organiser's decision refused; ``code`` names the form field when there is one."""


def decision_allowed(*, state: str, decision: str) -> bool:
    """Whether a proposal in ``state`` may be given ``decision`` (the same decision again is
    allowed: it changes nothing)."""
    return decision == state or decision in DECISIONS_FROM.get(state, ())


def _proposals_locked(event: Event, pks) -> list[Proposal]:
    """The proposals, locked. Nothing another transaction may create is joined: after a wait,
    PostgreSQL returns the locked row as committed, but joined rows as the query first saw
    them (a session made meanwhile would look absent); ``session_id`` is the truth."""
    return lock(Proposal.objects.filter(event=event).select_related("event"), *pks)


def _note_clean(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > NOTE_MAX_LENGTH:
        raise DecisionError(
            _("Keep the reason under %(max)d characters.") % {"max": NOTE_MAX_LENGTH},
            code="note",
        )
    return note


def _decision_email(proposal: Proposal) -> None:
    language = proposal.contact_language
    mail_send_later(
        to=[proposal.contact_email],
        template=DECISION_EMAILS[proposal.state],
        language=language,
        context={
            "contact_name": proposal.contact_name,
            "event_name": proposal.event.name,
            "title": contact_title(proposal, language),
            "reference": proposal.code,
            "reason": proposal.decision_note,
        },
    )


def _decide_locked(proposal: Proposal, decision: str, note: str, user) -> None:
    """Move a locked proposal to ``decision``: its fields, the audit entry, the email."""
    before = audit_snapshot(proposal, DECISION_FIELDS)
    proposal.state = decision
    proposal.decided_at = timezone.now()
    proposal.decided_by = user if user is not None and user.is_authenticated else None
    proposal.decision_note = note
    proposal.save(
        update_fields=["state", "decided_at", "decided_by", "decision_note", "updated_at"]
    )
    audit_record(
        event=proposal.event,
        obj=proposal,
        action=AuditAction.DECIDED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(proposal, DECISION_FIELDS)),
        note=note,
    )
    _decision_email(proposal)
    logger.info("proposal %s decided: %s", proposal.pk, decision)


def _refused(proposals: Sequence[Proposal], decision: str) -> DecisionError:
    codes = ", ".join(p.code for p in proposals)
    return DecisionError(
        _("%(codes)s cannot be given this decision (%(decision)s) in their present state.")
        % {"codes": codes, "decision": ProposalState(decision).label},
        code="proposals",
    )


@transaction.atomic
def proposals_decide(
    *, event: Event, proposals: Sequence[Proposal], decision: str, note: str = "", user
) -> list[Proposal]:
    """Give ``proposals`` of ``event`` the same decision; returns those it changed.

    A proposal already holding the decision is skipped (no second email); one whose state
    does not allow it refuses the whole batch, naming it, and nothing changes. Each changed
    proposal's contact gets one email in their language after commit; acceptance also makes
    the draft session and invites its speakers (``proposal_accept``).
    """
    if decision not in PROPOSAL_DECISIONS:
        raise DecisionError(_("Choose accept, waiting list or reject."), code="decision")
    note = _note_clean(note)
    pks = {p.pk for p in proposals}
    locked = _proposals_locked(event, pks)
    if len(locked) != len(pks):
        raise DecisionError(_("Choose proposals of this event."), code="proposals")
    refused = [p for p in locked if not decision_allowed(state=p.state, decision=decision)]
    if refused:
        raise _refused(refused, decision)
    changed = []
    for proposal in locked:
        if proposal.state == decision:
            if decision == ProposalState.ACCEPTED and proposal.session_id is None:
                _session_from_proposal(proposal, user)
            continue
        _decide_locked(proposal, decision, note, user)
        if decision == ProposalState.ACCEPTED:
            _session_from_proposal(proposal, user)
        changed.append(proposal)
    return changed


@transaction.atomic
def proposal_accept(*, proposal: Proposal, user, note: str = "") -> Session:
    """Accept one proposal and return its session: a draft of the programme (kind = the
    proposal's format) whose proposed speakers are invited, each once.

    Idempotent: when the proposal already has its session, that session is returned and
    nobody is invited or emailed again.
    """
    note = _note_clean(note)
    proposal = lock_one(
        Proposal.objects.filter(event_id=proposal.event_id).select_related("event"), proposal.pk
    )
    if proposal.session_id is not None:
        return Session.objects.get(pk=proposal.session_id)
    if not decision_allowed(state=proposal.state, decision=ProposalState.ACCEPTED):
        raise _refused([proposal], ProposalState.ACCEPTED)
    if proposal.state != ProposalState.ACCEPTED:
        _decide_locked(proposal, ProposalState.ACCEPTED, note, user)
    return _session_from_proposal(proposal, user)


def _speaker_for(proposal: Proposal, proposed: ProposedSpeaker, user) -> Speaker:
    """The event's speaker with the proposed speaker's email (any case), else a new one."""
    email = proposed.email.strip()
    if email:
        existing = (
            Speaker.objects.filter(event_id=proposal.event_id, email__iexact=email)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
    position = proposed.position.strip()
    return speaker_create(
        event=proposal.event,
        name=proposed.name,
        position={proposal.contact_language: position} if position else None,
        organisation_name=proposed.organisation_name,
        email=email,
        language=proposal.contact_language,
        actor=user,
        note=_("Proposed in proposal %(code)s.") % {"code": proposal.code},
    )


def _session_from_proposal(proposal: Proposal, user) -> Session:
    """The draft session of an accepted, locked proposal, its speakers matched or created
    and invited (those with an email not invited before)."""
    event = proposal.event
    proposed = list(
        ProposedSpeaker.objects.filter(proposal=proposal)
        .select_related("speaker")
        .order_by("order", "pk")
    )
    speakers: list[Speaker] = []
    for item in proposed:
        speaker = item.speaker or _speaker_for(proposal, item, user)
        if item.speaker_id != speaker.pk:
            item.speaker = speaker
            item.save(update_fields=["speaker"])
        if speaker.pk not in {s.pk for s in speakers}:
            speakers.append(speaker)
    kind = proposal.format if proposal.format in SessionKind.values else SessionKind.SIDE_EVENT
    languages = proposal.languages or event.languages or ["en"]
    session = session_create(
        event=event,
        details=SessionDetails(
            title=texts_of(proposal, "title") or {languages[0]: proposal.code},
            abstract=texts_of(proposal, "abstract"),
            kind=kind,
            track=proposal.track,
            spoken_language=languages[0],
            interpretation_languages=tuple(proposal.interpretation_languages),
            expected_attendance=proposal.expected_attendance,
            confirmed=False,
        ),
        roles=[
            RoleInput(speaker=speaker, role=RoleKind.SPEAKER, order=order)
            for order, speaker in enumerate(speakers)
        ],
        user=user,
    )
    proposal.session = session
    proposal.save(update_fields=["session", "updated_at"])
    audit_record(
        event=event,
        obj=proposal,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"session": [None, str(session)]},
    )
    for speaker in speakers:
        if speaker.email and speaker.invited_at is None:
            speaker_invite(speaker=speaker, actor=user)
    logger.info("proposal %s became session %s", proposal.pk, session.pk)
    return session


@transaction.atomic
def proposal_mark_duplicate(*, proposal: Proposal, of: Proposal | None, user) -> Proposal:
    """Mark ``proposal`` as a duplicate of (a merge suggestion with) ``of``; None clears it.

    Duplicates never chain: ``of`` being itself a duplicate, ``proposal`` points to its
    original, and proposals that pointed to ``proposal`` now point there too. Both proposals
    are locked (primary-key order), then those pointing to ``proposal``.
    """
    if of is not None and of.event_id != proposal.event_id:
        raise DecisionError(_("Choose a proposal of this event."), code="duplicate_of")
    if of is not None and of.pk == proposal.pk:
        raise DecisionError(_("A proposal cannot be a duplicate of itself."), code="duplicate_of")
    pks = [proposal.pk] + ([of.pk] if of is not None else [])
    locked = {p.pk: p for p in _proposals_locked(proposal.event, pks)}
    if len(locked) != len(pks):
        raise DecisionError(_("Choose a proposal of this event."), code="duplicate_of")
    proposal = locked[proposal.pk]
    original = None
    if of is not None:
        of = locked[of.pk]
        original = of.duplicate_of if of.duplicate_of_id is not None else of
        if original.pk == proposal.pk:
            raise DecisionError(
                _("%(code)s is already marked as a duplicate of this proposal.")
                % {"code": of.code},
                code="duplicate_of",
            )
    changed = [proposal]
    if original is not None:
        changed += lock(Proposal.objects.filter(duplicate_of=proposal).select_related("event"))
    for item in changed:
        before = audit_snapshot(item, ("duplicate_of",))
        item.duplicate_of = original
        item.save(update_fields=["duplicate_of", "updated_at"])
        audit_record(
            event=item.event,
            obj=item,
            action=AuditAction.CHANGED,
            actor=user,
            changes=audit_diff(before, audit_snapshot(item, ("duplicate_of",))),
        )
    return proposal


@transaction.atomic
def proposal_organisation_resolve(
    *, proposal: Proposal, organisation: Organisation | None = None, user
) -> Proposal:
    """Set the proposing organisation: ``organisation`` from the directory, or (None) the
    proposer's new organisation, added to the directory now.

    The ``new_organisation_*`` fields keep what the proposer wrote, for the record; the
    proposal is no longer pending review once ``organisation`` is set.
    """
    proposal = lock_one(
        Proposal.objects.filter(event_id=proposal.event_id).select_related("event"),
        proposal.pk,
    )
    if organisation is None:
        if proposal.organisation_id is not None:
            raise DecisionError(
                _("This proposal's organisation is already in the directory."),
                code="organisation",
            )
        try:
            organisation = organisation_create(
                user=user,
                name=proposal.new_organisation_name,
                kind=proposal.new_organisation_kind,
                country=str(proposal.new_organisation_country or ""),
                website=proposal.new_organisation_website,
            )
        except OrganisationError as exc:
            raise DecisionError(
                _(
                    "The new organisation cannot be added as given: %(reason)s Link it to "
                    "an organisation of the directory instead."
                )
                % {"reason": exc.message},
                code="organisation",
            ) from exc
        note = _("Added to the directory as proposed.")
    else:
        note = ""
    before = audit_snapshot(proposal, ("organisation",))
    proposal.organisation = organisation
    proposal.save(update_fields=["organisation", "updated_at"])
    audit_record(
        event=proposal.event,
        obj=proposal,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(proposal, ("organisation",))),
        note=note,
    )
    return proposal
