"""Nothing on the reader's first screen moves once it is drawn: the cumulative layout shift the
browser itself reports (PerformanceObserver, 'layout-shift') is 0.00 on the home page, an
article, a video article, the Ramadan hub and search, in English and Urdu, on a phone and on a
laptop screen; and again when the page arrives in pieces, as on a slow mobile connection (the
browser then draws the part it has, and what comes later must not move it)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}

# Records every layout shift from the start of the page (buffered), with what moved.
OBSERVE_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    if (entry.hadRecentInput) return;
    window.__layoutShifts.push({
      value: entry.value,
      moved: (entry.sources || []).map(function (s) {
        var n = s.node;
        if (!n || !n.nodeType) return "?";
        if (n.nodeType !== 1) n = n.parentElement || n;
        return n.tagName ? (n.tagName.toLowerCase() + (n.className && typeof n.className === "string" ? "." + n.className.split(" ").join(".") : "")) : "#text";
      })
    });
  });
}).observe({ type: "layout-shift", buffered: true });
"""


def page_paths(demo_site) -> dict[str, str]:
    """The pages measured, in both languages, from the demo's own content."""
    code = (
        "import json; from roznama.news.models import ArticlePage; from roznama.ramadan.models import RamadanHubPage; "
        "out = {}\n"
        "for lang in ('en', 'ur'):\n"
        "    live = ArticlePage.objects.live().filter(locale__language_code=lang).order_by('-first_published_at')\n"
        "    out[f'article-{lang}'] = live.filter(lead_video__isnull=True, lead_image__isnull=False).first().url\n"
        "    out[f'video-{lang}'] = live.filter(lead_video__isnull=False).first().url\n"
        "    out[f'hub-{lang}'] = RamadanHubPage.objects.live().filter(locale__language_code=lang).first().url\n"
        "print(json.dumps(out))"
    )
    found = json.loads(demo_site.manage("shell", "-c", code).strip().splitlines()[-1])
    return {
        "home-en": "/",
        "home-ur": "/ur/",
        "search-en": "/search/?q=Pakistan",
        "search-ur": "/ur/search/?q=پاکستان",
        **found,
    }


@pytest.fixture(scope="module")
def paths(demo_site):
    return page_paths(demo_site)


class SlowConnection:
    """A relay in front of the demo that sends each HTML page in pieces, 0.3 s apart, as a slow
    mobile line does: the browser draws the part it has, and what arrives next must not move it.
    The cuts are where a page is most fragile: after the header's language and search buttons
    (before the search form), after the sections, and inside the Ramadan timetable (after its
    first header row, and after its first rows of days). A cut inside a word or between a tag
    and its text would only show the network at work, so there are none."""

    PAUSE = 0.3
    CUTS = (  # after the first `closing` that follows `anchor`
        (b"data-search-toggle", b"</div>"),
        (b"data-site-menu", b"</nav>"),
        (b"data-timetable", b"</tr>"),
        (b"<tbody>", b"</tr>"),
    )

    def __init__(self, origin: str):
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with urllib.request.urlopen(origin + self.path) as response:
                    body, ctype = response.read(), response.headers.get("Content-Type", "")
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Connection", "close")
                self.end_headers()
                if "html" not in ctype:
                    self.wfile.write(body)
                    return
                for piece in relay.pieces(body):
                    self.wfile.write(piece)
                    self.wfile.flush()
                    time.sleep(relay.PAUSE)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def cuts(self, body: bytes) -> list[int]:
        found = set()
        for anchor, closing in self.CUTS:
            at = body.find(anchor)
            if at >= 0 and (end := body.find(closing, at)) >= 0:
                found.add(end + len(closing))
        return sorted(found)

    def pieces(self, body: bytes):
        start = 0
        for cut in self.cuts(body) + [len(body)]:
            yield body[start:cut]
            start = cut

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"


@pytest.fixture(scope="module")
def slow_connection(demo_site):
    relay = SlowConnection(demo_site.url("/").rstrip("/"))
    yield relay
    relay.server.shutdown()


@pytest.mark.parametrize("connection", ["fast", "in pieces"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("which", ["home", "article", "video", "hub", "search"])
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_cumulative_layout_shift_is_zero(browser, demo_site, slow_connection, paths, which, lang, viewport, connection):
    site = slow_connection if connection == "in pieces" else demo_site
    if connection == "in pieces":  # the cuts are really made: the header's two, the table's two
        with urllib.request.urlopen(demo_site.url(urllib.parse.quote(paths[f"{which}-{lang}"], safe="/?="))) as page:
            assert len(slow_connection.cuts(page.read())) == (4 if which == "hub" else 2)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        tab = context.new_page()
        tab.add_init_script(OBSERVE_SHIFTS)
        tab.goto(site.url(paths[f"{which}-{lang}"]), wait_until="load")
        tab.wait_for_load_state("networkidle")
        tab.evaluate("document.fonts.ready")
        tab.wait_for_timeout(1500)  # the lazy ads and the strip fill in well within this
        shifts = tab.evaluate("window.__layoutShifts")
        total = sum(s["value"] for s in shifts)
        assert round(total, 2) == 0.00 and total < 0.001, shifts
    finally:
        context.close()
