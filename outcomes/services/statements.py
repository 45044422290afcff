"""Statement state transitions and versions. Every state change goes through one of these.

draft -> consultation -> adopted -> open for endorsement <-> closed (and consultation -> draft).
Each service locks the statement row, checks the move is allowed from the state it finds,
writes, and logs who did it and when.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.enums import WORKING_LANGUAGES
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import texts_of
from forum.locking import lock_one
from outcomes.enums import EDITABLE_STATES, STATEMENT_TRANSITIONS, ActorLabel, StatementState
from outcomes.models import Statement, StatementSource, StatementTransition, StatementVersion
from outcomes.models.statement import default_endorsing_kinds
from outcomes.selectors.sources import anchor_language, flat, section_containing
from outcomes.services import OutcomeError
from outcomes.text import sections_split


class InvalidTransition(OutcomeError):
    code = "invalid_transition"


# What the audit log records of a statement (its text is recorded through its versions).
STATEMENT_FIELDS = ("title", "slug", "summary", "state", "endorsing_kinds", "requires_approval")
# A move records the state and, on adoption, the adopted version and day.
MOVE_FIELDS = ("state", "adopted_version", "adopted_on")
TEXT_FIELDS = tuple(f"text_{code}" for code in WORKING_LANGUAGES)


def _log(statement: Statement, *, from_state: str, user, note: str = "", version=None) -> None:
    StatementTransition.objects.create(
        statement=statement,
        from_state=from_state,
        to_state=statement.state,
        version_number=version.number if version else None,
        actor=user if user is not None and user.is_authenticated else None,
        actor_label=ActorLabel.ORGANISER if user is not None else ActorLabel.SYSTEM,
        note=note,
    )


def _locked(statement: Statement) -> Statement:
    return lock_one(Statement, statement.pk)


def _texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {f"text_{code}": (texts.get(code) or "").strip() for code in WORKING_LANGUAGES}
    if not any(cleaned.values()):
        raise OutcomeError(_("Write the text in at least one language."), "empty")
    return cleaned


def _move(statement: Statement, *, to_state: str, user, note: str = "", **fields) -> Statement:
    locked = _locked(statement)
    if to_state not in STATEMENT_TRANSITIONS.get(locked.state, ()):
        raise InvalidTransition(
            _("The statement is %(from)s: it cannot become %(to)s.")
            % {
                "from": locked.get_state_display().lower(),
                "to": StatementState(to_state).label.lower(),
            }
        )
    from_state = locked.state
    before = audit_snapshot(locked, MOVE_FIELDS)
    locked.state = to_state
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "updated_at", *fields])
    _log(locked, from_state=from_state, user=user, note=note, version=fields.get("adopted_version"))
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.STATE_CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, MOVE_FIELDS)),
        note=note,
    )
    return locked


@transaction.atomic
def statement_create(
    *,
    event: Event,
    title: str,
    slug: str,
    texts: dict[str, str],
    user,
    summary: str = "",
    endorsing_kinds: list[str] | None = None,
    requires_approval: bool = True,
) -> Statement:
    """A new draft with its first version; only the event's organisers see it."""
    if Statement.objects.filter(event=event, slug=slug).exists():
        raise OutcomeError(_("Another statement of this event uses that slug."), "slug")
    statement = Statement.objects.create(
        event=event,
        title=title.strip(),
        slug=slug,
        summary=summary.strip(),
        endorsing_kinds=list(endorsing_kinds or default_endorsing_kinds()),
        requires_approval=requires_approval,
    )
    version = StatementVersion.objects.create(
        statement=statement, number=1, created_by=_user(user), note="", **_texts(texts)
    )
    _log(statement, from_state="", user=user, version=version)
    audit_record(
        event=event,
        obj=statement,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(statement, STATEMENT_FIELDS)),
    )
    return statement


def _user(user):
    return user if user is not None and user.is_authenticated else None


def statement_lock_editable(*, statement: Statement) -> Statement:
    """The statement's row, locked, while its text may still change; else InvalidTransition."""
    locked = _locked(statement)
    if locked.state not in EDITABLE_STATES:
        raise InvalidTransition(
            _("The statement is %(state)s: its text can no longer change.")
            % {"state": locked.get_state_display().lower()}
        )
    return locked


