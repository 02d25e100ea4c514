"""The Ramadan strip and hub in chromium, on the demo run as of 16 March 2025, noon in Pakistan.

A second ``roznama serve`` runs over the demo's database with ``ROZNAMA_AS_OF`` set, as
``roznama demo --as-of 2025-03-16T12:00:00+05:00`` runs it.  Reference values (outside the
code): the reference page's strip that day, "Iftar Time · Ramadan 15", Lahore 06:13 PM,
Karachi 06:43 PM, Islamabad 06:19 PM, Peshawar 06:25 PM, Quetta 06:43 PM.
"""

from __future__ import annotations

import time
from datetime import datetime

import pytest

pytestmark = pytest.mark.browser

AS_OF = "2025-03-16T12:00:00+05:00"
REFERENCE = {"Lahore": "06:13 PM", "Karachi": "06:43 PM", "Islamabad": "06:19 PM", "Peshawar": "06:25 PM",
             "Quetta": "06:43 PM"}


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
    shown = {items.nth(i).locator(".name").inner_text(): items.nth(i).locator("time").inner_text()
             for i in range(items.count())}
    assert list(shown)[:5] == list(REFERENCE)
    for name, expected in REFERENCE.items():
        assert abs(_minutes(shown[name]) - _minutes(expected)) <= 1, (name, shown[name], expected)
    assert strip_text(page).startswith("Iftar Time · Ramadan 15 · Lahore LHR 06:1")
    # The strip links to the hub, which opens on today's row.
    page.locator("[data-strip-main]").click()
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
