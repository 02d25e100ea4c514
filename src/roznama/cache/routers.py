"""Read replica routing: anonymous page renders read from the replica, everything else
(editors, the worker, every write) from the primary.

The page cache middleware marks the requests it may cache (``reading_for_readers``); a
replica may lag a few seconds behind, so purges are repeated after
``ROZNAMA_REPLICA_LAG_SECONDS`` (see ``roznama.cache.purge``).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

_for_readers: ContextVar[bool] = ContextVar("roznama_for_readers", default=False)


@contextmanager
def reading_for_readers():
    token = _for_readers.set(True)
    try:
        yield
    finally:
        _for_readers.reset(token)


class ReplicaRouter:
    replica = "replica"

    def db_for_read(self, model, **hints):
        if _for_readers.get() and self.replica in connections.settings and not connections["default"].in_atomic_block:
            return self.replica
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
