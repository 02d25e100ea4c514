"""Fetching bytes for the wire: the size and time limits every fetch keeps, and the guarded GET
that the sources (feeds, the AP API) and the pictures use.

Its own module so that the pictures, which the pipeline calls, need not import the sources,
which call the pipeline.  The limits come from the settings when the module is loaded; the
sources and the pictures read them as ``fetching.MAX_FETCH_BYTES`` at call time, so a test that
changes the module's value is seen by both.
"""

from __future__ import annotations

from django.conf import settings

from roznama.core import safe_http

MAX_FETCH_BYTES = getattr(settings, "ROZNAMA_WIRE_MAX_BYTES", 20 * 1024 * 1024)
FETCH_TIMEOUT = getattr(settings, "ROZNAMA_WIRE_FETCH_TIMEOUT", 20)


class FetchError(Exception):
    pass


def http_get(url: str, *, headers: dict | None = None) -> bytes:
    """GET with a time limit and a size limit, from the public internet only (every redirect
    checked): see ``roznama.core.safe_http``."""
    try:
        return safe_http.get(
            url,
            headers={"User-Agent": "Roznama wire ingest", **(headers or {})},
            max_bytes=MAX_FETCH_BYTES,
            timeout=FETCH_TIMEOUT,
        )
    except safe_http.OutboundError as exc:
        raise FetchError(str(exc)) from exc
