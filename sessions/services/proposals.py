"""Proposals for side events: what a proposer does through the proposal's secret link.

A proposer has no account: ``proposal_start`` creates a draft and emails its secret link (only
the token's SHA-256 is stored). Drafts and submitted proposals are edited while the call is
open (until, not at, its closing minute); ``proposal_submit`` checks the proposal is complete
and that its organisation stays within the call's maximum, counted under the call's row lock
so two submissions at once cannot both take the last place. A proposal is withdrawn at any
time; an accepted one's session is cancelled with it.

The audit log records each transition and what the proposal says (never the contact's
details: they are personal).
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from events.enums import WORKING_LANGUAGES, OrganisationKind
from events.models import AuditAction, Event, Organisation
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    clean_texts,
    content_write,
    label_language,
    pick,
    texts_of,
    write_texts,
)
from forum.errors import ServiceError
from forum.locking import lock, lock_one
from forum.mail import mail_send_later
from forum.ratelimit import hit
from forum.tokens import token_hash, token_new
from registrations.enums import QuestionKind, QuestionTarget
from registrations.selectors.questions import question_list
from registrations.services.questions import AnswerValue
from sessions.enums import PROPOSAL_COUNTED_STATES, ProposalState, SessionState
from sessions.models import (
    CallForProposals,
    Proposal,
    ProposalAnswer,
    ProposedSpeaker,
    Session,
    Track,
)
from sessions.selectors.proposals import proposal_get_by_token
from sessions.services.sessions import session_cancel

logger = logging.getLogger(__name__)

# How the audit log names the proposer (who has no account).
PROPOSER = "proposer"
# What the history shows of a proposal: never the contact's name, email or phone.
AUDITED = (
    "state",
    "organisation",
    "new_organisation_name",
    "new_organisation_kind",
    "new_organisation_country",
    "new_organisation_website",
    "other_co_organisers",
    "title",
    "abstract",
    "format",
    "track",
    "languages",
    "interpretation_languages",
    "expected_attendance",
    "preferred_days",
    "submitted_at",
    "withdrawn_at",
)
TITLE_MAX = Proposal._meta.get_field("title").max_length
ABSTRACT_MAX = 5000
SPEAKERS_MAX = 20
# States a proposer may still edit (while the call is open).
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED)


class ProposalError(ServiceError):
    """A proposer's write refused; ``code`` names the form field when there is one."""


class ProposalClosed(ProposalError):
    code = "closed"


class ProposalMaximumReached(ProposalError):
    code = "maximum"


@dataclass(frozen=True)
class ProposalSpeakerInput:
    name: str
    position: str = ""
    organisation_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class ProposalDetails:
    contact_name: str
    contact_email: str
    organisation: Organisation | None = None
    new_organisation_name: str = ""
    new_organisation_kind: str = ""
    new_organisation_country: str = ""
    new_organisation_website: str = ""
    co_organisers: tuple[Organisation, ...] = ()
    other_co_organisers: str = ""
    contact_position: str = ""
    contact_phone: str = ""
    contact_language: str = "en"
    title: Mapping[str, str] = field(default_factory=dict)  # {language code: text}
    abstract: Mapping[str, str] = field(default_factory=dict)
    format: str = ""
    track: Track | None = None
    languages: tuple[str, ...] = ()
    interpretation_languages: tuple[str, ...] = ()
    expected_attendance: int | None = None
    preferred_days: tuple[date, ...] = ()


# --- What the call offers --------------------------------------------------------------------


def call_languages(call: CallForProposals) -> list[str]:
    """The languages a side event may be held in: the call's, else the event's."""
    return list(call.languages or call.event.languages or [])


def call_days(call: CallForProposals) -> list[date]:
    event = call.event
    return [event.start_date + timedelta(days=n) for n in range(event.duration_days)]


