"""Which requests the page cache may answer, and under which key.

Works on the WSGI environ (``request.META`` is the same dictionary), so the middleware and
the WSGI entry point (``roznama.cache.wsgi``) agree byte for byte.

A page is one HTML per host, path, query and language; the language comes from the path
alone (English unprefixed, Urdu under ``/ur/``), exactly as Django's LocaleMiddleware decides
it with ``prefix_default_language=False``, so ``Accept-Language`` never splits the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from .conf import conf


@dataclass(frozen=True)
class PageKey:
    entry: str  # the stored response
    path_mark: str  # bumped to purge this path (every query and host)
    language: str


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def language_of(path: str) -> str:
    c = conf()
    for code in c.languages:
        if code != c.default_language and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code
    return c.default_language


def path_mark(path: str) -> str:
    return "mark:" + _digest(path)


def language_mark(language: str) -> str:
    return "gen:" + language


def _has_bypass_cookie(cookie_header: str, names) -> bool:
    for name in names:
        start = cookie_header.find(name + "=")
        while start != -1:
            if start == 0 or cookie_header[start - 1] in " ;":
                return True
            start = cookie_header.find(name + "=", start + 1)
    return False


def _scheme(meta) -> str:
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header:
        name, value = header
        forwarded = meta.get(name)
        if forwarded is not None:
            return "https" if forwarded.split(",", 1)[0].strip() == value else "http"
    return meta.get("wsgi.url_scheme", "http")


def _host(meta) -> str:
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"].lower()
    host = meta.get("HTTP_HOST")
    if host:
        return host.lower()
    return f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}".lower()


def normalised_query(query: str) -> str:
    if not query or "&" not in query:
        return query
    return "&".join(sorted(query.split("&")))


def request_key(meta) -> PageKey | None:
    """The key for a request the cache may answer, or None (editors, POSTs, the admin...)."""
    if meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    c = conf()
    cookies = meta.get("HTTP_COOKIE")
    if cookies and _has_bypass_cookie(cookies, c.bypass_cookies):
        return None
    if "HTTP_AUTHORIZATION" in meta:
        return None
    path = meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "/")
    if path.startswith(c.excluded_prefixes):
        return None
    language = language_of(path)
    query = normalised_query(meta.get("QUERY_STRING", ""))
    entry = "page:" + _digest(f"{_scheme(meta)}://{_host(meta)}{path}?{query}#{language}")
    return PageKey(entry=entry, path_mark=path_mark(path), language=language)


def path_of_url(url: str) -> str:
    """The path of a URL as WSGI servers hand it over (decoded, Latin-1 for non-ASCII)."""
    path = urlsplit(url).path or "/"
    return unquote(path, encoding="utf-8").encode("utf-8").decode("latin-1")
