"""Cache headers and polling intervals for the live blog's cheap answers (its state, its new
posts, the ticker)."""

from __future__ import annotations


def cache_for(response, browser_seconds: int, shared_seconds: int):
    """Cacheable by everyone for a short while: the same answer for every reader (nobody's
    session is read).  nginx is told too, since it keeps X-Accel-Expires over Cache-Control."""
    response["Cache-Control"] = f"public, max-age={browser_seconds}, s-maxage={shared_seconds}, stale-if-error=86400"
    response["X-Accel-Expires"] = str(shared_seconds)
    return response


# How often readers' pages ask for new posts, in seconds (the button shows within this).
POLL_SECONDS = 4
# How long the state may be kept: browsers (nobody can purge them) briefly, shared caches
# (purged on every post) longer.
STATE_BROWSER_SECONDS = 1
STATE_SHARED_SECONDS = 60
TICKER_BROWSER_SECONDS = 10
TICKER_SHARED_SECONDS = 300
TICKER_POLL_SECONDS = 30
