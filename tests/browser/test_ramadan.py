"""The Ramadan strip and hub in chromium, on the demo run as of 16 March 2025, noon in Pakistan.

A second ``roznama serve`` runs over the demo's database with ``ROZNAMA_AS_OF`` set, as
``roznama demo --as-of 2025-03-16T12:00:00+05:00`` runs it.  Reference values (outside the
code): the reference page's strip that day, "Iftar Time · Ramadan 15", Lahore 06:13 PM,
Karachi 06:43 PM, Islamabad 06:19 PM, Peshawar 06:25 PM, Quetta 06:43 PM.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AS_OF = "2025-03-16T12:00:00+05:00"
REFERENCE = {
    "Lahore": "06:13 PM",
    "Karachi": "06:43 PM",
    "Islamabad": "06:19 PM",
    "Peshawar": "06:25 PM",
    "Quetta": "06:43 PM",
}


@pytest.fixture(scope="module")
def preview_site(demo_site, servers):
    """The same demo served as of the reference page's day, as ``--as-of`` runs it."""
    return servers.serve(dict(demo_site.env, ROZNAMA_AS_OF=AS_OF, ROZNAMA_AS_OF_SINCE=str(time.time())))


def _minutes(text: str) -> int:
    moment = datetime.strptime(text, "%I:%M %p")
    return moment.hour * 60 + moment.minute


def strip_text(page) -> str:
    return " ".join(page.locator("[data-ramadan-strip-root] [data-strip-main]").inner_text().split())


def test_strip_reads_like_the_reference_page(page, preview_site):
    page.goto(preview_site + "/")
    strip = page.locator("[data-ramadan-strip-root]")
    strip.wait_for()
    assert strip.locator("[data-strip-heading]").inner_text() == "Iftar Time · Ramadan 15"
    items = strip.locator(".ramadan-strip__item")
    shown = {
        items.nth(i).locator(".name").inner_text(): items.nth(i).locator("time").inner_text()
        for i in range(items.count())
    }
    assert list(shown)[:5] == list(REFERENCE)
    for name, expected in REFERENCE.items():
        assert abs(_minutes(shown[name]) - _minutes(expected)) <= 1, (name, shown[name], expected)
    assert strip_text(page).startswith("Iftar Time · Ramadan 15 · Lahore LHR 06:1")
    # The strip links to the hub by its name, and the hub opens on today's row.
    hub_link = strip.locator("[data-strip-hub]:visible")
    assert hub_link.count() == 1 and hub_link.inner_text() == "Ramadan Pedia"
    hub_link.click()
    page.wait_for_url("**/ramadan-pedia/**")
    assert page.locator("tr[aria-current='date']").get_attribute("data-date") == "2025-03-16"
    assert page.locator("svg.ramadan-chart polyline").count() == 2
    assert page.locator("svg.iftar-map circle").count() >= 20


def test_countdown_ticks_towards_iftar(page, preview_site):
    page.goto(preview_site + "/")
    clock = page.locator("[data-ramadan-strip-root] [data-countdown-clock]")
    page.wait_for_function("() => document.querySelector('[data-countdown-clock]').textContent.indexOf('-') < 0")
    first = clock.inner_text()
    # About six hours and thirteen minutes to Lahore's iftar from noon.
    hours, minutes, seconds = (int(x) for x in first.split(":"))
    assert 6 * 60 + 5 <= hours * 60 + minutes <= 6 * 60 + 14
    page.wait_for_timeout(2100)
    second = clock.inner_text()
    assert second != first
    assert page.locator("[data-countdown-label]").inner_text() == "Iftar in"


def test_city_choice_persists_across_pages(page, preview_site):
    page.goto(preview_site + "/")
    page.locator("[data-city-button]").click()
    page.locator("[data-city-search]").fill("Multan")
    page.locator("[data-city-results] button", has_text="Multan").first.click()
    page.wait_for_function("() => document.querySelector('[data-city-name]').textContent === 'Multan'")
    page.goto(preview_site + "/world/")
    page.wait_for_function("() => document.querySelector('[data-city-name]').textContent === 'Multan'")
    reader = page.locator(".ramadan-strip__item.is-reader")
    assert reader.locator(".name").inner_text() == "Multan"
    # The hub's "today" follows the same choice.
    page.goto(preview_site + "/ramadan-pedia/")
    page.wait_for_function("() => document.querySelector('[data-today-city]').textContent === 'Multan'")


