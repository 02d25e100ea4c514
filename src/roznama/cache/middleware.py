"""The page cache: a middleware pair.

``PageCacheMiddleware`` goes first in ``MIDDLEWARE``.  For an anonymous GET or HEAD (no
session cookie, no ``Authorization``) it answers from the cache before any other middleware
runs; otherwise it lets the request through and stores what comes back when that is safe:
a GET answered 200/301/308/404/410 with a public ``Cache-Control``, no ``Set-Cookie``, and no
``Vary: *``.  ``Vary`` is honoured: the values of the request headers a response varies on
are stored with it, and a request with other values is a miss.  ``Cookie`` and
``Accept-Language`` are the exceptions, since an anonymous page's language is fixed by its
path and the session cookie already decides who is anonymous.

When rendering fails (the database is down: a 5xx comes back), the last copy is served with
``X-Cache: STALE``, however old or purged.  While one request re-renders an expired page the
others get the previous copy for that moment, instead of all rendering it at once.

``CachePolicyMiddleware`` goes just after ``AuthenticationMiddleware``, so its response
step sees the final answer of everything below it (redirects, the killed-story 410).  It
marks pages for logged-in users private and gives anonymous pages the ``Cache-Control`` of
their URL kind (``policy.TABLE``), unless the view set one itself, and tells nginx how long
to keep them (``X-Accel-Expires``, at most ``ROZNAMA_NGINX_CACHE_SECONDS``).

Every response of the first says ``X-Cache: HIT``, ``MISS`` or ``STALE``.
"""

from __future__ import annotations

import hashlib
import time

from django.http import HttpResponse, HttpResponseNotModified

from . import policy, store
from .conf import conf
from .keys import request_key
from .routers import reading_for_readers

_NOT_STORED_HEADERS = {"x-cache", "age", "set-cookie", "date", "etag"}
_VARY_COVERED = {"cookie", "accept-language"}


def _meta_name(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def entry_response(request_meta, entry: store.Entry, state: str, now: float | None = None):
    """A response rebuilt from a stored entry (also used by the WSGI entry point)."""
    now = time.time() if now is None else now
    etag = entry.etag
    if etag and entry.status == 200 and request_meta.get("HTTP_IF_NONE_MATCH") in (etag, "W/" + etag):
        response = HttpResponseNotModified()
        for name, value in entry.headers:
            if name.lower() in ("cache-control", "vary", "content-language", "expires"):
                response[name] = value
    else:
        response = HttpResponse(entry.body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
    if etag:
        response["ETag"] = etag
    response["Age"] = str(max(0, int(now - entry.stored_at)))
    response["X-Cache"] = state
    return response


def make_entry(response, meta, marks: tuple, now: float | None = None) -> store.Entry | None:
    """The entry to store for this response, or None when it must not be stored."""
    if response.streaming or response.status_code not in policy.CACHEABLE_STATUS:
        return None
    if response.cookies or response.has_header("Set-Cookie"):
        return None
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return None  # a nonce is for one answer only; served again it would vouch for anything
    seconds = policy.shared_max_age(response.get("Cache-Control", ""))
    if seconds is None:
        return None
    vary = []
    for header in response.get("Vary", "").split(","):
        header = header.strip()
        if not header:
            continue
        if header == "*":
            return None
        if header.lower() not in _VARY_COVERED:
            name = _meta_name(header)
            vary.append((name, meta.get(name)))
    now = time.time() if now is None else now
    body = response.content
    etag = response.get("ETag") or ('"%s"' % hashlib.blake2b(body, digest_size=12).hexdigest())
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED_HEADERS]
    return store.Entry(
        marks=marks,
        stored_at=now,
        fresh_until=now + min(seconds, conf().max_fresh_seconds),
        status=response.status_code,
        headers=headers,
        body=body,
        vary=tuple(vary),
        etag=etag,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not conf().enabled:
            return self.get_response(request)
        key = request_key(request.META)
        if key is None:
            response = self.get_response(request)
            response["X-Cache"] = "MISS"
            return response

        found = store.lookup(key, request.META)
        if found.fresh:
            return entry_response(request.META, found.entry, "HIT")
        usable = found.entry is not None and store._vary_matches(found.entry, request.META)
        locked = False
        if usable and not store.try_lock(key):
            # Another request is rendering this page right now: hand out the previous copy.
            return entry_response(request.META, found.entry, "STALE")
        locked = usable
        try:
            with reading_for_readers():
                response = self.get_response(request)
            if response.status_code >= 500 and usable:
                return entry_response(request.META, found.entry, "STALE")
            if request.method == "GET" and not found.error:
                entry = make_entry(response, request.META, found.marks)
                if entry is not None:
                    store.save(found, entry)
                    if "ETag" not in response:
                        response["ETag"] = entry.etag
        finally:
            if locked:
                store.unlock(key)
        response["X-Cache"] = "MISS"
        return response


class CachePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        c = conf()
        path = request.path_info
        if path.startswith(c.excluded_prefixes):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = policy.PRIVATE
            return response
        chosen = policy.policy_for(path, response.status_code)
        if chosen is not None:
            policy.apply(response, chosen)
            # nginx (hidden from clients): a short stay, since its purge module cannot purge a
            # whole site or every query string of a path; exact purges still land at once.
            response["X-Accel-Expires"] = str(min(chosen.s_maxage, c.nginx_seconds))
        return response
