"""The app's own page cache: whole responses, with purge marks that keep the old copy.

An entry is kept ``stale_seconds`` (a day) but is *fresh* only while both hold:

* its age is under the freshness of its URL kind (the policy table, capped), and
* the purge marks it was rendered under are unchanged: one mark per path (every host and
  query of that path) and one generation per language (a site-wide purge).

Purging bumps a mark; it never deletes the copy, so when the database is down a purged or
expired page is still served (``X-Cache: STALE``) rather than an error.  Marks are read in
the same round trip as the entry (one ``get_many``: one MGET on Redis), and before the page
is rendered, so a purge that lands during a render leaves that render stale: no lost purge.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import caches

from .conf import conf
from .keys import PageKey, language_mark, path_mark

logger = logging.getLogger("roznama.cache")

ALL = "*"


@dataclass
class Entry:
    marks: tuple  # (path mark, language generation, site generation) when rendered
    stored_at: float
    fresh_until: float
    status: int
    headers: list  # [(name, value)]
    body: bytes
    vary: tuple = ()  # ((META name, value), ...) the response varied on
    etag: str = ""


@dataclass
class Lookup:
    key: PageKey
    entry: Entry | None = None
    marks: tuple = ()
    fresh: bool = False
    error: bool = False  # the cache itself failed: neither read nor write more
    extra: dict = field(default_factory=dict)


class _Local:
    """Copies kept in this process for a second or two in front of Redis."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items: dict[str, tuple[float, Entry, tuple]] = {}

    def get(self, key: str, now: float):
        item = self.items.get(key)
        if item is None or item[0] < now:
            return None
        return item

    def put(self, key: str, until: float, entry: Entry, marks: tuple) -> None:
        with self.lock:
            if len(self.items) > 2000:
                self.items = {k: v for k, v in self.items.items() if v[0] >= time.time()}
                if len(self.items) > 2000:
                    self.items.clear()
            self.items[key] = (until, entry, marks)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_local = _Local()
_last_error = [0.0]


def reset() -> None:
    """Forget the settings read and what this process keeps (tests that change them call this)."""
    conf.cache_clear()
    _local.clear()


def _cache():
    return caches[conf().alias]


def _cache_failed(what: str) -> None:
    now = time.monotonic()
    if now - _last_error[0] > 10:
        _last_error[0] = now
        logger.warning("page cache unavailable (%s); serving without it", what, exc_info=True)


def _vary_matches(entry: Entry, meta) -> bool:
    return all(meta.get(name) == value for name, value in entry.vary)


def lookup(key: PageKey, meta, now: float | None = None) -> Lookup:
    now = time.time() if now is None else now
    c = conf()
    if c.local_seconds:
        item = _local.get(key.entry, now)
        if item is not None:
            _, entry, marks = item
            fresh = entry.fresh_until > now and entry.marks == marks and _vary_matches(entry, meta)
            if fresh:
                return Lookup(key, entry, marks, True)
    names = [key.entry, key.path_mark, language_mark(key.language), language_mark(ALL)]
    try:
        found = _cache().get_many(names)
    except Exception:
        _cache_failed("read")
        return Lookup(key, error=True)
    marks = (found.get(names[1]), found.get(names[2]), found.get(names[3]))
    entry = found.get(names[0])
    if entry is not None and not isinstance(entry, Entry):
        entry = None
    fresh = bool(entry is not None and entry.fresh_until > now and entry.marks == marks and _vary_matches(entry, meta))
    if fresh and c.local_seconds:
        _local.put(key.entry, min(now + c.local_seconds, entry.fresh_until), entry, marks)
    return Lookup(key, entry, marks, fresh)


def save(found: Lookup, entry: Entry) -> None:
    if found.error:
        return
    try:
        _cache().set(found.key.entry, entry, timeout=conf().stale_seconds)
    except Exception:
        _cache_failed("write")


def try_lock(key: PageKey) -> bool:
    """True for the one request that re-renders an expired page; the others serve the old copy."""
    try:
        return bool(_cache().add("lock:" + key.entry, 1, timeout=conf().lock_seconds))
    except Exception:
        _cache_failed("lock")
        return True


def unlock(key: PageKey) -> None:
    try:
        _cache().delete("lock:" + key.entry)
    except Exception:
        _cache_failed("unlock")


def _bump(names: list[str]) -> None:
    """Move marks on; a mark that was missing starts from the clock, so a mark that expired
    and is made again never repeats a value an old entry remembers."""
    cache = _cache()
    timeout = conf().stale_seconds * 2
    for name in names:
        cache.add(name, time.time_ns(), timeout=timeout)
        try:
            cache.incr(name)
        except ValueError:  # expired between the two calls
            cache.set(name, time.time_ns(), timeout=timeout)
        # Keep the mark alive as long as the entries it guards (incr keeps the old TTL).
        try:
            cache.touch(name, timeout=timeout)
        except Exception:
            pass
    _local.clear()


def purge_paths(paths) -> int:
    """Make the app's copies of these paths stale (every host, query and scheme)."""
    names = sorted({path_mark(p) for p in paths})
    if names:
        _bump(names)
    return len(names)


def purge_languages(languages=None) -> None:
    """Site-wide purge: every page of these languages (all of them when None)."""
    if languages is None:
        _bump([language_mark(ALL)])
    else:
        _bump([language_mark(lang) for lang in languages])
