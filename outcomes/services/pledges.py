"""Pledges: the local actions a signatory commits to, each text reviewed before it is public.

The signatory adds and updates pledges through their endorsement's secret link, only while
the endorsement is published and the statement public. Every text is a new numbered
revision awaiting review; a still-pending older one is superseded (the database holds "one
pending revision per pledge"). An organiser approves a revision, which becomes what the
public sees, or rejects it with a reason: a pledge never published is then not published,
one already public keeps its previous text.

Locks are taken in one order: the endorsement's row, then the pledge's. Revision numbers are
counted under the pledge's lock, so two updates never take the same number.
"""

from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import CONTENT_LANGUAGES, clean_texts, content_write, pick, write_texts
from forum.links import validate_https_url
from forum.locking import lock_one
from forum.mail import mail_send_later
from forum.signals import pledge_published
from outcomes.enums import (
    PUBLIC_STATES,
    EndorsementState,
    PledgeState,
    PledgeStatus,
    RevisionState,
)
from outcomes.inputs import PledgeInput
from outcomes.models import Endorsement, Pledge, PledgeRevision
from outcomes.models.pledge import FIGURE_MAX
from outcomes.services import OutcomeError
from outcomes.services.endorsements import statement_url
from sessions.models import Track
from sessions.models.programme import code_new

TRANSLATED = ("title", "description", "figure_label")
# What the audit log records of an organiser's decision on a pledge (the signatory's texts
# are recorded as changed, never copied).
DECISION_FIELDS = ("state", "published_revision", "published_at")
TITLE_MAX = 200
DESCRIPTION_MAX = 5000
FIGURE_LABEL_MAX = 120
REASON_MAX = 2000
# A signatory's link writes without an account: these bound what one link can add, counted
# under the endorsement's row lock (an organisation pledges a handful of actions, each
# updated a few times a year).
PLEDGES_PER_ENDORSEMENT_MAX = 30
REVISIONS_PER_PLEDGE_MAX = 60


class PledgeError(OutcomeError):
    """A refused pledge change. ``field`` names the form field a bad value belongs to
    ("title_fr", "link"…), "" when the refusal is about the whole pledge."""

    code = "invalid"

    def __init__(self, message=None, code: str | None = None, *, field: str = ""):
        super().__init__(message, code)
        self.field = field


class _TextError(PledgeError):
    """clean_texts raises ``error(message, column)``: an invalid value of that column."""

    def __init__(self, message, column: str):
        super().__init__(message, "invalid", field=column)


def pledge_may_add(*, endorsement: Endorsement) -> bool:
    """Whether the endorsement's link may add or change pledges: the endorsement is
    published and its statement public."""
    return (
        endorsement.state == EndorsementState.PUBLISHED
        and endorsement.statement.state in PUBLIC_STATES
    )


def _check_endorsement(endorsement: Endorsement) -> None:
    if endorsement.state != EndorsementState.PUBLISHED:
        raise PledgeError(
            _("Local actions can be added once the endorsement is confirmed and public."),
            "not_published_endorsement",
        )
    if endorsement.statement.state not in PUBLIC_STATES:
        raise PledgeError(_("Local actions can be added only to an adopted statement."), "state")


def _fields(*, data: PledgeInput, event_id: int) -> dict:
    """The revision's columns from ``data``, every value checked (PledgeError "invalid")."""
    titles = clean_texts(data.titles, field="title", max_length=TITLE_MAX, error=_TextError)
    if not any(titles.values()):
        raise PledgeError(
            _("Give the action a title in at least one language."),
            "invalid",
            field=f"title_{next(iter(titles), CONTENT_LANGUAGES[0])}",
        )
    descriptions = clean_texts(
        data.descriptions,
        field="description",
        max_length=DESCRIPTION_MAX,
        error=_TextError,
        single_line=False,
    )
    labels = clean_texts(
        data.figure_labels, field="figure_label", max_length=FIGURE_LABEL_MAX, error=_TextError
    )
    if data.status not in PledgeStatus.values:
        raise PledgeError(_("Choose a status from the list."), "invalid", field="status")
    if data.target_date is not None and not isinstance(data.target_date, date):
        raise PledgeError(_("Enter a valid date."), "invalid", field="target_date")
    link = (data.link or "").strip()
    if link:
        try:
            validate_https_url(link)
        except ValidationError as exc:
            raise PledgeError(exc.messages[0], "invalid", field="link") from exc
    figure = data.figure
    if figure is not None and (
        isinstance(figure, bool) or not isinstance(figure, int) or not 0 <= figure <= FIGURE_MAX
    ):
        raise PledgeError(
            _("Enter a whole number from 0 to %(max)s.") % {"max": f"{FIGURE_MAX:,}"},
            "invalid",
            field="figure",
        )
    track = None
    if data.track_id is not None:
        track = Track.objects.filter(pk=data.track_id, event_id=event_id).first()
        if track is None:
            raise PledgeError(_("Choose a theme of this forum."), "invalid", field="track")
    return {
        "texts": {"title": titles, "description": descriptions, "figure_label": labels},
        "track": track,
        "status": data.status,
        "target_date": data.target_date,
        "link": link,
        "figure": figure,
    }