def test_urdu_strip_is_right_to_left(page, preview_site):
    page.goto(preview_site + "/ur/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    strip = page.locator("[data-ramadan-strip-root]")
    page.wait_for_function("() => document.querySelector('[data-countdown-clock]').textContent.indexOf('-') < 0")
    assert strip.locator("[data-strip-heading]").inner_text() == "افطار کا وقت · ۱۵ رمضان"
    assert strip.locator(".ramadan-strip__item .name").first.inner_text() == "لاہور"
    assert strip.locator("[data-countdown-clock]").inner_text()[0] in "۰۱۲۳۴۵۶۷۸۹"
    assert page.evaluate("getComputedStyle(document.querySelector('[data-ramadan-strip-root]')).direction") == "rtl"
    heading_box = strip.locator("[data-strip-heading]").bounding_box()
    city_box = strip.locator(".ramadan-strip__item").first.bounding_box()
    assert heading_box["x"] > city_box["x"]  # right to left: the heading is on the right


def test_print_layout_fits_one_a4_page(page, preview_site):
    import re

    page.goto(preview_site + "/ramadan-pedia/print/?city=Karachi&year=1448")
    assert page.locator("table[data-timetable] tbody tr:not(.ashra-head)").count() == 30
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


# A picked place's times are in that place's own zone, labelled, whatever zone the reader's
# device is in: Karachi's iftar on 16 March 2025 is 06:43 PM Pakistan time (the reference page).
KARACHI_ENGLISH, KARACHI_URDU = "Karachi", "کراچی"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
# Empress Market, Saddar, Karachi (Wikipedia: 24°51′38″N 67°01′48″E).
SADDAR = {"latitude": 24.8606, "longitude": 67.0300}


def shot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def strip_tab(browser, timezone_id, viewport=None, **more):
    context = browser.new_context(timezone_id=timezone_id, viewport=viewport or {"width": 1366, "height": 900}, **more)
    return context, context.new_page()


def karachi_item(tab, name):
    tab.wait_for_function("name => document.querySelector('[data-city-name]').textContent === name", arg=name)
    item = tab.locator(".ramadan-strip__item", has=tab.locator(".name", has_text=name)).first
    return item.locator("time").inner_text(), item.locator("[data-zone]").inner_text()


@pytest.mark.parametrize("timezone_id", ["UTC", "America/New_York"])
def test_a_picked_city_shows_its_own_times_labelled_not_the_browsers(browser, preview_site, timezone_id):
    context, tab = strip_tab(browser, timezone_id)
    try:
        assert tab.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == timezone_id
        tab.goto(preview_site + "/")
        tab.locator("[data-city-button]").click()
        tab.locator("[data-city-search]").fill("Karachi")
        tab.locator("[data-city-results] button", has_text="Karachi").first.click()
        shown, zone = karachi_item(tab, KARACHI_ENGLISH)
        assert abs(_minutes(shown) - _minutes(REFERENCE["Karachi"])) <= 1, shown
        assert zone == "PKT"
    finally:
        context.close()


@pytest.mark.parametrize(
    "lang, name, zone, digits",
    [("en", KARACHI_ENGLISH, "PKT", "0123456789"), ("ur", KARACHI_URDU, "پاکستانی وقت", "۰۱۲۳۴۵۶۷۸۹")],
)
def test_use_my_location_names_the_nearest_place_with_its_times(browser, preview_site, lang, name, zone, digits):
    context, tab = strip_tab(browser, "UTC", geolocation=SADDAR, permissions=["geolocation"])
    try:
        tab.goto(preview_site + ("/" if lang == "en" else "/ur/"))
        tab.locator("[data-city-button]").click()
        tab.locator("[data-geolocate]").click()
        shown, shown_zone = karachi_item(tab, name)
        shot(tab, f"strip-my-location-{lang}")
        assert shown_zone == zone
        assert "24.86" not in tab.locator("[data-ramadan-strip-root]").inner_text()
        if lang == "en":
            assert abs(_minutes(shown) - _minutes(REFERENCE["Karachi"])) <= 1, shown
        else:  # ۰۶:۴۳ شام: the same clock time, in Urdu digits and Urdu's part of the day
            western = shown.translate(str.maketrans(digits, "0123456789"))
            assert western.startswith(("06:42", "06:43", "06:44")) and western.endswith("شام"), shown
            assert not any(ch in "0123456789" for ch in tab.locator("[data-ramadan-strip-root]").inner_text())
    finally:
        context.close()


def test_a_location_remembered_as_coordinates_becomes_the_nearest_place(browser, preview_site):
    context, tab = strip_tab(browser, "UTC")
    # What "Use my location" used to keep: bare coordinates with the browser's zone.
    context.add_init_script(
        "localStorage.setItem('roznama.ramadan.city', JSON.stringify({key: '24.8600,67.0100', tz: 'UTC'}))"
    )
    try:
        tab.goto(preview_site + "/")
        shown, zone = karachi_item(tab, KARACHI_ENGLISH)
        assert abs(_minutes(shown) - _minutes(REFERENCE["Karachi"])) <= 1, shown
        assert zone == "PKT"
    finally:
        context.close()


def test_on_a_phone_the_hub_link_is_in_the_strips_line(browser, preview_site):
    context, tab = strip_tab(browser, "Asia/Karachi", viewport={"width": 390, "height": 844})
    try:
        tab.goto(preview_site + "/")
        strip = tab.locator("[data-ramadan-strip-root]")
        assert strip.bounding_box()["height"] <= 48
        shot(tab, "strip-phone-en")
        link = strip.locator("[data-strip-hub]:visible")
        assert link.count() == 1 and link.inner_text() == "Ramadan Pedia"
        link.scroll_into_view_if_needed()
        box, strip_box = link.bounding_box(), strip.bounding_box()
        assert strip_box["y"] <= box["y"] and box["y"] + box["height"] <= strip_box["y"] + strip_box["height"]
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
