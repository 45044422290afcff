"""Endorsements: submit, verify (emailed link or head of delegation), approve, withdraw.

A signature counts (becomes public) only when the signer is proven to speak for the
organisation: an address on one of its official domains, a head of delegation the organisers
confirmed, or an organiser's approval. :func:`endorsement_authority` decides the first two;
anything else waits for the third. The method is recorded and shown on the public list.

The database holds the invariant "one live endorsement per organisation and statement" with
a partial unique constraint; the check before the insert only gives a friendlier message,
and a concurrent insert that slips past it fails on the constraint and gets the same message.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.domains import domain_matches, email_domain
from events.enums import WORKING_LANGUAGES
from events.models import AuditAction, Organisation
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.locking import lock, lock_one
from forum.mail import mail_send_later
from forum.signals import endorsement_published
from forum.tokens import token_hash, token_new
from outcomes.enums import (
    PROVEN_METHODS,
    ActorLabel,
    EndorsementState,
    StatementState,
    VerificationMethod,
)
from outcomes.models import Endorsement, Statement
from outcomes.services import OutcomeError
from registrations.enums import RegistrationState
from registrations.models import Registration
from registrations.selectors.registrations import delegation_headed_by

# What the audit log records of an organiser's decision (the signatory is named on the row,
# not in the log; a withdrawal's reason is recorded as changed, without its words).
DECISION_FIELDS = ("state", "method")


class AlreadyEndorsed(OutcomeError):
    code = "duplicate"


def link_hours() -> int:
    return int(getattr(settings, "FORUM_ENDORSEMENT_LINK_HOURS", 72))


def endorsement_url(*, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("outcomes:endorsement_link", kwargs={"token": token})


def statement_url(*, statement: Statement, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(
            "outcomes:statement",
            kwargs={"event_slug": statement.event.slug, "slug": statement.slug},
        )


def _email(endorsement: Endorsement, template: str, *, token: str = "", **extra) -> None:
    statement = endorsement.statement
    context = {
        "name": endorsement.signatory,
        "organisation": endorsement.organisation.name,
        "statement": statement.title,
        "event": statement.event.name,
        "statement_url": statement_url(statement=statement, language=endorsement.language),
        "link_url": endorsement_url(token=token, language=endorsement.language) if token else "",
        "link_hours": link_hours(),
        "state": endorsement.state,
        "reason": endorsement.withdrawal_reason,
        **extra,
    }
    mail_send_later(
        to=[endorsement.email], template=template, language=endorsement.language, context=context
    )


def _published(endorsement: Endorsement) -> None:
    """Tell the subscribers (the partners' signed webhook) that it became public; sent in this
    transaction, so what they record commits or rolls back with it (forum.signals)."""
    endorsement_published.send(sender=Endorsement, endorsement=endorsement)


def _check_open(statement: Statement, organisation: Organisation) -> None:
    if statement.state != StatementState.OPEN:
        raise OutcomeError(_("This statement is not open for endorsement."), "not_open")
    if organisation.kind not in statement.endorsing_kinds:
        raise OutcomeError(
            _("Organisations of this kind (%(kind)s) cannot endorse this statement.")
            % {"kind": organisation.get_kind_display()},
            "kind",
        )


def _duplicate_message(existing: Endorsement | None):
    if existing is not None and existing.state == EndorsementState.UNVERIFIED:
        return _(
            "An endorsement for this organisation is waiting for its signatory to confirm it "
            "by email."
        )
    if existing is not None and existing.state == EndorsementState.PENDING_APPROVAL:
        # Not "already endorsed": nothing is public, and it may not be the organisation's own.
        return _(
            "An endorsement for this organisation awaits the organisers’ approval; if it is "
            "not yours, please tell the organisers."
        )
    return _("This organisation has already endorsed the statement.")


def _clear_expired(*, statement: Statement, organisation: Organisation, now: datetime) -> None:
    """An unconfirmed endorsement whose link has expired no longer blocks the organisation."""
    Endorsement.objects.filter(
        statement=statement,
        organisation=organisation,
        state=EndorsementState.UNVERIFIED,
        token_expires_at__lte=now,
    ).update(
        state=EndorsementState.WITHDRAWN,
        withdrawn_at=now,
        withdrawn_by=ActorLabel.SYSTEM,
        withdrawal_reason="confirmation link expired",
        updated_at=now,
    )


def _insert(*, statement: Statement, organisation: Organisation, now: datetime, **fields):
    _clear_expired(statement=statement, organisation=organisation, now=now)
    existing = (
        Endorsement.objects.filter(statement=statement, organisation=organisation)
        .exclude(state=EndorsementState.WITHDRAWN)
        .first()
    )
    if existing is not None:
        raise AlreadyEndorsed(_duplicate_message(existing))
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the error
            return Endorsement.objects.create(
                statement=statement, organisation=organisation, **fields
            )
    except IntegrityError as exc:
        if "endorsement_one_per_organisation" not in str(exc) and "UNIQUE" not in str(exc):
            raise
        raise AlreadyEndorsed(_duplicate_message(None)) from exc


def endorsement_authority(
    *,
    statement: Statement,
    organisation: Organisation,
    email: str = "",
    registration: Registration | None = None,
) -> VerificationMethod | None:
    """Who may endorse for ``organisation`` on their own: the proof the signer brings, or None.

    A confirmed head of that organisation's delegation at the statement's event (their
    registration confirmed), or an address on one of the organisation's official domains.
    None means the endorsement may only count once an organiser approves it.
    """
    if registration is not None:
        delegation = delegation_headed_by(registration=registration)
        if (
            delegation is not None
            and delegation.event_id == statement.event_id
            and delegation.organisation_id == organisation.pk
            and registration.event_id == statement.event_id
            and registration.state == RegistrationState.CONFIRMED
        ):
            return VerificationMethod.DELEGATION
    if email and domain_matches(email_domain(email), organisation.domains):
        return VerificationMethod.DOMAIN
    return None


def endorsement_delegation_organisation(
    *, statement: Statement, registration: Registration
) -> Organisation | None:
    """The organisation ``registration`` may endorse ``statement`` for in one step, or None.

    Only its delegation's organisation, and only while it is that delegation's confirmed head
    at the statement's event with a confirmed registration (``endorsement_authority``).
    """
    delegation = delegation_headed_by(registration=registration)
    if delegation is None:
        return None
    method = endorsement_authority(
        statement=statement, organisation=delegation.organisation, registration=registration
    )
    return delegation.organisation if method == VerificationMethod.DELEGATION else None


def endorsement_may_endorse_by_delegation(
    *, statement: Statement, registration: Registration, live: Endorsement | None
) -> bool:
    """Whether ``endorsement_by_delegation`` would accept this registrant now: a statement
    open to their organisation's kind, which has no live endorsement yet (``live``)."""
    organisation = endorsement_delegation_organisation(
        statement=statement, registration=registration
    )
    return (
        organisation is not None
        and live is None
        and statement.state == StatementState.OPEN
        and organisation.kind in statement.endorsing_kinds
    )


def endorsement_may_withdraw(*, endorsement: Endorsement, registration: Registration) -> bool:
    """Whether a registrant may withdraw ``endorsement`` through their manage link: they
    signed it, and still speak for its organisation (its delegation's confirmed head)."""
    if endorsement.registration_id != registration.pk:
        return False
    if endorsement.state == EndorsementState.WITHDRAWN:
        return False
    organisation = endorsement_delegation_organisation(
        statement=endorsement.statement, registration=registration
    )
    return organisation is not None and organisation.pk == endorsement.organisation_id


def endorsement_evidence(*, endorsement: Endorsement) -> dict:
    """What an organiser weighs before approving: the signatory's address domain against the
    organisation's official domains (a head of delegation's registration is on the row)."""
    domain = email_domain(endorsement.email)
    official = endorsement.organisation.domains
    return {
        "email_domain": domain,
        "official_domains": official,
        "matching_domain": domain_matches(domain, official),
    }


def _language(language: str) -> str:
    return language if language in WORKING_LANGUAGES else settings.LANGUAGE_CODE


@transaction.atomic
def endorsement_submit(
    *,
    statement: Statement,
    organisation: Organisation,
    honorific: str,
    signatory_name: str,
    signatory_title: str,
    email: str,
    language: str,
    now: datetime | None = None,
) -> tuple[Endorsement, str]:
    """Anyone proposes an endorsement; it counts only once confirmed through the emailed link,
    and then only if the address is on the organisation's official domains (otherwise, and
    whenever the statement asks for it, once an organiser approves).

    Returns the endorsement and the link's secret (only its hash is stored).
    """
    now = now or timezone.now()
    statement = Statement.objects.select_related("event").get(pk=statement.pk)
    _check_open(statement, organisation)
    method = endorsement_authority(statement=statement, organisation=organisation, email=email)
    token = token_new()
    endorsement = _insert(
        statement=statement,
        organisation=organisation,
        now=now,
        state=EndorsementState.UNVERIFIED,
        method=method or VerificationMethod.ORGANISERS,
        honorific=honorific,
        signatory_name=signatory_name.strip(),
        signatory_title=signatory_title.strip(),
        email=email.strip(),
        language=_language(language),
        token_hash=token_hash(token),
        token_expires_at=now + timedelta(hours=link_hours()),
    )
    _email(endorsement, "endorsement_confirm", token=token)
    return endorsement, token


def _verify(endorsement: Endorsement, *, now: datetime) -> Endorsement:
    """Public at once only with a proof of its own and a statement that does not ask for
    every endorsement to be approved; otherwise it waits for an organiser."""
    endorsement.verified_at = now
    if endorsement.statement.requires_approval or endorsement.method not in PROVEN_METHODS:
        endorsement.state = EndorsementState.PENDING_APPROVAL
    else:
        endorsement.state = EndorsementState.PUBLISHED
        endorsement.published_at = now
    return endorsement


@transaction.atomic
def endorsement_confirm(*, token: str, now: datetime | None = None) -> Endorsement:
    """The signatory confirms through the emailed link (a POST: mail scanners only GET)."""
    now = now or timezone.now()
    endorsement = _by_token(token, locked=True)
    if endorsement is None:
        raise OutcomeError(_("This link is not valid."), "invalid")
    if endorsement.state != EndorsementState.UNVERIFIED:
        raise OutcomeError(_("This endorsement has already been confirmed."), "confirmed")
    if endorsement.token_expires_at is None or endorsement.token_expires_at <= now:
        raise OutcomeError(
            _("This link has expired: please submit the endorsement again."), "expired"
        )
    if endorsement.statement.state != StatementState.OPEN:
        raise OutcomeError(_("This statement is not open for endorsement."), "not_open")
    # The organisation's domains may have changed since the submission: judge them now.
    method = endorsement_authority(
        statement=endorsement.statement,
        organisation=endorsement.organisation,
        email=endorsement.email,
    )
    endorsement.method = method or VerificationMethod.ORGANISERS
    _verify(endorsement, now=now)
    endorsement.save(update_fields=["state", "method", "verified_at", "published_at", "updated_at"])
    _email(endorsement, "endorsement_verified")
    if endorsement.is_public:
        _published(endorsement)
    return endorsement


@transaction.atomic
def endorsement_by_delegation(
    *,
    statement: Statement,
    registration: Registration,
    honorific: str,
    signatory_name: str,
    signatory_title: str,
    now: datetime | None = None,
) -> Endorsement:
    """A head of delegation whom the organisers confirmed endorses for their organisation (and
    only that one) in one step.

    The manage link proves who they are and the organisers' confirmation that they speak for
    the organisation, so no email confirmation is needed.
    """
    now = now or timezone.now()
    statement = Statement.objects.select_related("event").get(pk=statement.pk)
    organisation = endorsement_delegation_organisation(
        statement=statement, registration=registration
    )
    if organisation is None:
        raise OutcomeError(
            _("Only a confirmed head of delegation of this forum can endorse in one step."),
            "not_head",
        )
    _check_open(statement, organisation)
    public = not statement.requires_approval
    endorsement = _insert(
        statement=statement,
        organisation=organisation,
        now=now,
        state=EndorsementState.PUBLISHED if public else EndorsementState.PENDING_APPROVAL,
        verified_at=now,
        published_at=now if public else None,
        method=VerificationMethod.DELEGATION,
        honorific=honorific,
        signatory_name=signatory_name.strip(),
        signatory_title=signatory_title.strip(),
        email=registration.email,
        language=_language(registration.language),
        registration=registration,
    )
    _email(endorsement, "endorsement_verified")
    if endorsement.is_public:
        _published(endorsement)
    return endorsement


def _locked(endorsement: Endorsement) -> Endorsement:
    return lock_one(
        Endorsement.objects.select_related("statement__event", "organisation"), endorsement.pk
    )


@transaction.atomic
def endorsement_approve(*, endorsement: Endorsement, user, now: datetime | None = None):
    """An organiser approves a verified endorsement; it becomes public.

    An endorsement without a proof of its own is then recorded as approved by the organisers.
    """
    now = now or timezone.now()
    locked = _locked(endorsement)
    if locked.state != EndorsementState.PENDING_APPROVAL:
        raise OutcomeError(
            _("This endorsement is %(state)s and cannot be approved.")
            % {"state": locked.get_state_display().lower()},
            "invalid_transition",
        )
    before = audit_snapshot(locked, DECISION_FIELDS)
    locked.state = EndorsementState.PUBLISHED
    locked.approved_at = locked.published_at = now
    locked.approved_by = user
    if locked.method not in PROVEN_METHODS:
        locked.method = VerificationMethod.ORGANISERS
    locked.save(
        update_fields=[
            "state",
            "method",
            "approved_at",
            "approved_by",
            "published_at",
            "updated_at",
        ]
    )
    audit_record(
        event=locked.statement.event,
        obj=locked,
        action=AuditAction.APPROVED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, DECISION_FIELDS)),
    )
    _email(locked, "endorsement_approved")
    _published(locked)
    return locked


