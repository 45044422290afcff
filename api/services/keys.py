"""Partner keys: create (the secret is returned once), authenticate, record use, revoke."""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.enums import PartnerScope
from api.models import PartnerKey
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.tokens import token_hash

KEY_PREFIX = "fk_"
# What the audit log records of a key: never its hash, never its secret.
AUDITED_FIELDS = ("name", "prefix", "scopes", "revoked_at")


class PartnerKeyError(ServiceError):
    """A refused change to a partner key."""


# Recording every use would turn each read into a write; once a minute says enough.
TOUCH_INTERVAL = timedelta(minutes=1)


@transaction.atomic
def partner_key_create(
    *, name: str, events: Iterable[Event], user: AbstractBaseUser | None = None
) -> tuple[PartnerKey, str]:
    """A new key and its secret; only the hash is stored, so show the secret now or never."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(
        name=name,
        prefix=raw[: len(KEY_PREFIX) + 6],
        key_hash=token_hash(raw),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    key.events.set(list(events))
    return key, raw


def partner_key_assign_secret(*, key: PartnerKey) -> str:
    """Give an unsaved key (from the admin form) its secret; the caller saves it."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key.prefix = raw[: len(KEY_PREFIX) + 6]
    key.key_hash = token_hash(raw)
    return raw


def partner_key_authenticate(*, raw: str) -> PartnerKey | None:
    """The active key for ``raw`` with its event ids loaded (two queries), or None."""
    key = (
        PartnerKey.objects.filter(key_hash=token_hash(raw), revoked_at__isnull=True)
        .only("pk", "name", "scopes", "last_used_at", "revoked_at")
        .first()
    )
    if key is None:
        return None
    key.event_ids = frozenset(key.events.values_list("pk", flat=True))
    partner_key_touch(key=key)
    return key


def partner_key_touch(*, key: PartnerKey) -> None:
    """Record use at most once per TOUCH_INTERVAL (a conditional UPDATE, no read)."""
    now = timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_INTERVAL:
        return
    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


def partner_key_revoke(*, key: PartnerKey) -> None:
    PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def partner_key_issue(
    *, event: Event, name: str, user: AbstractBaseUser, scopes: Iterable[str] = ()
) -> tuple[PartnerKey, str]:
    """A new key reading ``event`` only (and, with ``scopes``, more of it), created from the
    event's workspace and logged there.

    Returns the key and its secret: the caller shows the secret once; it is stored nowhere.
    """
    name = name.strip()
    if not name:
        raise PartnerKeyError(_("Say who will use this key."), code="name")
    scopes = _scopes_clean(scopes)
    key, raw = partner_key_create(name=name, events=[event], user=user)
    if scopes:
        key.scopes = scopes
        key.save(update_fields=["scopes"])
    audit_record(
        event=event,
        obj=key,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(key, AUDITED_FIELDS)),
    )
    return key, raw


def _scopes_clean(scopes: Iterable[str]) -> list[str]:
    scopes = sorted(set(scopes))
    if any(scope not in PartnerScope.values for scope in scopes):
        raise PartnerKeyError(_("Choose scopes from the list."), code="scopes")
    return scopes


@transaction.atomic
def partner_key_set_scope(
    *, event: Event, key: PartnerKey, scope: str, granted: bool, user: AbstractBaseUser
) -> PartnerKey:
    """Grant or withdraw ``scope`` on a key of ``event``. A key shared with other events is
    refused: a scope reads every event of the key, and their organisers decide for theirs."""
    locked = lock_one(PartnerKey, key.pk)
    event_ids = set(locked.events.values_list("pk", flat=True))
    if event.pk not in event_ids or locked.revoked_at is not None:
        raise PartnerKeyError(_("This key has no access to this event any more."), code="revoked")
    if event_ids != {event.pk}:
        raise PartnerKeyError(
            _("This key reads other events too: create a new key for this event instead."),
            code="shared",
        )
    before = audit_snapshot(locked, AUDITED_FIELDS)
    scopes = set(_scopes_clean(locked.scopes or []))
    scopes = scopes | {scope} if granted else scopes - {scope}
    locked.scopes = _scopes_clean(scopes)
    locked.save(update_fields=["scopes"])
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED_FIELDS)),
    )
    return locked


@transaction.atomic
def partner_key_revoke_for_event(
    *, event: Event, key: PartnerKey, user: AbstractBaseUser
) -> PartnerKey:
    """End the key's access to ``event``: a key for this event only is revoked for good; a key
    shared with other events loses this one (their organisers decide for theirs)."""
    locked = lock_one(PartnerKey, key.pk)
    event_ids = set(locked.events.values_list("pk", flat=True))
    if event.pk not in event_ids or locked.revoked_at is not None:
        raise PartnerKeyError(_("This key has no access to this event any more."), code="revoked")
    if event_ids == {event.pk}:
        before = audit_snapshot(locked, AUDITED_FIELDS)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        changes, note = audit_diff(before, audit_snapshot(locked, AUDITED_FIELDS)), ""
    else:
        locked.events.remove(event)
        changes, note = {}, str(_("access to this event removed; other events keep theirs"))
    audit_record(
        event=event, obj=locked, action=AuditAction.REVOKED, actor=user, changes=changes, note=note
    )
    key.revoked_at = locked.revoked_at
    return locked
