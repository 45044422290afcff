"""An event's call for side events and its review criteria: the organisers' writes.

Dates arrive as aware datetimes (the forms read them in the event's time zone) and are stored
in UTC. Every write is audited; a criterion reviewers already scored is never deleted, so no
review loses part of its total.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import clean_texts, content_write, merged_texts, write_texts
from forum.errors import ServiceError
from forum.locking import lock_one
from sessions.enums import PROPOSAL_FORMATS
from sessions.models import CallForProposals, ReviewCriterion, Track

# What the history shows of a call (guidelines per language, ``guidelines_fr``).
AUDITED_CALL = (
    "opens_at",
    "closes_at",
    "published",
    "guidelines",
    "formats",
    "languages",
    "max_per_organisation",
    "anonymise",
)
AUDITED_CRITERION = ("name", "description", "weight", "order")
CRITERION_NAME_MAX = ReviewCriterion._meta.get_field("name").max_length
CRITERION_DESCRIPTION_MAX = 2000
GUIDELINES_MAX = 10000


class CallError(ServiceError):
    """A call or criterion write refused; ``code`` names the form field when there is one."""


def _track_names(tracks) -> list[str]:
    return sorted(str(track.name) for track in tracks)


def _call_check(
    *,
    event: Event,
    opens_at: datetime,
    closes_at: datetime,
    formats: Iterable[str],
    tracks: Iterable[Track],
    languages: Iterable[str],
    max_per_organisation: int | None,
) -> tuple[list[str], list[Track], list[str]]:
    if opens_at is None or opens_at.tzinfo is None:
        raise CallError(_("Give the opening date and time."), "opens_at")
    if closes_at is None or closes_at.tzinfo is None:
        raise CallError(_("Give the closing date and time."), "closes_at")
    if closes_at <= opens_at:
        raise CallError(_("The call must close after it opens."), "closes_at")
    offered = [kind.value for kind in PROPOSAL_FORMATS]
    formats = list(dict.fromkeys(formats))
    if not formats:
        raise CallError(_("Offer at least one format."), "formats")
    if any(value not in offered for value in formats):
        raise CallError(_("Choose formats among those offered."), "formats")
    formats = [value for value in offered if value in formats]
    tracks = list(tracks)
    if any(track.event_id != event.pk for track in tracks):
        raise CallError(_("Choose tracks of this event."), "tracks")
    languages = list(dict.fromkeys(languages))
    if any(code not in (event.languages or []) for code in languages):
        raise CallError(_("Choose among the event’s working languages."), "languages")
    languages = [code for code in event.languages if code in languages]
    if max_per_organisation is not None and max_per_organisation < 1:
        raise CallError(
            _("Allow at least one proposal per organisation, or leave it empty for no limit."),
            "max_per_organisation",
        )
    return formats, tracks, languages


@transaction.atomic
def call_save(
    *,
    event: Event,
    opens_at: datetime,
    closes_at: datetime,
    published: bool,
    guidelines: Mapping[str, str],
    formats: Iterable[str],
    tracks: Iterable[Track],
    languages: Iterable[str],
    max_per_organisation: int | None,
    anonymise: bool,
    user,
) -> CallForProposals:
    """Create ``event``'s call or change it. ``tracks`` empty offers every track; ``languages``
    empty every working language of the event. Guidelines left out keep their text."""
    formats, tracks, languages = _call_check(
        event=event,
        opens_at=opens_at,
        closes_at=closes_at,
        formats=formats,
        tracks=tracks,
        languages=languages,
        max_per_organisation=max_per_organisation,
    )
    cleaned = clean_texts(
        guidelines,
        field="guidelines",
        max_length=GUIDELINES_MAX,
        error=CallError,
        single_line=False,
    )
    existing = CallForProposals.objects.filter(event=event).values_list("pk", flat=True).first()
    if existing is None:
        call = CallForProposals(event=event)
        before, old_tracks = {}, []
    else:
        call = lock_one(CallForProposals.objects.filter(event=event), existing)
        before, old_tracks = audit_snapshot(call, AUDITED_CALL), _track_names(call.tracks.all())
    call.event = event
    call.opens_at = opens_at
    call.closes_at = closes_at
    call.published = published
    call.formats = formats
    call.languages = languages
    call.max_per_organisation = max_per_organisation
    call.anonymise = anonymise
    write_texts(call, "guidelines", merged_texts(call, "guidelines", cleaned))
    with content_write():
        call.save()
    call.tracks.set(tracks)
    changes = audit_diff(before, audit_snapshot(call, AUDITED_CALL))
    new_tracks = _track_names(tracks)
    if new_tracks != old_tracks:
        changes["tracks"] = [old_tracks, new_tracks]
    audit_record(
        event=event,
        obj=call,
        action=AuditAction.CREATED if existing is None else AuditAction.CHANGED,
        actor=user,
        changes=changes,
    )
    return call


def _criterion_texts(
    criterion: ReviewCriterion,
    name: Mapping[str, str] | None,
    description: Mapping[str, str] | None,
) -> tuple[dict[str, str], dict[str, str]]:
    names = merged_texts(
        criterion,
        "name",
        clean_texts(name or {}, field="name", max_length=CRITERION_NAME_MAX, error=CallError),
    )
    if not any(names.values()):
        first = next(iter(name or {}), "en")
        raise CallError(_("Write it in at least one language."), f"name_{first}")
    descriptions = merged_texts(
        criterion,
        "description",
        clean_texts(
            description or {},
            field="description",
            max_length=CRITERION_DESCRIPTION_MAX,
            error=CallError,
            single_line=False,
        ),
    )
    return names, descriptions


def _weight_check(weight: int) -> None:
    if not 1 <= weight <= 10:
        raise CallError(_("Give a weight from 1 to 10."), "weight")


@transaction.atomic
def criterion_add(
    *,
    call: CallForProposals,
    name: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    weight: int = 1,
    user,
) -> ReviewCriterion:
    """Add a criterion after the call's others."""
    _weight_check(weight)
    criterion = ReviewCriterion(call=call, weight=weight)
    names, descriptions = _criterion_texts(criterion, name, description)
    last = ReviewCriterion.objects.filter(call=call).order_by("-order").first()
    criterion.order = (last.order + 1) if last else 0
    write_texts(criterion, "name", names)
    write_texts(criterion, "description", descriptions)
    with content_write():
        criterion.save(force_insert=True)
    audit_record(
        event=call.event,
        obj=criterion,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(criterion, AUDITED_CRITERION)),
    )
    return criterion