def _locked_endorsement(endorsement: Endorsement) -> Endorsement:
    return lock_one(
        Endorsement.objects.select_related("statement__event", "organisation"), endorsement.pk
    )


def _locked_pledge(pledge: Pledge) -> Pledge:
    return lock_one(Pledge.objects.all(), pledge.pk)


def _revision_add(*, pledge: Pledge, fields: Mapping) -> PledgeRevision:
    """A new pending revision of the locked ``pledge``; a pending older one is superseded."""
    pledge.revisions.filter(state=RevisionState.PENDING).update(state=RevisionState.SUPERSEDED)
    last = pledge.revisions.aggregate(n=Max("number"))["n"] or 0
    revision = PledgeRevision(
        pledge=pledge,
        number=last + 1,
        track=fields["track"],
        status=fields["status"],
        target_date=fields["target_date"],
        link=fields["link"],
        figure=fields["figure"],
    )
    for name, texts in fields["texts"].items():
        write_texts(revision, name, texts)
    with content_write():
        revision.save()
    return revision


def _code_free() -> str:
    for _attempt in range(10):
        code = code_new()
        if not Pledge.objects.filter(code=code).exists():
            return code
    raise PledgeError(_("The server is busy; please try again."), "busy")


@transaction.atomic
def pledge_create(*, endorsement: Endorsement, data: PledgeInput) -> Pledge:
    """The signatory adds a pledge; its first text awaits the organisers' review."""
    endorsement = _locked_endorsement(endorsement)
    _check_endorsement(endorsement)
    fields = _fields(data=data, event_id=endorsement.statement.event_id)
    kept = endorsement.pledges.exclude(state=PledgeState.WITHDRAWN).count()
    if kept >= PLEDGES_PER_ENDORSEMENT_MAX:
        raise PledgeError(
            _("An organisation may pledge at most %(max)d local actions under a statement.")
            % {"max": PLEDGES_PER_ENDORSEMENT_MAX},
            "limit",
        )
    pledge = Pledge.objects.create(
        statement=endorsement.statement,
        endorsement=endorsement,
        organisation=endorsement.organisation,
        code=_code_free(),
        state=PledgeState.PENDING,
    )
    _revision_add(pledge=pledge, fields=fields)
    pledge.endorsement = endorsement
    return pledge


@transaction.atomic
def pledge_update(*, pledge: Pledge, data: PledgeInput) -> PledgeRevision:
    """The signatory sends a new text of a pledge; it awaits review and replaces a text still
    awaiting it. The public keeps seeing the approved text until the new one is approved."""
    endorsement = _locked_endorsement(pledge.endorsement)
    locked = _locked_pledge(pledge)
    _check_endorsement(endorsement)
    if locked.state == PledgeState.WITHDRAWN:
        raise PledgeError(_("This local action has been withdrawn."), "state")
    fields = _fields(data=data, event_id=endorsement.statement.event_id)
    if locked.revisions.count() >= REVISIONS_PER_PLEDGE_MAX:
        raise PledgeError(
            _("This local action has reached %(max)d texts: ask the organisers to update it.")
            % {"max": REVISIONS_PER_PLEDGE_MAX},
            "limit",
        )
    revision = _revision_add(pledge=locked, fields=fields)
    if locked.state == PledgeState.REJECTED:
        locked.state = PledgeState.PENDING
        locked.save(update_fields=["state", "updated_at"])
    else:
        locked.save(update_fields=["updated_at"])
    return revision


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, now: datetime | None = None) -> Pledge:
    """The signatory withdraws a pledge: it leaves the public lists, and a text awaiting
    review is no longer reviewed."""
    now = now or timezone.now()
    endorsement = _locked_endorsement(pledge.endorsement)
    locked = _locked_pledge(pledge)
    if endorsement.state == EndorsementState.WITHDRAWN:
        raise PledgeError(_("This endorsement has been withdrawn."), "not_published_endorsement")
    if locked.state == PledgeState.WITHDRAWN:
        raise PledgeError(_("This local action has already been withdrawn."), "state")
    locked.revisions.filter(state=RevisionState.PENDING).update(state=RevisionState.SUPERSEDED)
    locked.state = PledgeState.WITHDRAWN
    locked.withdrawn_at = now
    locked.save(update_fields=["state", "withdrawn_at", "updated_at"])
    locked.endorsement = endorsement
    return locked


