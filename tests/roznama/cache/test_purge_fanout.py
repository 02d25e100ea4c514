"""Several nodes, each with its own nginx page cache: a publish purges every node's nginx."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from roznama.cache.nodes import nginx_purge_backends


class NodePurgeEndpoint:
    """A real HTTP server answering PURGE as one node's nginx does, noting when each path came."""

    def __init__(self):
        self.received: dict[str, float] = {}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802
                endpoint.received.setdefault(self.path, time.monotonic())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def two_nodes(settings):
    nodes = [NodePurgeEndpoint(), NodePurgeEndpoint()]
    # As ROZNAMA_FRONTEND_PURGE_URLS="http://node-1:8081,http://node-2:8081" configures them.
    settings.WAGTAILFRONTENDCACHE = nginx_purge_backends(",".join(node.url for node in nodes))
    yield nodes
    for node in nodes:
        node.close()


def test_the_settings_make_one_backend_per_node():
    backends = nginx_purge_backends("http://10.0.0.1:8081, http://10.0.0.2:8081,http://10.0.0.1:8081", "www.example.pk")
    assert [b["LOCATION"] for b in backends.values()] == ["http://10.0.0.1:8081", "http://10.0.0.2:8081"]
    assert all(b["HOSTNAMES"] == ["www.example.pk"] for b in backends.values())


def test_a_publish_purges_every_nodes_nginx_within_a_second(newsroom, two_nodes, django_capture_on_commit_callbacks):
    story = newsroom.article("Budget passed", live=False)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    story.refresh_from_db()
    deadline = started + 1.0
    while time.monotonic() < deadline and not all(story.url in node.received for node in two_nodes):
        time.sleep(0.01)
    for number, node in enumerate(two_nodes, start=1):
        assert story.url in node.received, f"node {number} was not purged: {sorted(node.received)}"
        assert node.received[story.url] - started < 1.0
        # Each node also drops the listings that show the story.
        assert "/" in node.received and newsroom.world.url in node.received
