"""Nothing on the reader's first screen moves once it is drawn: the cumulative layout shift the
browser itself reports (PerformanceObserver, 'layout-shift') is 0.00 on the home page, an
article, a video article, the Ramadan hub and search, in English and Urdu, on a phone and on a
laptop screen."""

from __future__ import annotations

import json

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
    return {"home-en": "/", "home-ur": "/ur/", "search-en": "/search/?q=Pakistan", "search-ur": "/ur/search/?q=پاکستان",
            **found}


@pytest.fixture(scope="module")
def paths(demo_site):
    return page_paths(demo_site)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("which", ["home", "article", "video", "hub", "search"])
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_cumulative_layout_shift_is_zero(browser, demo_site, paths, which, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        tab = context.new_page()
        tab.add_init_script(OBSERVE_SHIFTS)
        tab.goto(demo_site.url(paths[f"{which}-{lang}"]), wait_until="load")
        tab.wait_for_load_state("networkidle")
        tab.evaluate("document.fonts.ready")
        tab.wait_for_timeout(1500)  # the lazy ads and the strip fill in well within this
        shifts = tab.evaluate("window.__layoutShifts")
        total = sum(s["value"] for s in shifts)
        assert round(total, 2) == 0.00 and total < 0.001, shifts
    finally:
        context.close()
