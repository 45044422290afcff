"""Races with real threads: every concurrency test in the suite goes through :func:`race`."""

import threading
from collections import Counter
from collections.abc import Callable

from django.db import OperationalError, connections
from django.db.models import QuerySet

from forum.errors import Busy


def race(
    n: int, work: Callable[[int], object], *, refusals: tuple[type[Exception], ...] = ()
) -> Counter:
    """Run ``work(i)`` in ``n`` threads released together by a barrier; count the outcomes.

    An exception of a ``refusals`` type counts under its ``code`` (a clean refusal); ``Busy``
    (a lock wait ran out) as "busy"; a database error counts as "database is locked" or
    "operational: …", anything else as
    "error: …" — a server error in production — so a test comparing the Counter sees it.
    Each thread closes its own database connections.
    """
    barrier = threading.Barrier(n)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = work(i)
        except refusals as exc:
            result = exc.code
        except Busy:
            result = "busy"
        except OperationalError as exc:
            result = "database is locked" if "locked" in str(exc) else f"operational: {exc}"
        except Exception as exc:
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def read_without_lock(rows, pk):
    """What ``forum.locking.lock_one`` returns, read without the lock: the negative controls
    put it in a service's place to show the race the lock prevents."""
    return (rows if isinstance(rows, QuerySet) else rows._default_manager).get(pk=pk)
