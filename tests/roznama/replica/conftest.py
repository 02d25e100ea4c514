"""A real streaming replica: scripts/with-postgres-replica.sh starts a PostgreSQL primary and a
hot standby following it, and exports both addresses.  ``make test`` runs these tests through
it; without it (another test command) they are skipped, saying so."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connections

from roznama.cache import conf as cache_conf
from roznama.cache import store as cache_store
from roznama.cache import routers

REPLICA_GIVEN = bool(os.environ.get("ROZNAMA_DATABASE_REPLICA_URL"))
needs_replica = pytest.mark.skipif(
    not REPLICA_GIVEN, reason="needs a streaming replica: run through scripts/with-postgres-replica.sh (make test does)"
)


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache on and empty, the router's memory of a replica that was down forgotten."""
    settings.ROZNAMA_PAGE_CACHE = True
    cache_store.reset()
    caches[cache_conf.conf().alias].clear()
    caches["default"].clear()
    routers._replica_down_until[0] = 0.0
    yield
    with contextlib.suppress(Exception):
        caches[cache_conf.conf().alias].clear()
    cache_store.reset()
    routers._replica_down_until[0] = 0.0


def _scalar(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replica(timeout=15.0) -> float:
    """Wait until the replica has replayed everything the primary has written; the seconds it took."""
    started = time.monotonic()
    target = _scalar("default", "SELECT pg_current_wal_lsn()::text")
    while time.monotonic() - started < timeout:
        if _scalar("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"the replica did not replay up to {target} within {timeout}s")


@contextlib.contextmanager
def replay_paused():
    """Real replication lag: the replica keeps receiving WAL but stops applying it."""
    _scalar("replica", "SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        _scalar("replica", "SELECT pg_wal_replay_resume()::text")


class QueriesPerAlias:
    """The queries sent to each database.  Unlike CaptureQueriesContext, it does not connect
    first, so it also works while a server is down."""

    aliases = ("default", "replica")

    def __enter__(self):
        self.saved = {}
        self.start = {}
        for alias in self.aliases:
            connection = connections[alias]
            self.saved[alias] = connection.force_debug_cursor
            connection.force_debug_cursor = True
            connection.queries_log.clear()
            self.start[alias] = 0
        return self

    def __exit__(self, *exc):
        self.captured = {}
        for alias in self.aliases:
            connection = connections[alias]
            self.captured[alias] = list(connection.queries_log)[self.start[alias] :]
            connection.force_debug_cursor = self.saved[alias]

    def count(self, alias) -> int:
        return len(self.captured[alias])

    def sql(self, alias) -> list[str]:
        return [q["sql"] for q in self.captured[alias]]


def _as_postgres(command):
    # PostgreSQL's tools refuse to run as root: use its own account then (as the script does).
    return (["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []) + command


@contextlib.contextmanager
def replica_stopped():
    """The replica's server really stopped (fast shutdown), and started again afterwards."""
    data = Path(os.environ["ROZNAMA_TEST_REPLICA_DATA"])
    pg_ctl = os.environ["ROZNAMA_TEST_PG_CTL"]
    for alias in ("replica",):
        connections[alias].close()
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]), check=True, stdout=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        connections["replica"].close()
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-l", str(data.parent / "replica.log"), "-w", "-t", "60", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        routers._replica_down_until[0] = 0.0
        wait_for_replica(timeout=60)


@contextlib.contextmanager
def primary_stopped():
    """The primary's server really stopped (fast shutdown: open connections are cut), and
    started again afterwards, the replica following it once more."""
    data = Path(os.environ["ROZNAMA_TEST_PRIMARY_DATA"])
    pg_ctl = os.environ["ROZNAMA_TEST_PG_CTL"]
    connections["default"].close()
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]), check=True, stdout=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        for alias in ("default", "replica"):
            connections[alias].close()
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-l", str(data.parent / "primary.log"), "-w", "-t", "60", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wait_for_replica(timeout=60)