def call_track_ids(call: CallForProposals) -> set[int] | None:
    """The ids of the tracks the call offers; None when it offers every track of the event."""
    ids = {track.pk for track in call.tracks.all()}
    return ids or None


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _email_check(value: str, code: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise ProposalError(_("Enter a valid email address."), code) from None
    return value


def _details_clean(call: CallForProposals, details: ProposalDetails) -> dict:
    """The proposal's columns from ``details``, each checked against the call; refused with
    the code of the field at fault."""
    event = call.event
    values: dict = {}
    values["contact_name"] = _one_line(details.contact_name)[:200]
    if not values["contact_name"]:
        raise ProposalError(_("Name the contact person."), "contact_name")
    values["contact_email"] = _email_check(details.contact_email, "contact_email")
    if not values["contact_email"]:
        raise ProposalError(_("Give the contact person’s email."), "contact_email")
    values["contact_position"] = _one_line(details.contact_position)[:200]
    values["contact_phone"] = _one_line(details.contact_phone)[:40]
    if details.contact_language not in WORKING_LANGUAGES:
        raise ProposalError(_("Choose a language for emails."), "contact_language")
    values["contact_language"] = details.contact_language

    organisation = details.organisation
    values["organisation"] = organisation
    if organisation is None:
        name = _one_line(details.new_organisation_name)[:200]
        if not name:
            raise ProposalError(
                _("Choose your organisation in the directory, or name a new one."),
                "new_organisation_name",
            )
        kind = details.new_organisation_kind or ""
        if kind and kind not in OrganisationKind.values:
            raise ProposalError(_("Choose a kind of organisation."), "new_organisation_kind")
        country = (details.new_organisation_country or "").upper()
        if country and country not in countries:
            raise ProposalError(_("Choose a country."), "new_organisation_country")
        website = (details.new_organisation_website or "").strip()
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                raise ProposalError(
                    _("Enter the website’s address, such as https://example.org."),
                    "new_organisation_website",
                ) from None
        values.update(
            new_organisation_name=name,
            new_organisation_kind=kind,
            new_organisation_country=country,
            new_organisation_website=website,
        )
    else:
        values.update(
            new_organisation_name="",
            new_organisation_kind="",
            new_organisation_country="",
            new_organisation_website="",
        )
    values["other_co_organisers"] = _one_line(details.other_co_organisers)[:500]

    values["title"] = clean_texts(
        details.title, field="title", max_length=TITLE_MAX, error=ProposalError
    )
    values["abstract"] = clean_texts(
        details.abstract,
        field="abstract",
        max_length=ABSTRACT_MAX,
        error=ProposalError,
        single_line=False,
    )
    if details.format and details.format not in (call.formats or []):
        raise ProposalError(_("Choose one of the formats the call offers."), "format")
    values["format"] = details.format or ""
    track = details.track
    if track is not None:
        offered = call_track_ids(call)
        if track.event_id != event.pk or (offered is not None and track.pk not in offered):
            raise ProposalError(_("Choose one of the tracks the call offers."), "track")
    values["track"] = track
    allowed = call_languages(call)
    languages = list(dict.fromkeys(details.languages))
    if any(code not in allowed for code in languages):
        raise ProposalError(_("Choose among the languages the call offers."), "languages")
    values["languages"] = [code for code in allowed if code in languages]
    interpretation = list(dict.fromkeys(details.interpretation_languages))
    if any(code not in (event.languages or []) for code in interpretation):
        raise ProposalError(
            _("Choose among the event’s working languages."), "interpretation_languages"
        )
    values["interpretation_languages"] = [c for c in event.languages if c in interpretation]
    attendance = details.expected_attendance
    if attendance is not None and attendance < 1:
        raise ProposalError(_("Expect at least one participant."), "expected_attendance")
    values["expected_attendance"] = attendance
    days = call_days(call)
    if any(day not in days for day in details.preferred_days):
        raise ProposalError(_("Choose among the days of the event."), "preferred_days")
    values["preferred_days"] = [d.isoformat() for d in days if d in set(details.preferred_days)]
    co_organisers = list(dict.fromkeys(details.co_organisers))
    if organisation is not None:
        co_organisers = [o for o in co_organisers if o.pk != organisation.pk]
    values["co_organisers"] = co_organisers
    return values


def _speakers_clean(speakers: Sequence[ProposalSpeakerInput]) -> list[ProposalSpeakerInput]:
    cleaned = []
    for speaker in speakers:
        name = _one_line(speaker.name)[:200]
        if not name:
            if any((speaker.position, speaker.organisation_name, speaker.email)):
                raise ProposalError(_("Give each speaker’s name."), "speakers")
            continue
        cleaned.append(
            ProposalSpeakerInput(
                name=name,
                position=_one_line(speaker.position)[:200],
                organisation_name=_one_line(speaker.organisation_name)[:200],
                email=_email_check(speaker.email, "speakers"),
            )
        )
    if len(cleaned) > SPEAKERS_MAX:
        raise ProposalError(
            _("Propose at most %(max)d speakers.") % {"max": SPEAKERS_MAX}, "speakers"
        )
    return cleaned


def _details_write(proposal: Proposal, values: dict) -> None:
    """Set the proposal's columns (save it afterwards, under ``content_write``)."""
    for name, value in values.items():
        if name in ("title", "abstract"):
            write_texts(proposal, name, value)
        elif name != "co_organisers":
            setattr(proposal, name, value)


def _speakers_write(proposal: Proposal, speakers: Sequence[ProposalSpeakerInput]) -> None:
    """Replace the proposal's speakers with ``speakers``, in their order."""
    ProposedSpeaker.objects.filter(proposal=proposal).delete()
    ProposedSpeaker.objects.bulk_create(
        ProposedSpeaker(
            proposal=proposal,
            name=speaker.name,
            position=speaker.position,
            organisation_name=speaker.organisation_name,
            email=speaker.email,
            order=order,
        )
        for order, speaker in enumerate(speakers)
    )


def proposal_answers_write(
    *, proposal: Proposal, answers: Mapping[int, AnswerValue | None]
) -> list[ProposalAnswer]:
    """Store ``proposal``'s answers (from ``registrations.services.questions.answers_clean``)
    inside the caller's transaction: new ones added, changed ones updated, blank ones (None)
    removed. Answers to questions that are not this event's proposal questions, or that ask
    for a file, are refused."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("proposal_answers_write runs inside the caller's transaction")
    if not answers:
        return []
    for value in answers.values():
        if value is None:
            continue
        question = value.question
        if (
            question.event_id != proposal.event_id
            or question.target != QuestionTarget.PROPOSAL
            or question.kind == QuestionKind.FILE
            or value.upload is not None
        ):
            raise ProposalError(_("This question is not one of this call’s."), "answers")
    existing = {
        answer.question_id: answer
        for answer in ProposalAnswer.objects.filter(proposal=proposal, question_id__in=answers)
    }
    written = []
    for pk, value in answers.items():
        answer = existing.get(pk)
        if value is None:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = ProposalAnswer(proposal=proposal, question=value.question)
        answer.value = value.value
        answer.save()
        if value.question.has_options:
            answer.options.set(value.options)
        written.append(answer)
    return written


def _link_path(proposal: Proposal, token: str) -> str:
    with translation.override(label_language(proposal.contact_language)):
        return reverse(
            "programme:proposal_edit",
            kwargs={"event_slug": proposal.event.slug, "token": token},
        )


def contact_title(proposal: Proposal, language: str) -> str:
    """The proposal's title as its contact reads it: in their language when written in it."""
    return str(
        pick(
            texts_of(proposal, "title"),
            requested=language,
            languages=proposal.event.languages or (),
        )
    )


def _open_check(call: CallForProposals) -> None:
    now = timezone.now()
    if now < call.opens_at:
        raise ProposalClosed(_("The call for side events is not yet open."))
    if not call.is_open(now):
        raise ProposalClosed(
            _("The call for side events has closed: proposals can no longer be changed.")
        )


# --- The proposer's transitions ----------------------------------------------------------------


@transaction.atomic
def proposal_start(
    *,
    call: CallForProposals,
    details: ProposalDetails,
    speakers: Sequence[ProposalSpeakerInput] = (),
    answers: Mapping[int, AnswerValue | None] | None = None,
) -> tuple[Proposal, str]:
    """A new draft for ``call``, while it is published and open. Returns the proposal and
    its raw token, which exists only in the email sent to the contact (after commit) and this
    return value."""
    if not call.published:
        raise ProposalClosed(_("This call for side events is not published."))
    _open_check(call)
    values = _details_clean(call, details)
    speakers = _speakers_clean(speakers)
    token = token_new()
    proposal = Proposal(event=call.event, call=call, token_hash=token_hash(token))
    _details_write(proposal, values)
    with content_write():
        proposal.save(force_insert=True)
    proposal.co_organisers.set(values["co_organisers"])
    _speakers_write(proposal, speakers)
    proposal_answers_write(proposal=proposal, answers=answers or {})
    audit_record(
        event=call.event,
        obj=proposal,
        action=AuditAction.CREATED,
        actor_label=PROPOSER,
        changes=audit_diff({}, audit_snapshot(proposal, AUDITED)),
    )
    mail_send_later(
        to=[proposal.contact_email],
        template="proposal_link",
        language=proposal.contact_language,
        context={
            "contact_name": proposal.contact_name,
            "event_name": call.event.name,
            "reference": proposal.code,
            "link_path": _link_path(proposal, token),
        },
    )
    logger.info("proposal %s started", proposal.pk)
    return proposal, token


def _organisation_key(proposal: Proposal) -> tuple:
    """Who proposes: a directory organisation by its id, a new one by its name, whatever its
    case."""
    if proposal.organisation_id is not None:
        return ("directory", proposal.organisation_id)
    return ("new", " ".join(proposal.new_organisation_name.split()).casefold())


def organisation_proposals_count(*, call: CallForProposals, proposal: Proposal) -> int:
    """How many of the call's proposals by ``proposal``'s organisation count against its
    maximum, ``proposal`` itself left out. One query. A new organisation's name is compared
    here, case folded (SQLite folds the case of ASCII letters only, Python's casefold all)."""
    counted = Proposal.objects.filter(call=call, state__in=PROPOSAL_COUNTED_STATES).exclude(
        pk=proposal.pk
    )
    if proposal.organisation_id is not None:
        return counted.filter(organisation_id=proposal.organisation_id).count()
    key = _organisation_key(proposal)
    names = counted.filter(organisation__isnull=True).values_list(
        "new_organisation_name", flat=True
    )
    return sum(1 for name in names if ("new", " ".join(name.split()).casefold()) == key)


def _maximum_check(call: CallForProposals, proposal: Proposal) -> None:
    """Refuse a proposal its organisation has no place left for. Call it holding the call's
    row lock: submissions of one call queue there, so the count stays true until commit."""
    if call.max_per_organisation is None:
        return
    if organisation_proposals_count(call=call, proposal=proposal) >= call.max_per_organisation:
        raise ProposalMaximumReached(
            _(
                "Your organisation has already sent %(max)d proposals, the most this call "
                "accepts from one organisation."
            )
            % {"max": call.max_per_organisation}
        )


def _locked(proposal: Proposal) -> tuple[CallForProposals, Proposal]:
    """The proposal's call and the proposal, row-locked in that order (every service that
    locks both takes them so)."""
    call = lock_one(
        CallForProposals.objects.filter(event_id=proposal.event_id).select_related("event"),
        proposal.call_id,
    )
    locked = lock_one(Proposal.objects.filter(call=call), proposal.pk)
    locked.call = call
    locked.event = call.event
    return call, locked


def _state_check(proposal: Proposal) -> None:
    if proposal.state == ProposalState.WITHDRAWN:
        raise ProposalError(_("This proposal was withdrawn: it can no longer change."), "state")
    if proposal.state not in EDITABLE_STATES:
        raise ProposalError(
            _("The organisers have decided on this proposal: it can no longer change."), "state"
        )


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    details: ProposalDetails,
    speakers: Sequence[ProposalSpeakerInput],
    answers: Mapping[int, AnswerValue | None] | None = None,
) -> Proposal:
    """Save a draft's or a submitted proposal's details, speakers and answers while the call is
    open. A submitted proposal stays complete, and within its organisation's maximum when it
    changes organisation."""
    call, locked = _locked(proposal)
    _state_check(locked)
    _open_check(call)
    values = _details_clean(call, details)
    speakers = _speakers_clean(speakers)
    before = audit_snapshot(locked, AUDITED)
    organisation_before = _organisation_key(locked)
    _details_write(locked, values)
    if locked.state == ProposalState.SUBMITTED and _organisation_key(locked) != organisation_before:
        _maximum_check(call, locked)
    with content_write():
        locked.save()
    locked.co_organisers.set(values["co_organisers"])
    _speakers_write(locked, speakers)
    proposal_answers_write(proposal=locked, answers=answers or {})
    if locked.state == ProposalState.SUBMITTED:
        _complete_check(call, locked)
    audit_record(
        event=call.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor_label=PROPOSER,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED)),
    )
    return locked


