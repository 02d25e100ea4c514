"""WSGI entry point for production: fresh cached pages are answered before Django is entered.

``gunicorn roznama.cache.wsgi:application`` (or granian).  For an anonymous GET/HEAD whose
page is fresh in the page cache, this returns the stored bytes straight away (no request
object, no middleware: the stored headers already hold what the middleware added); anything
else goes to Django, where ``PageCacheMiddleware`` does the same lookup and stores the result.
Both use the same keys (``roznama.cache.keys``), so they never disagree.
"""

from __future__ import annotations

import os
import time
from http import HTTPStatus

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roznama.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

django_application = get_wsgi_application()

from . import store  # noqa: E402
from .conf import conf  # noqa: E402
from .keys import request_key  # noqa: E402

_STATUS = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}


def application(environ, start_response):
    if conf().enabled:
        key = request_key(environ)
        if key is not None:
            found = store.lookup(key, environ)
            if found.fresh:
                return _serve(environ, start_response, found.entry)
    return django_application(environ, start_response)


def _serve(environ, start_response, entry: store.Entry):
    now = time.time()
    if entry.etag and entry.status == 200 and environ.get("HTTP_IF_NONE_MATCH") in (entry.etag, "W/" + entry.etag):
        headers = [
            (k, v) for k, v in entry.headers if k.lower() in ("cache-control", "vary", "content-language", "expires")
        ]
        headers += [("ETag", entry.etag), ("Age", str(int(now - entry.stored_at))), ("X-Cache", "HIT")]
        start_response("304 Not Modified", headers)
        return [b""]
    headers = list(entry.headers)
    if entry.etag:
        headers.append(("ETag", entry.etag))
    if not any(k.lower() == "content-length" for k, _ in entry.headers):
        headers.append(("Content-Length", str(len(entry.body))))
    headers += [("Age", str(max(0, int(now - entry.stored_at)))), ("X-Cache", "HIT")]
    start_response(_STATUS.get(entry.status, f"{entry.status} Unknown"), headers)
    if environ.get("REQUEST_METHOD") == "HEAD":
        return [b""]
    return [entry.body]
