"""Cache-Control per kind of URL: one small table.

``max_age`` is for browsers, which nobody can purge: with ``stale_while_revalidate`` it adds
up to a minute at most, so a correction reaches every reader within a minute.  ``s_maxage`` is
for shared caches (nginx, the CDN) and the app's own cache, which are purged on every change,
so it can be longer.  ``stale_if_error`` lets them serve the last copy when the site is down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.cache import patch_cache_control


@dataclass(frozen=True)
class Policy:
    kind: str
    max_age: int
    s_maxage: int
    stale_while_revalidate: int
    stale_if_error: int = 86400

    def header(self) -> str:
        return (
            f"public, max-age={self.max_age}, s-maxage={self.s_maxage}, "
            f"stale-while-revalidate={self.stale_while_revalidate}, stale-if-error={self.stale_if_error}"
        )


# Paths are matched without the language prefix (/ur/...). First match wins.
TABLE: list[tuple[re.Pattern, Policy]] = [
    (re.compile(r"^/$"), Policy("home", 30, 120, 30)),
    (re.compile(r"^/authors/[^/]+/$"), Policy("author", 30, 600, 30)),
    (re.compile(r"^/tags/[^/]+/$"), Policy("tag", 30, 600, 30)),
    (re.compile(r"^/api/|^/ramadan/api/"), Policy("api", 30, 60, 30)),
    (re.compile(r"^/(hub|ramadan)(/.*)?$"), Policy("hub", 30, 120, 30)),
    (re.compile(r"(^|/)(feed|feeds|rss)(/|\.xml$)|\.(rss|atom)$"), Policy("feed", 30, 300, 30)),
    (re.compile(r"^/(news-)?sitemap[^/]*\.xml$|^/sitemaps/|^/robots\.txt$"), Policy("sitemap", 60, 900, 0)),
    (re.compile(r"^/search/"), Policy("search", 30, 120, 30)),
    (re.compile(r"^/[^/]+/$"), Policy("section", 30, 300, 30)),
    (re.compile(r"^/[^/]+/[^/]+/$"), Policy("article", 30, 900, 30)),
]
DEFAULT = Policy("page", 30, 300, 30)
# Answers other than 200: a 404 briefly (it may be published a second later), a killed story's
# 410 and permanent redirects like a page.
NOT_FOUND = Policy("not-found", 10, 30, 10, 60)
CACHEABLE_STATUS = {200, 203, 301, 308, 404, 410}
PRIVATE = "private, no-cache, no-store, max-age=0"

_PREFIX = re.compile(r"^/(ur)(/.*)?$")


def set_languages(codes) -> None:
    """The prefixes stripped before matching (every non-default language)."""
    global _PREFIX
    others = [re.escape(c) for c in codes]
    _PREFIX = re.compile(r"^/(%s)(/.*)?$" % "|".join(others)) if others else re.compile(r"^\b$")


def policy_for(path: str, status: int = 200) -> Policy | None:
    if status not in CACHEABLE_STATUS:
        return None
    if status == 404:
        return NOT_FOUND
    match = _PREFIX.match(path)
    if match:
        path = match.group(2) or "/"
    for pattern, policy in TABLE:
        if pattern.search(path):
            return policy
    return DEFAULT


def apply(response, policy: Policy) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=policy.max_age,
        s_maxage=policy.s_maxage,
        stale_while_revalidate=policy.stale_while_revalidate,
        stale_if_error=policy.stale_if_error,
    )


def shared_max_age(cache_control: str) -> int | None:
    """Seconds a shared cache may keep a response, or None when it may not keep it at all."""
    directives = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value.strip('"')
    if {"private", "no-store", "no-cache"} & directives.keys():
        return None
    for name in ("s-maxage", "max-age"):
        if name in directives:
            try:
                seconds = int(directives[name])
            except ValueError:
                return None
            return seconds if seconds > 0 else None
    return None
