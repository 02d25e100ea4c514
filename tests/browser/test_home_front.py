"""The demo's front page as readers see it, on a phone and on a laptop, in English and Urdu:
a lead with five secondary stories, Latest, the day's prayer times, Opinion with its writers,
section rails; and a read counted by the reader's own browser once the story was in view."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_the_front_page_has_a_lead_secondary_stories_and_its_blocks(browser, demo_site, device, lang):
    context = browser.new_context(viewport=VIEWPORTS[device])
    tab = context.new_page()
    try:
        tab.goto(demo_site.url("/" if lang == "en" else "/ur/"), wait_until="load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"home-front-{device}-{lang}.png"))
        tab.screenshot(path=str(SCREENSHOTS / f"home-front-{device}-{lang}-full.png"), full_page=True)
        lead = tab.locator(".home-lead .card--big .card__title")
        assert lead.count() == 1
        box = lead.bounding_box()
        assert box["y"] + box["height"] <= VIEWPORTS[device]["height"], "the lead headline is below the first screen"
        secondary = tab.locator(".home-secondary .card__title")
        assert secondary.count() == 5
        titles = [lead.inner_text()] + secondary.all_inner_texts()
        assert len(set(titles)) == 6, "a story is shown twice among the top stories"
        # Pictures of the secondary stories keep a 16:9 box (no shift when they load).
        for img in tab.locator(".home-secondary img").all():
            shown = img.bounding_box()
            assert abs(shown["width"] / shown["height"] - 16 / 9) < 0.02
        assert tab.locator(".latest-list li").count() >= 5
        # The demo's morning of reads: Most read ranks five stories, the most read first.
        assert tab.locator(".most-read-list li").count() == 5
        times = tab.locator(".home-times")
        assert times.locator("dt").count() == 6
        link = times.locator("a").first.get_attribute("href")
        assert link.startswith("/ur/prayer-times/" if lang == "ur" else "/prayer-times/")
        columns = tab.locator(".home-opinion .column-card")
        assert columns.count() >= 2
        assert all(w.strip() for w in tab.locator(".home-opinion .column-card__writer").all_inner_texts())
        assert tab.locator("section.rail").count() >= 3
        if device == "phone":
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= VIEWPORTS[device]["width"], "the front page scrolls sideways on a phone"
    finally:
        context.close()


def test_a_story_read_in_the_browser_is_counted_once(browser, demo_site):
    code = (
        "import json; from roznama.news.models import ArticlePage\n"
        "a = ArticlePage.objects.live().filter(locale__language_code='en').order_by('first_published_at').first()\n"
        "print(json.dumps({'id': a.pk, 'url': a.url}))"
    )
    story = json.loads(demo_site.manage("shell", "-c", code).strip().splitlines()[-1])
    count = (
        "from django.db.models import Sum; from roznama.news.models import ReadCount\n"
        f"print(ReadCount.objects.filter(article_id={story['id']}).aggregate(n=Sum('reads'))['n'] or 0)"
    )
    before = int(demo_site.manage("shell", "-c", count).strip().splitlines()[-1])
    # A reader's phone: the headless browser's own name is on the crawlers' list, not counted.
    context = browser.new_context(viewport=VIEWPORTS["phone"], user_agent=READER)
    tab = context.new_page()
    try:
        with tab.expect_request(lambda r: r.url.endswith("/reads/") and r.method == "POST", timeout=15000) as sent:
            tab.goto(demo_site.url(story["url"]), wait_until="load")
        assert sent.value.post_data == str(story["id"])
        # Staying on the page longer, or coming back to the tab, sends nothing more.
        tab.wait_for_timeout(4000)
        tab.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        tab.wait_for_timeout(4000)
    finally:
        context.close()
    deadline = time.monotonic() + 10
    after = before
    while time.monotonic() < deadline and after == before:
        after = int(demo_site.manage("shell", "-c", count).strip().splitlines()[-1])
    assert after == before + 1
