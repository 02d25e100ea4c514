"""Read replica routing: anonymous page renders read from the replica, everything else
(editors, previews, the worker, every write) from the primary.

The page cache middleware marks the requests it may cache (``reading_for_readers``).  Such a
request reads the replica only when all of these hold, decided at its first read:

- it has not written anything yet (after a write, the request reads what it wrote, on the
  primary), and it is not inside a transaction on the primary;
- the replica answers (a replica that is down sends reads to the primary for
  ``REPLICA_RETRY_SECONDS`` before it is tried again: readers never get an error for it);
- the replica has replayed the primary's WAL at least up to the position recorded by the
  last purge (``note_primary_position``, called before every purge of the page cache).
  Otherwise a render just after a purge would read the old rows from a lagging replica and
  put the page the purge removed back into the cache.

Purges are also repeated after ``ROZNAMA_REPLICA_LAG_SECONDS`` (``roznama.cache.purge``),
for nginx's and the CDN's copies.
"""

from __future__ import annotations

import contextlib
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connections

logger = logging.getLogger("roznama.cache")

REPLICA = "replica"
# The primary's WAL position at the last purge, in the page cache (shared by every server
# when it is Redis).
PURGED_AT_KEY = "replica:purged-at-lsn"
# How long a replica that did not answer is left alone.
REPLICA_RETRY_SECONDS = 5.0


@dataclass
class _ReaderRequest:
    alias: str | None = None  # the database this request reads, once chosen
    wrote: bool = False


_for_readers: ContextVar[_ReaderRequest | None] = ContextVar("roznama_for_readers", default=None)
_replica_down_until = [0.0]


_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")


def _noting_writes(request: _ReaderRequest):
    def wrapper(execute, sql, params, many, context):
        # A statement that changes rows (the router alone cannot tell: get_or_create asks it
        # for the primary before it only reads).
        if not request.wrote and sql.lstrip()[:6].upper().startswith(_WRITES):
            request.wrote = True
        return execute(sql, params, many, context)

    return wrapper


@contextmanager
def reading_for_readers():
    request = _ReaderRequest()
    token = _for_readers.set(request)
    try:
        if REPLICA in connections.settings:
            with connections["default"].execute_wrapper(_noting_writes(request)):
                yield
        else:
            yield
    finally:
        _for_readers.reset(token)


def _pages_cache():
    from django.core.cache import caches

    from .conf import conf

    return caches[conf().alias]


def note_primary_position() -> None:
    """Record the primary's current WAL position: until the replica has replayed it, renders
    for readers read the primary.  Called after the commit of a change, before its purge."""
    if REPLICA not in connections.settings or connections["default"].vendor != "postgresql":
        return
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            position = cursor.fetchone()[0]
        _pages_cache().set(PURGED_AT_KEY, position, timeout=None)
    except Exception:
        # Without the mark, the repeated purge after the replica lag still catches up.
        logger.warning("could not record the primary's WAL position for the replica", exc_info=True)


def _replica_usable() -> bool:
    now = time.monotonic()
    if now < _replica_down_until[0]:
        return False
    replica = connections[REPLICA]
    try:
        required = _pages_cache().get(PURGED_AT_KEY)
    except Exception:
        return False  # the shared cache is down: the primary is the one safe source
    try:
        with replica.cursor() as cursor:
            if required and replica.vendor == "postgresql":
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [required])
                return bool(cursor.fetchone()[0])
            cursor.execute("SELECT 1")
            return True
    except Exception:
        _replica_down_until[0] = now + REPLICA_RETRY_SECONDS
        logger.warning(
            "the read replica does not answer; reading the primary for %ss", REPLICA_RETRY_SECONDS, exc_info=True
        )
        with contextlib.suppress(Exception):
            replica.close()
        return False


def chosen_alias() -> str:
    """The database the current request reads (for tests and diagnostics)."""
    request = _for_readers.get()
    return request.alias if request is not None and request.alias else "default"


class ReplicaRouter:
    replica = REPLICA

    def db_for_read(self, model, **hints):
        request = _for_readers.get()
        if request is None or request.wrote or self.replica not in connections.settings:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        if request.alias is None:
            request.alias = self.replica if _replica_usable() else "default"
        return request.alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
