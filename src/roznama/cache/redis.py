"""Django's Redis cache, made to survive Redis going away.

Redis holds the site's cache and page cache when ``ROZNAMA_REDIS_URL`` is set.  Plain
``RedisCache`` raises on every call while Redis is down, and Wagtail (the site's root paths),
the per-address limits and the fragment cache all ask it on every page: one restart of Redis
would be minutes of 500s.  Here a failed call is answered as a miss (a read finds nothing, a
write keeps nothing, ``incr`` finds no key), logged once every ``LOG_EVERY_SECONDS``, and Redis
is left alone for ``RETRY_SECONDS`` so that each request does not wait for its timeouts again:
the site serves, more slowly, and uses Redis again within seconds of its return.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("roznama.cache")

RETRY_SECONDS = 5.0
LOG_EVERY_SECONDS = 30.0

# What each call answers while Redis is away: what it would answer for a missing key.
_MISSES = {
    "add": False,
    "set": None,
    "set_many": None,
    "touch": False,
    "delete": False,
    "delete_many": None,
    "has_key": False,
    "clear": None,
}


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._logged_at = 0.0
        self._lock = threading.Lock()

    def _is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, what: str, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + RETRY_SECONDS
            if now - self._logged_at >= LOG_EVERY_SECONDS:
                self._logged_at = now
                logger.warning(
                    "Redis unavailable (%s: %s); serving without the cache for %.0f s", what, error, RETRY_SECONDS
                )

    def _guarded(self, name: str, miss, *args, **kwargs):
        if self._is_down():
            return miss
        try:
            return getattr(super(), name)(*args, **kwargs)
        except ValueError:
            raise  # incr/decr of a missing key: Django's own answer, not an outage
        except Exception as error:  # redis.ConnectionError, TimeoutError, ...: the server is away
            self._failed(name, error)
            return miss

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def set_many(self, data, timeout=None, version=None):
        failed = self._guarded("set_many", _MISSING, data, timeout, version)
        return list(data) if failed is _MISSING else failed

    def incr(self, key, delta=1, version=None):
        value = self._guarded("incr", _MISSING, key, delta, version)
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)


_MISSING = object()


def _simple(name: str):
    def method(self, *args, **kwargs):
        return self._guarded(name, _MISSES[name], *args, **kwargs)

    method.__name__ = name
    return method


for _name in ("add", "set", "touch", "delete", "delete_many", "has_key", "clear"):
    setattr(OutageTolerantRedisCache, _name, _simple(_name))