def version_add(
    *,
    statement: Statement,
    previous: StatementVersion | None,
    texts: dict[str, str],
    user,
    note: str = "",
) -> StatementVersion:
    """Save ``texts`` as the version after ``previous`` of a statement the caller locked,
    audited, with the sources of ``previous`` whose key message is still in the text."""
    version = StatementVersion.objects.create(
        statement=statement,
        number=(previous.number if previous else 0) + 1,
        note=note.strip(),
        created_by=_user(user),
        **_texts(texts),
    )
    # The texts are long: the log says which languages changed, the version page shows how.
    old = audit_snapshot(previous, TEXT_FIELDS) if previous else {}
    texts_changed = {
        name: [None, None]
        for name, value in audit_snapshot(version, TEXT_FIELDS).items()
        if value != old.get(name, "")
    }
    audit_record(
        event=statement.event,
        obj=version,
        action=AuditAction.CREATED,
        actor=user,
        changes={**audit_diff({}, audit_snapshot(version, ("number", "note"))), **texts_changed},
    )
    if previous is not None:
        _sources_carry(previous=previous, version=version, languages=statement.event.languages)
    return version


def _sources_carry(*, previous: StatementVersion, version: StatementVersion, languages) -> None:
    """Copy each source of ``previous`` whose key message (in any of its languages) is still
    in one of the new texts, with the anchor of the section that now holds it."""
    sources = list(previous.sources.select_related("message"))
    if not sources:
        return
    texts = [flat(version.text(code)) for code in version.languages]
    sections = sections_split(version.text(anchor_language(version=version, languages=languages)))
    kept = []
    for source in sources:
        written = [flat(t) for t in texts_of(source.message, "text").values() if flat(t)]
        if any(message in text for message in written for text in texts):
            anchor = section_containing(sections, written) or source.section
            kept.append(StatementSource(version=version, message=source.message, section=anchor))
    StatementSource.objects.bulk_create(kept)


@transaction.atomic
def statement_version_create(
    *, statement: Statement, texts: dict[str, str], user, note: str = ""
) -> StatementVersion:
    """Save the texts as the next version; earlier versions never change (their diffs stay).
    Sources whose key message is still in the text carry forward to it."""
    locked = statement_lock_editable(statement=statement)
    previous = locked.versions.order_by("-number").first()
    return version_add(statement=locked, previous=previous, texts=texts, user=user, note=note)


@transaction.atomic
def statement_settings_update(
    *,
    statement: Statement,
    title: str,
    summary: str,
    endorsing_kinds: list[str],
    requires_approval: bool,
    user=None,
) -> Statement:
    """Title, summary and who may endorse; the text itself changes only through versions."""
    locked = _locked(statement)
    before = audit_snapshot(locked, STATEMENT_FIELDS)
    locked.title = title.strip()
    locked.summary = summary.strip()
    locked.endorsing_kinds = list(endorsing_kinds)
    locked.requires_approval = requires_approval
    locked.full_clean(exclude=["event", "adopted_version"])
    locked.save(
        update_fields=["title", "summary", "endorsing_kinds", "requires_approval", "updated_at"]
    )
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, STATEMENT_FIELDS)),
    )
    return locked


@transaction.atomic
def statement_open_consultation(*, statement: Statement, user) -> Statement:
    """Registered participants may now comment, section by section, through their link."""
    if not statement.versions.exists():  # pragma: no cover - every statement starts with one
        raise InvalidTransition(_("Write a first version before the consultation."))
    return _move(statement, to_state=StatementState.CONSULTATION, user=user)


@transaction.atomic
def statement_return_to_draft(*, statement: Statement, user, note: str = "") -> Statement:
    """Close the consultation (comments stay, for the organisers' record)."""
    return _move(statement, to_state=StatementState.DRAFT, user=user, note=note)


@transaction.atomic
def statement_adopt(
    *, statement: Statement, version: StatementVersion, adopted_on: date, user, note: str = ""
) -> Statement:
    """Freeze ``version`` as the adopted text and record the day; it becomes public."""
    if version.statement_id != statement.pk:
        raise OutcomeError(_("That version belongs to another statement."), "version")
    return _move(
        statement,
        to_state=StatementState.ADOPTED,
        user=user,
        note=note,
        adopted_version=version,
        adopted_on=adopted_on,
    )


@transaction.atomic
def statement_open_for_endorsement(*, statement: Statement, user) -> Statement:
    """Organisations may endorse (again, after a closure)."""
    return _move(statement, to_state=StatementState.OPEN, user=user)


@transaction.atomic
def statement_close(*, statement: Statement, user, note: str = "") -> Statement:
    """No new endorsements; the published ones stay public."""
    return _move(statement, to_state=StatementState.CLOSED, user=user, note=note)
