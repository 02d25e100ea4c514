"""Per-address limits for anonymous readers' costly answers (search, the Ramadan API).

A fixed window per client address in the default cache (Redis when configured, so every web
process counts together; the local cache otherwise).  Over the limit the answer is 429 with
Retry-After, and nothing is computed.  Limits: ``ROZNAMA_RATE_LIMITS`` ({name: (requests,
seconds)}), generous by default so a newsroom's readers behind one address are not stopped.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

# The client's real address behind the proxy (ROZNAMA_TRUSTED_PROXIES), as login throttling sees it.
from roznama.accounts.addresses import client_address  # noqa: F401

DEFAULT_LIMITS = {"search": (120, 60), "ramadan-api": (600, 60), "read-count": (120, 60)}


def limit_for(name: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "ROZNAMA_RATE_LIMITS", {})}[name]


def seconds_left(name: str, address: str) -> int:
    """0 when this request may go ahead (and is counted), else the seconds until it may."""
    allowed, window = limit_for(name)
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{name}:{address}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return 0 if count <= allowed else max(1, start + window - now)


def rate_limited(name: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = seconds_left(name, client_address(request))
            if wait:
                response = HttpResponse(
                    _("Too many requests from your address; please try again in a minute.") + "\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(wait)
                response["Cache-Control"] = "no-store"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
