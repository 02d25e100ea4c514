"""The phone header a reader meets first, at 390x844 and on a laptop, in English and Urdu:
one compact row, the sections behind a menu button (Esc closes it, the keyboard stays inside
while it is open, focus returns to the button), search behind an icon, the strip on one line,
the date line with the Hijri date, and the lead story's headline inside the first screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def article_paths(demo_site):
    code = (
        "import json; from roznama.news.models import ArticlePage\n"
        "print(json.dumps({lang: ArticlePage.objects.live().filter(locale__language_code=lang, lead_video__isnull=True)"
        ".order_by('-first_published_at').first().url for lang in ('en', 'ur')}))"
    )
    return json.loads(demo_site.manage("shell", "-c", code).strip().splitlines()[-1])


def open_tab(browser, demo_site, path, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(demo_site.url(path), wait_until="load")
    return context, tab


def shot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_on_a_phone_the_header_is_one_row_and_the_lead_headline_is_in_the_first_screen(
    browser, demo_site, article_paths, lang
):
    for which, path in (("home", "/" if lang == "en" else "/ur/"), ("article", article_paths[lang])):
        context, tab = open_tab(browser, demo_site, path, PHONE)
        try:
            shot(tab, f"mobile-header-{which}-{lang}")
            brand = tab.locator(".masthead .brand").bounding_box()
            for control in ("[data-menu-button]", "[data-search-toggle]", ".lang-switch a"):
                box = tab.locator(control).first.bounding_box()
                assert box and abs((box["y"] + box["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 12, control
                assert box["width"] >= 24 and box["height"] >= 24, f"{control} is too small to tap"
            assert not tab.locator(".search-box").is_visible()  # behind the icon
            assert not tab.locator(".sections-nav").is_visible()  # behind the menu button
            strip = tab.locator("[data-ramadan-strip-root]")
            if strip.is_visible():
                assert strip.bounding_box()["height"] <= 48, "the strip takes more than one line"
            headline = tab.locator(".home-lead h2, .home-lead h3" if which == "home" else "main h1").first
            box = headline.bounding_box()
            assert box["y"] + min(box["height"], 40) <= PHONE["height"], (
                f"the {which} headline starts below the first screen"
            )
            # Nothing wider than the screen: no sideways scrolling of the whole page.
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        finally:
            context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_menu_opens_the_sections_keeps_focus_inside_and_closes_with_escape(browser, demo_site, lang):
    context, tab = open_tab(browser, demo_site, "/" if lang == "en" else "/ur/", PHONE)
    try:
        button = tab.locator("[data-menu-button]")
        assert button.get_attribute("aria-expanded") == "false"
        button.click()
        menu = tab.locator("#site-menu")
        assert button.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        links = menu.locator("ul a")
        assert links.count() >= 5 and links.first.is_visible()
        shot(tab, f"mobile-menu-open-{lang}")
        # Tab through everything and beyond: the focus never leaves the open panel.
        for _ in range(links.count() + 3):
            tab.keyboard.press("Tab")
            assert tab.evaluate("document.getElementById('site-menu').contains(document.activeElement)")
        tab.keyboard.press("Shift+Tab")
        assert tab.evaluate("document.getElementById('site-menu').contains(document.activeElement)")
        tab.keyboard.press("Escape")
        assert not menu.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        assert tab.evaluate("document.activeElement.hasAttribute('data-menu-button')")
        # A section chosen from the menu opens it.
        button.click()
        first = links.first
        href = first.get_attribute("href")
        first.click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith(href)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_search_behind_the_icon_opens_focused_and_searches(browser, demo_site, lang):
    context, tab = open_tab(browser, demo_site, "/" if lang == "en" else "/ur/", PHONE)
    try:
        tab.locator("[data-search-toggle]").click()
        field = tab.locator(".search-box input[type=search]")
        assert field.is_visible()
        assert tab.evaluate("document.activeElement === document.querySelector('.search-box input[type=search]')")
        shot(tab, f"mobile-search-open-{lang}")
        field.fill("Pakistan" if lang == "en" else "پاکستان")
        field.press("Enter")
        tab.wait_for_load_state("load")
        assert "/search/" in tab.url and "q=" in tab.url
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_on_a_laptop_sections_and_search_are_in_view_and_the_buttons_are_not(browser, demo_site, lang):
    context, tab = open_tab(browser, demo_site, "/" if lang == "en" else "/ur/", LAPTOP)
    try:
        shot(tab, f"laptop-header-{lang}")
        assert tab.locator(".sections-nav ul a").first.is_visible()
        assert tab.locator(".search-box input[type=search]").is_visible()
        assert not tab.locator("[data-menu-button]").is_visible()
        assert not tab.locator("[data-search-toggle]").is_visible()
        line = tab.locator("[data-header-date]")
        assert line.is_visible() and line.locator("[data-hijri-date]").inner_text().strip()
    finally:
        context.close()
