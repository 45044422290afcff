"""Row locks for services: one way to take them, so that concurrent changes queue, never
deadlock, and never wait long.

``lock`` and ``lock_one`` refuse to run outside a transaction (a lock released at once
protects nothing), bound the wait with ``lock_timeout`` (PostgreSQL, from
``FORUM_LOCK_TIMEOUT_MS``), lock only the queried model's rows (never rows it joins) in
primary-key order, so two transactions locking overlapping rows take them in the same order,
and turn a wait that ran out into ``Busy``. Callers locking rows of several models lock them
in one fixed order, documented where they do it. On SQLite, transactions are IMMEDIATE: the
first writer holds the whole database, and these functions only check the transaction.
"""

from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connections
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError

from forum.errors import Busy, is_contention

M = TypeVar("M", bound=Model)


def lock_timeout_set(using: str = "default") -> None:
    """Make this transaction wait at most ``FORUM_LOCK_TIMEOUT_MS`` for any row lock."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise TransactionManagementError("Row locks are only taken inside transaction.atomic.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL lock_timeout = %s", [f"{int(settings.FORUM_LOCK_TIMEOUT_MS)}ms"]
            )


def lock(rows: QuerySet[M] | type[M], *pks) -> list[M]:
    """Lock and return the rows of ``rows`` (a queryset, or a model's every row), narrowed to
    ``pks`` when given, in primary-key order.

    Raises TransactionManagementError outside a transaction, and ``Busy`` when another
    transaction held a row longer than ``FORUM_LOCK_TIMEOUT_MS``.
    """
    if not isinstance(rows, QuerySet):
        if not pks:
            raise TypeError("Name the rows to lock: a model's every row is never locked.")
        rows = rows._default_manager.all()
    if pks:
        rows = rows.filter(pk__in=pks)
    locked = rows.select_for_update(of=("self",)).order_by("pk")
    try:
        lock_timeout_set(locked.db)
        return list(locked)
    except OperationalError as exc:
        if is_contention(exc):
            raise Busy from exc
        raise


def lock_one(rows: QuerySet[M] | type[M], pk) -> M:
    """Lock and return the row with primary key ``pk``; ``DoesNotExist`` when there is none."""
    found = lock(rows, pk)
    if not found:
        model = rows.model if isinstance(rows, QuerySet) else rows
        raise model.DoesNotExist(f"No {model._meta.object_name} with pk={pk!r} to lock.")
    return found[0]