def _complete_check(call: CallForProposals, proposal: Proposal) -> None:
    """Refuse an incomplete proposal, naming the first thing missing."""
    if not texts_of(proposal, "title"):
        raise ProposalError(_("Give the side event a title, in at least one language."), "title")
    if not texts_of(proposal, "abstract"):
        raise ProposalError(_("Describe the side event, in at least one language."), "abstract")
    if not proposal.format or proposal.format not in (call.formats or []):
        raise ProposalError(_("Choose one of the formats the call offers."), "format")
    offered = call_track_ids(call)
    if offered is not None and proposal.track_id not in offered:
        raise ProposalError(_("Choose one of the tracks the call offers."), "track")
    if not proposal.contact_name or not proposal.contact_email:
        raise ProposalError(_("Name the contact person and their email."), "contact_name")
    if not proposal.languages:
        raise ProposalError(_("Choose the language(s) of the side event."), "languages")
    questions = question_list(event=call.event, active_only=True, target=QuestionTarget.PROPOSAL)
    required = [question for question in questions if question.required]
    if required:
        answered = set(
            ProposalAnswer.objects.filter(
                proposal=proposal, question__in=required, value__isnull=False
            ).values_list("question_id", flat=True)
        )
        for question in required:
            if question.pk not in answered:
                raise ProposalError(
                    _("Answer the question “%(label)s” before submitting.")
                    % {"label": question.display_label},
                    f"question_{question.pk}",
                )


