"""The page cache's settings, read once and kept as plain attributes (the request path is hot).

Every value has a default here; ``settings/infrastructure.py`` fills them from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings


@dataclass(frozen=True)
class PageCacheConf:
    enabled: bool
    alias: str
    stale_seconds: int  # how long a copy is kept to serve when rendering fails
    max_fresh_seconds: int  # cap on the app cache's freshness, whatever the policy says
    local_seconds: float  # in-process copies in front of a shared cache (0: none)
    lock_seconds: int  # one request re-renders an expired page; the others get the old copy
    bypass_cookies: tuple[str, ...]
    excluded_prefixes: tuple[str, ...]
    nginx_seconds: int  # how long nginx keeps a page (X-Accel-Expires): its purge takes exact URLs only
    languages: tuple[str, ...]
    default_language: str


@lru_cache(maxsize=1)
def conf() -> PageCacheConf:
    return PageCacheConf(
        enabled=getattr(settings, "ROZNAMA_PAGE_CACHE", True),
        alias=getattr(settings, "ROZNAMA_PAGE_CACHE_ALIAS", "pages"),
        stale_seconds=int(getattr(settings, "ROZNAMA_PAGE_CACHE_STALE_SECONDS", 24 * 3600)),
        max_fresh_seconds=int(getattr(settings, "ROZNAMA_PAGE_CACHE_MAX_FRESH_SECONDS", 60)),
        local_seconds=float(getattr(settings, "ROZNAMA_PAGE_CACHE_LOCAL_SECONDS", 0)),
        lock_seconds=int(getattr(settings, "ROZNAMA_PAGE_CACHE_LOCK_SECONDS", 15)),
        bypass_cookies=tuple(
            getattr(settings, "ROZNAMA_PAGE_CACHE_BYPASS_COOKIES", None) or (settings.SESSION_COOKIE_NAME, "messages")
        ),
        excluded_prefixes=tuple(
            getattr(settings, "ROZNAMA_PAGE_CACHE_EXCLUDED_PREFIXES", None)
            or ("/admin/", "/django-admin/", "/documents/", settings.STATIC_URL, settings.MEDIA_URL)
        ),
        nginx_seconds=int(getattr(settings, "ROZNAMA_NGINX_CACHE_SECONDS", 30)),
        languages=tuple(code for code, _ in settings.LANGUAGES),
        default_language=settings.LANGUAGE_CODE,
    )
