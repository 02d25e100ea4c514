"""Accessibility as axe-core sees it in the real chromium: the pages a reader meets (home, a
section, an article, a video article, the Ramadan hub, a city's prayer times, search with
results and search with none, a live blog where the demo has one), in English and Urdu, on a
phone and on a laptop screen.  Any violation of impact serious or critical fails; so do the
moderate ones the site once had and fixed (heading-order, landmark-unique); the other moderate
and minor ones are listed in test-output/axe/ for the next round.

axe-core is the copy tools/package-lock.json pins (scripts/validators.sh installs it).  It is
added to each page as an init script, which the browser runs outside the page's
Content-Security-Policy, so the pages are checked with their own policy in force.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import wait_for_search_results

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = REPO / "test-output" / "axe"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
FAILING_IMPACTS = {"serious", "critical"}
# Moderate rules that were reported on the site and fixed: they must stay fixed.
FIXED_MODERATE_RULES = {"heading-order", "landmark-unique"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))
  }));
}"""


def page_paths(demo_site) -> dict[str, str]:
    """Every page checked, by name, from the demo's own content."""
    code = (
        "import json\n"
        "from roznama.news.models import ArticlePage, SectionPage\n"
        "from roznama.ramadan.models import RamadanHubPage\n"
        "from roznama.live.models import LiveBlogPage\n"
        "out = {}\n"
        "for lang in ('en', 'ur'):\n"
        "    live = ArticlePage.objects.live().filter(locale__language_code=lang).order_by('-first_published_at')\n"
        "    out[f'article-{lang}'] = live.filter(lead_video__isnull=True, lead_image__isnull=False).first().url\n"
        "    out[f'video-{lang}'] = live.filter(lead_video__isnull=False).first().url\n"
        "    out[f'section-{lang}'] = SectionPage.objects.live().filter(locale__language_code=lang).order_by('path').first().url\n"
        "    out[f'hub-{lang}'] = RamadanHubPage.objects.live().filter(locale__language_code=lang).first().url\n"
        "    blog = LiveBlogPage.objects.live().filter(locale__language_code=lang).first()\n"
        "    if blog is not None:\n"
        "        out[f'live-{lang}'] = blog.url\n"
        "print(json.dumps(out))"
    )
    found = json.loads(demo_site.manage("shell", "-c", code).strip().splitlines()[-1])
    return {
        "home-en": "/",
        "home-ur": "/ur/",
        "prayer-city-en": "/prayer-times/lahore/",
        "prayer-city-ur": "/ur/prayer-times/lahore/",
        "search-en": "/search/?q=Pakistan",
        "search-ur": "/ur/search/?q=لاہور",
        "search-empty-en": "/search/?q=zzyzx",
        "search-empty-ur": "/ur/search/?q=zzyzx",
        **found,
    }


@pytest.fixture(scope="module")
def paths(demo_site):
    assert AXE.is_file(), "axe-core is not installed in tools/ (scripts/validators.sh installs it)"
    found = page_paths(demo_site)
    for lang in ("en", "ur"):  # "search with results" has results
        wait_for_search_results(demo_site, found[f"search-{lang}"])
    return found


def check(browser, demo_site, path: str, viewport: dict, name: str) -> list[dict]:
    context = browser.new_context(viewport=viewport)
    try:
        context.add_init_script(path=str(AXE))
        tab = context.new_page()
        response = tab.goto(demo_site.url(path), wait_until="load")
        assert response is not None and response.status == 200, (path, response and response.status)
        # Lazy ads and the strip fill themselves in after load: check the page as it settles.
        tab.wait_for_timeout(300)
        violations = tab.evaluate(RUN_AXE)
    finally:
        context.close()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(
        json.dumps({"path": path, "violations": violations}, ensure_ascii=False, indent=2)
    )
    return violations


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']}\n" + "\n".join(f"      {n['target']}" for n in v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_no_serious_accessibility_violation(browser, demo_site, paths, lang, width):
    mine = {name: path for name, path in paths.items() if name.endswith(f"-{lang}")}
    # Every kind of page is there in both languages (the live blog only if the demo has one).
    assert {re.sub(r"-(en|ur)$", "", n) for n in mine} >= {
        "home",
        "section",
        "article",
        "video",
        "hub",
        "prayer-city",
        "search",
        "search-empty",
    }
    failures, reported = [], []
    for name, path in sorted(mine.items()):
        violations = check(browser, demo_site, path, VIEWPORTS[width], f"{name}-{width}")
        bad = [v for v in violations if v["impact"] in FAILING_IMPACTS or v["id"] in FIXED_MODERATE_RULES]
        rest = [v for v in violations if v not in bad]
        if bad:
            failures.append(f"{path} ({width}):\n{describe(bad)}")
        if rest:
            reported.append(f"{path} ({width}):\n{describe(rest)}")
    if reported:
        print("Reported, not failing:\n" + "\n".join(reported))
    assert not failures, "axe-core found:\n" + "\n".join(failures)


def test_axe_finds_a_violation_when_there_is_one(browser, demo_site):
    """The check itself works: a page given an image without alt text and an unlabelled
    field in the browser is reported, with the rule and the element."""
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    try:
        context.add_init_script(path=str(AXE))
        tab = context.new_page()
        tab.goto(demo_site.url("/"), wait_until="load")
        tab.evaluate("""() => {
          const img = document.createElement("img"); img.id = "no-alt"; img.src = "/favicon.ico";
          const field = document.createElement("input"); field.id = "no-label";
          document.querySelector("main").append(img, field);
        }""")
        found = {v["id"]: v for v in tab.evaluate(RUN_AXE)}
    finally:
        context.close()
    assert found["image-alt"]["impact"] == "critical"
    assert "#no-alt" in [n["target"] for n in found["image-alt"]["nodes"]]
    assert "#no-label" in [n["target"] for v in found.values() for n in v["nodes"] if v["id"] == "label"]
