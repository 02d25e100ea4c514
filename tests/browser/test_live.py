"""Live coverage in chromium: a reader on a live blog is offered an editor's new post within
5 s without a reload, and a breaking line set in the admin shows on another page."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def make_live_blog(demo_site) -> tuple[int, str]:
    code = (
        "from roznama.news.models import SectionPage; from roznama.live.models import LiveBlogPage; "
        "from roznama.live import services; "
        "section = SectionPage.objects.get(slug='world', locale__language_code='en'); "
        "page = LiveBlogPage(title='Budget day, live', slug='budget-day-live-browser', summary='The budget as it is read.'); "
        "section.add_child(instance=page); page.save_revision().publish(); "
        "services.add_post(page, body='The finance minister rises.'); "
        "print(page.pk, page.url)"
    )
    out = demo_site.manage("shell", "-c", code).strip().splitlines()[-1]
    pk, url = out.split()
    return int(pk), url


def log_in(page, demo_site):
    demo_site.admin_login(page)


def test_a_new_post_is_offered_within_5_seconds_without_a_reload(demo_site, page, browser):
    pk, url = make_live_blog(demo_site)
    reader = browser.new_context().new_page()
    try:
        reader.goto(demo_site.url(url))
        expect(reader.locator(".live-post")).to_have_count(1)
        reader.evaluate("window.__notReloaded = true")
        button = reader.locator("[data-live-new-button]")
        expect(button).to_be_hidden()

        log_in(page, demo_site)
        page.goto(demo_site.url(f"/admin/live/{pk}/"))
        page.fill("textarea[name=body]", "Defence spending up 12 per cent.")
        page.get_by_role("button", name="Post now").click()
        expect(page.locator(".messages")).to_contain_text("Posted")
        posted = time.monotonic()

        expect(button).to_be_visible(timeout=5_000)
        assert time.monotonic() - posted <= 5
        expect(button).to_have_text("1 new post")
        # Nothing moved under the reader: the stream still shows the one post it had.
        expect(reader.locator(".live-post")).to_have_count(1)
        button.click()
        expect(reader.locator(".live-post")).to_have_count(2)
        expect(reader.locator(".live-post").first).to_contain_text("Defence spending up 12 per cent.")
        assert reader.evaluate("window.__notReloaded") is True
    finally:
        reader.context.close()


def test_a_breaking_line_set_in_the_admin_shows_on_another_page(demo_site, page, browser):
    log_in(page, demo_site)
    page.goto(demo_site.url("/admin/snippets/live/breakingline/add/"))
    page.fill("input[name=text]", "Earthquake of magnitude 5.2 felt in Islamabad")
    page.fill("input[name=text_ur]", "اسلام آباد میں 5.2 شدت کا زلزلہ")
    expires = datetime.now(ZoneInfo("Asia/Karachi")) + timedelta(hours=2)
    page.fill("input[name=expires_at]", expires.strftime("%Y-%m-%d %H:%M"))
    page.wait_for_timeout(300)
    page.evaluate("document.querySelectorAll('.xdsoft_datetimepicker').forEach(e => e.remove())")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("created")

    reader = browser.new_context().new_page()
    try:
        reader.goto(demo_site.url("/world/"))
        slot = reader.locator("[data-breaking-ticker]")
        expect(slot).to_have_attribute("aria-live", "polite")
        expect(slot.locator("[data-breaking-box]")).to_contain_text("Earthquake of magnitude 5.2 felt in Islamabad")
        reader.goto(demo_site.url("/ur/"))
        expect(reader.locator("[data-breaking-box]")).to_contain_text("اسلام آباد میں 5.2 شدت کا زلزلہ")
    finally:
        reader.context.close()
