"""Fixtures for the page cache: a clean cache per test, a fake nginx purge endpoint."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches

from roznama.cache import conf as cache_conf
from roznama.cache import store as cache_store


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Each test starts with an empty page cache (the Redis one too, when the suite runs on it),
    switched on (the test settings leave it off for every other test)."""
    settings.ROZNAMA_PAGE_CACHE = True
    cache_store.reset()
    caches[cache_conf.conf().alias].clear()
    caches["default"].clear()
    yield caches[cache_conf.conf().alias]
    with contextlib.suppress(Exception):  # a test may have pointed it at a server that is down
        caches[cache_conf.conf().alias].clear()
    cache_store.reset()


class PurgeRecorder:
    def __init__(self):
        self.requests: list[tuple[str, str, str]] = []  # (method, host, path)
        self.lock = threading.Lock()

    def paths(self, method="PURGE"):
        with self.lock:
            return [path for m, _, path in self.requests if m == method]

    def clear(self):
        with self.lock:
            self.requests.clear()


@pytest.fixture
def purge_endpoint(settings):
    """An HTTP server on 127.0.0.1 that answers PURGE like nginx's cache purge module and
    records what it was asked; Wagtail's HTTP backend is pointed at it."""
    recorder = PurgeRecorder()

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            with recorder.lock:
                recorder.requests.append(("PURGE", self.headers.get("Host", ""), self.path))
            body = b"purged"
            self.send_response(200 if len(recorder.requests) % 2 else 404)  # 404: was not cached
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "roznama.cache.backends.NginxPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def fragments_on(page_fragments):
    """These pages are tested as readers get them: with the page fragments on."""