@transaction.atomic
def proposal_submit(*, proposal: Proposal) -> Proposal:
    """Send a complete draft to the organisers while the call is open, if its organisation has
    a place left under the call's maximum (counted under the call's row lock)."""
    call, locked = _locked(proposal)
    if locked.state == ProposalState.SUBMITTED:
        return locked
    if locked.state != ProposalState.DRAFT:
        _state_check(locked)
    _open_check(call)
    _complete_check(call, locked)
    _maximum_check(call, locked)
    before = audit_snapshot(locked, AUDITED)
    locked.state = ProposalState.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["state", "submitted_at", "updated_at"])
    audit_record(
        event=call.event,
        obj=locked,
        action=AuditAction.SUBMITTED,
        actor_label=PROPOSER,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED)),
    )
    zone = call.event.tzinfo
    mail_send_later(
        to=[locked.contact_email],
        template="proposal_received",
        language=locked.contact_language,
        context={
            "contact_name": locked.contact_name,
            "event_name": call.event.name,
            "title": contact_title(locked, locked.contact_language),
            "reference": locked.code,
            "closes_at": f"{timezone.localtime(call.closes_at, zone):%Y-%m-%d %H:%M} ({zone.key})",
        },
    )
    logger.info("proposal %s submitted", locked.pk)
    return locked


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal) -> Proposal:
    """Withdraw the proposal, whatever its state and whether or not the call is open. An
    accepted proposal's session is cancelled (the public programme shows it cancelled from
    the next publish)."""
    # The session is read after the lock, by its id: a row joined to the locked one would be
    # read as it was before an acceptance the lock waited for.
    locked = lock_one(
        Proposal.objects.filter(event_id=proposal.event_id).select_related("event"), proposal.pk
    )
    if locked.state == ProposalState.WITHDRAWN:
        raise ProposalError(_("This proposal is already withdrawn."), "state")
    before = audit_snapshot(locked, AUDITED)
    was_accepted = locked.state == ProposalState.ACCEPTED
    locked.state = ProposalState.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["state", "withdrawn_at", "updated_at"])
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.WITHDRAWN,
        actor_label=PROPOSER,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED)),
    )
    session = Session.objects.filter(pk=locked.session_id).first()
    if was_accepted and session is not None and session.state != SessionState.CANCELLED:
        session_cancel(session=session, user=None)
    logger.info("proposal %s withdrawn", locked.pk)
    return locked


