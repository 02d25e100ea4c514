"""A city's prayer-times page in chromium, on the demo as it runs: the next prayer's
countdown ticking from the times in the page, the method and Asr school switched with the
form, and the Urdu page right to left."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

pytestmark = pytest.mark.browser


def _asr(page) -> datetime:
    return datetime.fromisoformat(page.locator(".pt-today [data-prayer=asr] time").get_attribute("datetime"))


def test_countdown_ticks_to_the_next_prayer(page, demo_site):
    page.goto(demo_site.url("/prayer-times/lahore/"))
    box = page.locator("[data-prayer-countdown]")
    box.wait_for(state="visible")
    first = page.locator("[data-next-in]").inner_text()
    assert re.fullmatch(r"in \d+:\d\d:\d\d", first), first
    assert page.locator("[data-next-name]").inner_text() in ("Fajr", "Dhuhr", "Asr", "Maghrib", "Isha")
    page.wait_for_timeout(1500)
    assert page.locator("[data-next-in]").inner_text() != first
    # The prayer counted down to is the first of the page's own times still ahead.
    upcoming = page.evaluate("""() => {
        const s = JSON.parse(document.getElementById('pt-schedule').textContent);
        return s.find(x => Date.parse(x.at) > Date.now()).name; }""")
    assert box.get_attribute("data-next") == upcoming


def test_method_and_asr_school_switch(page, demo_site):
    page.goto(demo_site.url("/prayer-times/lahore/"))
    hanafi = _asr(page)
    page.select_option("#pt-asr", "shafi")
    page.select_option("#pt-method", "mwl")
    page.click(".pt-choices__form button[type=submit]")
    page.wait_for_url(re.compile(r"asr=shafi"))
    assert "Muslim World League" in page.locator(".pt-choices").inner_text()
    assert (hanafi - _asr(page)).total_seconds() > 30 * 60  # the Shafi'i Asr is well earlier
    page.goto(demo_site.url("/prayer-times/lahore/?asr=maliki"))
    assert "not offered" in page.locator("main").inner_text()


def test_urdu_page_is_right_to_left(page, demo_site):
    page.goto(demo_site.url("/ur/prayer-times/lahore/"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.pt-table')).direction") == "rtl"
    assert "لاہور" in page.locator("h1").inner_text()
    page.locator("[data-prayer-countdown]").wait_for(state="visible")
    assert re.search(r"[۰-۹]+:[۰-۹]{2}:[۰-۹]{2}", page.locator("[data-next-in]").inner_text())