@transaction.atomic
def criterion_update(
    *,
    criterion: ReviewCriterion,
    name: Mapping[str, str] | None = None,
    description: Mapping[str, str] | None = None,
    weight: int | None = None,
    order: int | None = None,
    user,
) -> ReviewCriterion:
    """Change what is given (None: keep). Reviews already saved keep their total until the
    reviewer saves again."""
    locked = lock_one(ReviewCriterion.objects.select_related("call__event"), criterion.pk)
    before = audit_snapshot(locked, AUDITED_CRITERION)
    names, descriptions = _criterion_texts(locked, name, description)
    write_texts(locked, "name", names)
    write_texts(locked, "description", descriptions)
    if weight is not None:
        _weight_check(weight)
        locked.weight = weight
    if order is not None:
        if order < 0:
            raise CallError(_("The order cannot be negative."), "order")
        locked.order = order
    with content_write():
        locked.save()
    audit_record(
        event=locked.call.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED_CRITERION)),
    )
    return locked


@transaction.atomic
def criterion_delete(*, criterion: ReviewCriterion, user) -> None:
    """Delete a criterion nobody scored yet; one with scores is refused (the reviews' totals
    were weighed with it)."""
    locked = lock_one(ReviewCriterion.objects.select_related("call__event"), criterion.pk)
    if locked.scores.exists():
        raise CallError(
            _(
                "Reviewers have already scored this criterion: it cannot be deleted. "
                "Rename it or lower its weight instead."
            ),
            "criterion",
        )
    audit_record(
        event=locked.call.event,
        obj=locked,
        action=AuditAction.DELETED,
        actor=user,
        changes=audit_diff(audit_snapshot(locked, AUDITED_CRITERION), {}),
    )
    locked.delete()