def _decision_locked(revision: PledgeRevision) -> tuple[Endorsement, Pledge, PledgeRevision]:
    """The revision's endorsement and pledge locked (in that order), and the revision as it
    is now; PledgeError unless it still awaits review on a pledge that may be published."""
    pledge = Pledge.objects.only("pk", "endorsement_id").get(pk=revision.pledge_id)
    endorsement = lock_one(
        Endorsement.objects.select_related("statement__event", "organisation"),
        pledge.endorsement_id,
    )
    locked = _locked_pledge(pledge)
    current = PledgeRevision.objects.get(pk=revision.pk)
    if current.state != RevisionState.PENDING:
        raise PledgeError(
            _("This text is %(state)s: only a text awaiting review can be decided.")
            % {"state": current.get_state_display().lower()},
            "pending_only",
        )
    if locked.state == PledgeState.WITHDRAWN:
        raise PledgeError(_("This local action has been withdrawn."), "state")
    if endorsement.state == EndorsementState.WITHDRAWN:
        raise PledgeError(_("This endorsement has been withdrawn."), "not_published_endorsement")
    locked.endorsement = endorsement
    current.pledge = locked
    return endorsement, locked, current


def _texts_changed(old: PledgeRevision | None, new: PledgeRevision) -> dict:
    """The signatory's text columns that differ between two revisions, as "changed" without
    their words."""
    changes = {}
    for name in TRANSLATED:
        for code in CONTENT_LANGUAGES:
            column = f"{name}_{code}"
            before = getattr(old, column, "") or "" if old is not None else ""
            if before != (getattr(new, column, "") or ""):
                changes[column] = [None, None]
    return changes


def _email(
    pledge: Pledge, revision: PledgeRevision, template: str, *, published_before: bool
) -> None:
    endorsement = pledge.endorsement
    statement = endorsement.statement
    language = endorsement.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "name": endorsement.signatory,
            "organisation": endorsement.organisation.name,
            "statement": statement.title,
            "event": statement.event.name,
            "statement_url": statement_url(statement=statement, language=language),
            "title": str(
                pick(
                    {code: getattr(revision, f"title_{code}", "") for code in CONTENT_LANGUAGES},
                    requested=language,
                    languages=statement.event.languages,
                )
            ),
            "code": pledge.code,
            "reason": revision.reason,
            "published_before": published_before,
        }
    mail_send_later(to=[endorsement.email], template=template, language=language, context=context)


@transaction.atomic
def revision_approve(*, revision: PledgeRevision, user, now: datetime | None = None) -> Pledge:
    """An organiser approves a text: it is what the public sees of the pledge from now on."""
    now = now or timezone.now()
    endorsement, pledge, revision = _decision_locked(revision)
    previous = (
        PledgeRevision.objects.get(pk=pledge.published_revision_id)
        if pledge.published_revision_id
        else None
    )
    before = audit_snapshot(pledge, DECISION_FIELDS)
    revision.state = RevisionState.APPROVED
    revision.decided_at = now
    revision.decided_by = user if user is not None and user.is_authenticated else None
    revision.save(update_fields=["state", "decided_at", "decided_by"])
    pledge.published_revision = revision
    pledge.state = PledgeState.PUBLISHED
    pledge.published_at = pledge.published_at or now
    pledge.save(update_fields=["published_revision", "state", "published_at", "updated_at"])
    audit_record(
        event=endorsement.statement.event,
        obj=pledge,
        action=AuditAction.APPROVED,
        actor=user,
        changes={
            **audit_diff(before, audit_snapshot(pledge, DECISION_FIELDS)),
            **_texts_changed(previous, revision),
        },
    )
    pledge_published.send(sender=Pledge, pledge=pledge, revision=revision)
    _email(pledge, revision, "pledge_approved", published_before=previous is not None)
    return pledge


@transaction.atomic
def revision_reject(
    *, revision: PledgeRevision, user, reason: str, now: datetime | None = None
) -> Pledge:
    """An organiser rejects a text with a reason the signatory reads. A pledge never
    published is then not published; a public one keeps its approved text."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise PledgeError(_("Give the signatory a reason."), "invalid", field="reason")
    if len(reason) > REASON_MAX:
        raise PledgeError(
            _("At most %(max)d characters.") % {"max": REASON_MAX}, "invalid", field="reason"
        )
    endorsement, pledge, revision = _decision_locked(revision)
    before = {**audit_snapshot(pledge, DECISION_FIELDS), "revision": revision.state}
    revision.state = RevisionState.REJECTED
    revision.decided_at = now
    revision.decided_by = user if user is not None and user.is_authenticated else None
    revision.reason = reason
    revision.save(update_fields=["state", "decided_at", "decided_by", "reason"])
    published_before = pledge.published_revision_id is not None
    if not published_before:
        pledge.state = PledgeState.REJECTED
    pledge.save(update_fields=["state", "updated_at"])
    audit_record(
        event=endorsement.statement.event,
        obj=pledge,
        action=AuditAction.DECIDED,
        actor=user,
        changes=audit_diff(
            before, {**audit_snapshot(pledge, DECISION_FIELDS), "revision": revision.state}
        ),
        note=f"r{revision.number}",
    )
    _email(pledge, revision, "pledge_rejected", published_before=published_before)
    return pledge