# --- The secret link ---------------------------------------------------------------------------


def proposal_send_new_links(*, event: Event, email: str) -> int:
    """Email a new secret link for each of ``event``'s proposals (not withdrawn) whose contact
    is ``email``, whatever its case; returns how many were sent.

    Only hashes are stored, so the old link cannot be resent. The new one is kept pending:
    the old link works until the new one is first used, so a stranger asking for links
    cannot lock the proposer out. At most ``FORUM_NEW_LINK_RATE`` requests per email address
    are served (counted whether or not the address has proposals); beyond that nothing is
    sent. The caller shows the same message in every case.
    """
    email = email.strip()
    bucket = f"proposal-new-link:email:{email.lower()}"
    if not hit(bucket, rate=settings.FORUM_NEW_LINK_RATE).allowed:
        return 0
    return _send_new_links(event=event, email=email)


@transaction.atomic
def _send_new_links(*, event: Event, email: str) -> int:
    proposals = lock(
        Proposal.objects.filter(event=event, contact_email__iexact=email).exclude(
            state=ProposalState.WITHDRAWN
        )
    )
    for proposal in proposals:
        proposal.event = event
        token = token_new()
        proposal.pending_token_hash = token_hash(token)
        proposal.save(update_fields=["pending_token_hash", "updated_at"])
        mail_send_later(
            to=[proposal.contact_email],
            template="proposal_new_link",
            language=proposal.contact_language,
            context={
                "contact_name": proposal.contact_name,
                "event_name": event.name,
                "title": contact_title(proposal, proposal.contact_language),
                "reference": proposal.code,
                "link_path": _link_path(proposal, token),
            },
        )
    if proposals:
        logger.info("new links sent for %d proposal(s) of event %s", len(proposals), event.pk)
    return len(proposals)


def proposal_link_open(*, event: Event, token: str) -> Proposal:
    """The proposal of ``event`` this secret link opens; raises ``Proposal.DoesNotExist``.

    A requested new link (``pending_token_hash``) becomes the proposal's link on its first
    use, and only then does the previous link stop working. The current link costs the one
    read of ``proposal_get_by_token``.
    """
    try:
        return proposal_get_by_token(event=event, token=token)
    except Proposal.DoesNotExist:
        if not token or len(token) > 100:
            raise
    # Read again whatever the promotion did: a concurrent first use may have promoted it.
    _pending_promote(event=event, token=token)
    return proposal_get_by_token(event=event, token=token)


@transaction.atomic
def _pending_promote(*, event: Event, token: str) -> None:
    """Make the pending link carrying ``token`` the proposal's link, if one does."""
    digest = token_hash(token)
    promoted = Proposal.objects.filter(event=event, pending_token_hash=digest).update(
        token_hash=digest, pending_token_hash=None, updated_at=timezone.now()
    )
    if promoted:
        logger.info("a proposal's new link was used for the first time")
