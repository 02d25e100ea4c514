"""The development server's media route answers byte ranges as RFC 9110 (section 14) says,
over a real HTTP connection, so a browser can seek in a video it has not downloaded."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

# live_server flushes the database after each test; serialized_rollback puts the migrated
# rows back (content types, the site) so later tests that reload them find no duplicates.
pytestmark = [pytest.mark.urls("media_urls"), pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# 1000 bytes that differ from one position to the next, so a wrong offset shows.
CLIP = bytes((i * 7 + i // 256) % 256 for i in range(1000))


@pytest.fixture
def clip(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Django's test server answers /media/ itself (without ranges); the route under test takes
    # another prefix so that it is the one answering.
    settings.MEDIA_URL = "/uploads/"
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "clip.mp4").write_bytes(CLIP)
    return "/uploads/videos/clip.mp4"


def get(live_server, path, **headers):
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def media_route_on_path(monkeypatch):
    import sys
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    sys.modules.pop("media_urls", None)


def test_a_range_gets_206_with_exactly_those_bytes(live_server, clip):
    status, headers, body = get(live_server, clip, Range="bytes=100-200")
    assert status == 206
    # Both ends are included: 101 bytes, from offset 100 to offset 200.
    assert body == CLIP[100:201]
    assert headers["content-range"] == "bytes 100-200/1000"
    assert headers["content-length"] == "101"
    assert headers["content-type"] == "video/mp4"


def test_open_ended_and_suffix_ranges(live_server, clip):
    status, headers, body = get(live_server, clip, Range="bytes=990-")
    assert (status, body, headers["content-range"]) == (206, CLIP[990:], "bytes 990-999/1000")
    status, headers, body = get(live_server, clip, Range="bytes=-5")
    assert (status, body, headers["content-range"]) == (206, CLIP[995:], "bytes 995-999/1000")
    # A last byte beyond the end is cut to the end.
    status, headers, body = get(live_server, clip, Range="bytes=900-5000")
    assert (status, body, headers["content-range"]) == (206, CLIP[900:], "bytes 900-999/1000")


def test_an_unsatisfiable_range_gets_416_with_the_size(live_server, clip):
    status, headers, body = get(live_server, clip, Range="bytes=5000-6000")
    assert status == 416
    assert headers["content-range"] == "bytes */1000"


def test_without_a_range_the_whole_file_and_the_promise_of_ranges(live_server, clip):
    status, headers, body = get(live_server, clip)
    assert status == 200
    assert body == CLIP
    assert headers["accept-ranges"] == "bytes"
    # A range the server does not handle (several at once) gets the whole file, as allowed.
    status, headers, body = get(live_server, clip, Range="bytes=0-1,5-6")
    assert (status, body) == (200, CLIP)


def test_missing_files_and_paths_out_of_the_folder_are_404(live_server, clip):
    assert get(live_server, "/uploads/videos/none.mp4")[0] == 404
    assert get(live_server, "/uploads/../secret.txt")[0] == 404
    assert get(live_server, "/uploads/%2e%2e/%2e%2e/etc/passwd")[0] == 404