@transaction.atomic
def endorsement_withdraw(
    *,
    endorsement: Endorsement,
    actor_label: str,
    reason: str,
    user=None,
    registration: Registration | None = None,
    now: datetime | None = None,
) -> Endorsement:
    """Withdraw (an organiser, or the signatory through their emailed link or their
    registration's manage link), with a recorded reason.

    Through a manage link (``registration`` given) only the registrant who signed it, while
    still their delegation's confirmed head, may (``endorsement_may_withdraw``). The
    organisation may endorse again afterwards: the constraint ignores withdrawn rows.
    """
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise OutcomeError(_("Give a reason for the withdrawal."), "reason")
    locked = _locked(endorsement)
    if locked.state == EndorsementState.WITHDRAWN:
        raise OutcomeError(_("This endorsement has already been withdrawn."), "withdrawn")
    if registration is not None and not endorsement_may_withdraw(
        endorsement=locked, registration=registration
    ):
        raise OutcomeError(_("Only the signatory can withdraw this endorsement."), "not_signatory")
    before = audit_snapshot(locked, DECISION_FIELDS)
    locked.state = EndorsementState.WITHDRAWN
    locked.withdrawn_at = now
    locked.withdrawn_by = ActorLabel(actor_label)
    locked.withdrawal_reason = reason
    locked.save(
        update_fields=["state", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]
    )
    if locked.withdrawn_by == ActorLabel.ORGANISER:
        # An organiser's decision; the signatory's own withdrawal is theirs, not the log's.
        audit_record(
            event=locked.statement.event,
            obj=locked,
            action=AuditAction.WITHDRAWN,
            actor=user,
            changes={
                **audit_diff(before, audit_snapshot(locked, DECISION_FIELDS)),
                "withdrawal_reason": [None, None],
            },
        )
    _email(locked, "endorsement_withdrawn")
    return locked


def _by_token(token: str, *, locked: bool = False) -> Endorsement | None:
    if not token or len(token) > 100:
        return None
    queryset = Endorsement.objects.select_related("statement__event", "organisation").filter(
        token_hash=token_hash(token)
    )
    if locked:
        found = lock(queryset)
        return found[0] if found else None
    return queryset.first()


def endorsement_get_by_token(*, token: str) -> Endorsement | None:
    return _by_token(token)
