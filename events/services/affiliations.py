"""Organisers' affiliations at an event: the organisations they belong to there.

A reviewer never reviews a proposal one of their organisations proposes or co-organises
(``sessions.selectors.reviews``). The team managers set affiliations; each change is audited.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.models import Affiliation, AuditAction, Event, Organisation, Team
from events.services.audit import audit_record
from forum.errors import ServiceError
from forum.locking import lock_one


class AffiliationError(ServiceError):
    """A refused affiliation change; ``code`` names the form field (``member``,
    ``organisation``)."""


def _label(affiliation: Affiliation) -> str:
    member = affiliation.user
    return f"{member.email or member.get_username()} – {affiliation.organisation.name}"


@transaction.atomic
def affiliation_add(*, event: Event, member, organisation: Organisation, user) -> Affiliation:
    """Record that ``member``, an organiser of ``event``, belongs to ``organisation`` (from
    the directory) at this event."""
    lock_one(Event, event.pk)  # queues with the teams' changes
    if not Team.objects.filter(event=event, members=member).exists():
        raise AffiliationError(_("This person is not in a team of this event."), code="member")
    if Affiliation.objects.filter(event=event, user=member, organisation=organisation).exists():
        raise AffiliationError(_("This affiliation is already recorded."), code="organisation")
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                event=event, user=member, organisation=organisation
            )
    except IntegrityError as exc:
        raise AffiliationError(
            _("This affiliation is already recorded."), code="organisation"
        ) from exc
    audit_record(
        event=event,
        obj=affiliation,
        action=AuditAction.CREATED,
        actor=user,
        changes={
            "user": [None, member.email or member.get_username()],
            "organisation": [None, organisation.name],
        },
        label=_label(affiliation),
    )
    return affiliation


@transaction.atomic
def affiliation_remove(*, event: Event, affiliation: Affiliation, user) -> None:
    """Forget one of the event's affiliations."""
    if affiliation.event_id != event.pk:
        raise AffiliationError(_("This affiliation belongs to another event."), code="member")
    lock_one(Event, event.pk)
    label = _label(affiliation)
    audit_record(
        event=event,
        obj=affiliation,
        action=AuditAction.DELETED,
        actor=user,
        changes={"organisation": [affiliation.organisation.name, None]},
        label=label,
    )
    affiliation.delete()
