"""The one clock the Ramadan module reads: real time, or a preview instant.

``ROZNAMA_AS_OF`` (a setting or an environment variable, any ISO 8601 instant such as
``2025-03-16T12:00:00+05:00``) makes the whole module run as of that moment: the clock
starts there and runs on at the normal rate.  ``ROZNAMA_AS_OF_SINCE`` (Unix seconds) is the
real moment the preview clock stood at ``ROZNAMA_AS_OF``; ``roznama demo --as-of`` sets it
once so that the web server and the worker agree to the second.  Without it the preview
starts when the process first reads the clock.

The browser receives :func:`offset_seconds` with the strip's data, so its clock runs from
the same instant.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

_PROCESS_START = time.time()


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; one without a UTC offset is read in the newsroom's time zone."""
    try:
        value = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 instant; write it like 2025-03-16T12:00:00+05:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return value


def _configured() -> tuple[datetime, float] | None:
    raw = getattr(settings, "ROZNAMA_AS_OF", None) or os.environ.get("ROZNAMA_AS_OF", "")
    if not raw:
        return None
    try:
        start = raw if isinstance(raw, datetime) else parse_instant(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ROZNAMA_AS_OF: {exc}") from None
    since_raw = getattr(settings, "ROZNAMA_AS_OF_SINCE", None) or os.environ.get("ROZNAMA_AS_OF_SINCE", "")
    try:
        since = float(since_raw) if since_raw not in ("", None) else _PROCESS_START
    except ValueError:
        raise ImproperlyConfigured(f"ROZNAMA_AS_OF_SINCE must be Unix seconds, not {since_raw!r}") from None
    return start, since


def is_preview() -> bool:
    return _configured() is not None


def now() -> datetime:
    """The module's present moment (aware, UTC)."""
    configured = _configured()
    real = timezone.now()
    if configured is None:
        return real
    start, since = configured
    return (start + timedelta(seconds=time.time() - since)).astimezone(dt_timezone.utc)


def offset_seconds() -> float:
    """How far the module's clock is from real time (0 outside a preview)."""
    configured = _configured()
    if configured is None:
        return 0.0
    start, since = configured
    return start.timestamp() - since
