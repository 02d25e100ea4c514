"""The search page in chromium, on a 390x844 phone and a 1366x900 laptop, in English and Urdu:
nothing wider than the screen, the first results inside the first screen, rows with their
pictures beside the headlines, the reader's words marked, and the whole page usable from the
keyboard (type, filter, sort, open a result). Screenshots go to test-output/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import wait_for_search_results

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
QUERIES = {"en": ("/search/", "Pakistan"), "ur": ("/ur/search/", "لاہور")}


@pytest.fixture(scope="module")
def indexed(demo_site):
    for path, words in QUERIES.values():
        wait_for_search_results(demo_site, f"{path}?q={words}")


def open_tab(browser, demo_site, path, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    response = tab.goto(demo_site.url(path), wait_until="load")
    assert response.status == 200, path
    return context, tab


# The outermost elements that reach past the screen's edge, named, for the failure message.
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5) && !(el.parentElement && out.includes(el.parentElement))) {
      out.push(el);
    }
  }
  return out.slice(0, 8).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
    + " " + Math.round(el.getBoundingClientRect().left) + ".." + Math.round(el.getBoundingClientRect().right));
}"""


def assert_no_sideways_scroll(tab):
    scroll, screen = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= screen, (
        f"the page scrolls sideways: {scroll} px wide on a {screen} px screen: {tab.evaluate(WIDER_THAN_SCREEN)}"
    )


def shot(tab, name, full_page=False):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_results_fit_the_screen_and_start_in_the_first_screen(browser, demo_site, indexed, lang, width):
    path, words = QUERIES[lang]
    viewport = VIEWPORTS[width]
    context, tab = open_tab(browser, demo_site, f"{path}?q={words}", viewport)
    try:
        shot(tab, f"search-{lang}-{width}")
        shot(tab, f"search-{lang}-{width}-full", full_page=True)
        assert_no_sideways_scroll(tab)
        rows = tab.locator(".search-results__list > li")
        assert rows.count() >= 2, "the demo should have several stories with these words"
        first = rows.first.locator("h3 a")
        box = first.bounding_box()
        assert box and box["y"] + box["height"] <= viewport["height"], (
            f"the first result's headline ends at {box and box['y'] + box['height']:.0f} px, below the first screen"
        )
        assert tab.locator("#search-results-heading").is_visible()
        # Every row stays inside the screen; a picture sits beside its headline, not below it.
        for i in range(rows.count()):
            row = rows.nth(i).bounding_box()
            assert row["x"] >= 0 and row["x"] + row["width"] <= viewport["width"] + 0.5, f"row {i} overflows"
            picture = rows.nth(i).locator("img")
            if picture.count():
                pic, headline = picture.bounding_box(), rows.nth(i).locator("h3").bounding_box()
                assert pic["y"] < headline["y"] + headline["height"], f"row {i}: the picture is below the headline"
                assert abs(pic["width"] / pic["height"] - 16 / 9) < 0.05, f"row {i}: the picture is not 16:9"
        # The reader's words are marked, visibly.
        mark = tab.locator(".search-results__list mark").first
        assert mark.is_visible()
        assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != tab.locator(
            ".search-result"
        ).first.evaluate("r => getComputedStyle(r).backgroundColor")
        # In Urdu the page reads from the right: a row's text starts at its right-hand edge.
        if lang == "ur":
            assert (
                tab.evaluate("() => getComputedStyle(document.querySelector('.search-result__text')).direction")
                == "rtl"
            )
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_search_by_keyboard_alone(browser, demo_site, indexed, lang):
    path, words = QUERIES[lang]
    context, tab = open_tab(browser, demo_site, path, VIEWPORTS["phone"])
    try:
        # The empty page puts the cursor in the box.
        assert tab.evaluate("() => document.activeElement.id") == "search-q"
        tab.keyboard.type(words)
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert tab.locator(".search-results__list > li").count() >= 2
        # Tab through the form to the sort, choose "Newest first" with the arrow key and send
        # the form with Enter from the words box.
        tab.focus("#search-q")
        for _ in range(10):
            tab.keyboard.press("Tab")
            if tab.evaluate("() => document.activeElement.id") == "search-sort":
                break
        assert tab.evaluate("() => document.activeElement.id") == "search-sort", "the sort is not reachable by Tab"
        tab.keyboard.press("ArrowDown")
        assert tab.locator("#search-sort").input_value() == "newest"
        tab.focus("#search-q")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert "sort=newest" in tab.url
        dates = tab.locator(".search-results__list time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
        assert dates == sorted(dates, reverse=True), "newest first is not in date order"
        # On with Tab from the form to the first result's headline, and open it with Enter.
        first = tab.locator(".search-results__list > li").first.locator("h3 a")
        target = first.get_attribute("href")
        tab.focus("#search-to")
        for _ in range(6):
            tab.keyboard.press("Tab")
            if tab.evaluate("() => document.activeElement.getAttribute('href')") == target:
                break
        assert tab.evaluate("() => document.activeElement.getAttribute('href')") == target
        outline = tab.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused result shows no focus ring"
        shot(tab, f"search-keyboard-{lang}")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert tab.url.endswith(target)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_nothing_found_on_a_phone(browser, demo_site, lang):
    path, _ = QUERIES[lang]
    context, tab = open_tab(browser, demo_site, f"{path}?q=zzyzx", VIEWPORTS["phone"])
    try:
        shot(tab, f"search-empty-{lang}", full_page=True)
        assert_no_sideways_scroll(tab)
        assert tab.locator(".search-empty").is_visible()
        assert tab.locator(".search-latest li").count() == 5
    finally:
        context.close()
