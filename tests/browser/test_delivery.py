"""The demo serves files as production expects: byte ranges on media, so a reader can seek
in a video."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def demo_video_url(demo_site, page) -> str:
    """Opens an English story led by a video; the URL of its MP4 file."""
    code = (
        "from roznama.news.models import ArticlePage; "
        "print(ArticlePage.objects.live().filter(locale__language_code='en', lead_video__isnull=False)"
        ".order_by('-first_published_at').first().url)"
    )
    page.goto(demo_site.url(demo_site.manage("shell", "-c", code).strip().splitlines()[-1]))
    source = page.locator(".story__lead video source[type='video/mp4']")
    expect(source).to_have_count(1)
    return demo_site.url(source.get_attribute("src"))


def fetch(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_demo_video_answers_byte_ranges(demo_site, page):
    url = demo_video_url(demo_site, page)
    status, headers, whole = fetch(url)
    assert status == 200 and headers["Accept-Ranges"] == "bytes"
    status, headers, part = fetch(url, Range="bytes=100-200")
    assert status == 206
    assert part == whole[100:201]
    assert headers["Content-Range"] == f"bytes 100-200/{len(whole)}"
    status, headers, _ = fetch(url, Range=f"bytes={len(whole) + 10}-")
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{len(whole)}"


def test_seeking_the_demo_video_plays_from_where_the_reader_jumped(demo_site, page):
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if re.search(r"\.mp4(\?|$)", r.url) else None)
    demo_video_url(demo_site, page)
    video = "document.querySelector('.story__lead video')"
    page.wait_for_function(f"() => {video}.readyState >= 1 && isFinite({video}.duration)")
    duration = page.evaluate(f"{video}.duration")
    # The whole clip is seekable, not only what has been downloaded.
    assert page.evaluate(f"{video}.seekable.length") == 1
    assert page.evaluate(f"{video}.seekable.end(0)") == pytest.approx(duration, abs=0.1)
    target = round(duration * 0.75, 2)
    page.evaluate(f"{video}.muted = true; {video}.currentTime = {target}")
    page.wait_for_function(f"() => !{video}.seeking && {video}.readyState >= 2")
    assert page.evaluate(f"{video}.currentTime") == pytest.approx(target, abs=0.1)
    page.evaluate(f"{video}.play()")
    page.wait_for_function(f"() => {video}.currentTime > {target} + 0.2 || {video}.ended")
    # The browser fetched the clip in ranges, as a player does on a real connection.
    assert 206 in statuses
