"""Partner keys: create (the secret is returned once), authenticate, record use, revoke."""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from api.models import PartnerKey
from events.models import Event
from forum.tokens import token_hash

KEY_PREFIX = "fk_"
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
        .only("pk", "name", "last_used_at", "revoked_at")
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
