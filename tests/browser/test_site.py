"""The demo site in a real browser, as a reader and as an editor use it."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def find_articles(demo_site, **filters) -> list[dict]:
    """Live demo articles matching ORM filters: [{'url', 'title', 'dateline'}]."""
    code = (
        "import json; from roznama.news.models import ArticlePage; "
        f"qs = ArticlePage.objects.live().filter(**{filters!r}).order_by('-first_published_at'); "
        "print(json.dumps([{'url': p.url, 'title': p.title, 'dateline': p.dateline, 'id': p.pk} for p in qs[:5]]))"
    )
    out = demo_site.manage("shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def test_agency_story_shows_headline_breadcrumb_dateline_and_the_ad_label(demo_site, page):
    story = find_articles(demo_site, locale__language_code="en", dateline_agency="Reuters")[0]
    page.goto(demo_site.url(story["url"]))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(story["title"])
    crumbs = page.locator("nav.breadcrumb li")
    expect(crumbs.first).to_have_text("Home")
    expect(crumbs.last).to_have_text(story["title"])
    first_paragraph = page.locator(".story__body p").first
    expect(first_paragraph).to_contain_text(re.compile(r"^[A-Z][A-Za-z .,'-]+ \(Reuters\) - "))
    expect(page.locator(".ad__label").first).to_have_text("Advertisement")
    # The lazy ad fills in when scrolled to, inside the box reserved for it.
    ad = page.locator(".story__body [data-lazy-ad]").first
    box_before = ad.bounding_box()
    ad.scroll_into_view_if_needed()
    expect(ad).to_have_attribute("data-loaded", "1")
    assert ad.bounding_box()["height"] == pytest.approx(box_before["height"], abs=1)
    # The demo is on no Google News publication: without its address the link is not shown.
    expect(page.get_by_role("link", name="Follow us on Google News")).to_have_count(0)


def test_video_player_plays_and_question_mark_opens_the_shortcuts(demo_site, page):
    story = find_articles(demo_site, locale__language_code="en", lead_video__isnull=False)[0]
    page.goto(demo_site.url(story["url"]))
    player = page.locator(".story__lead [data-rz-player]")
    expect(player).to_be_visible()
    video = player.locator("video")
    expect(video.locator("track")).to_have_count(2)
    play = player.get_by_role("button", name="Play")
    play.click()
    page.wait_for_function("() => document.querySelector('.story__lead video').currentTime > 0.3")
    page.keyboard.press("Shift+Slash")
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Keyboard shortcuts")
    expect(dialog).to_contain_text("Mute or unmute")
    page.keyboard.press("Escape")
    expect(page.locator("dialog[open]")).to_have_count(0)


def test_urdu_article_is_right_to_left_in_nastaliq(demo_site, page):
    story = find_articles(demo_site, locale__language_code="ur")[0]
    page.goto(demo_site.url(story["url"]))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    direction = page.evaluate("getComputedStyle(document.querySelector('.story__body')).direction")
    assert direction == "rtl"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Nastaliq" in font
    # The headline sits on the right: its right edge is near the content's right edge.
    h1 = page.locator("h1").bounding_box()
    main = page.locator(".story").bounding_box()
    assert abs((h1["x"] + h1["width"]) - (main["x"] + main["width"])) < 40
    expect(page.locator("nav.breadcrumb li").first).to_have_text("ہوم")


def test_home_and_section_pages_list_the_demo_stories(demo_site, page):
    page.goto(demo_site.url("/"))
    expect(page.locator(".home-lead h2")).to_have_count(1)
    assert page.locator(".rail").count() >= 6
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Sports").click()
    expect(page.locator("h1")).to_have_text("Sports")
    assert page.locator(".listing .card").count() >= 4


def test_editor_schedules_a_story_and_the_worker_publishes_it(demo_site, page):
    section_id = (
        demo_site.manage(
            "shell",
            "-c",
            "from roznama.news.models import SectionPage; print(SectionPage.objects.get(slug='world', locale__language_code='en').pk)",
        )
        .strip()
        .splitlines()[-1]
    )
    demo_site.admin_login(page)
    page.goto(demo_site.url(f"/admin/pages/add/news/articlepage/{section_id}/"))
    page.click("input[name=title]")
    page.keyboard.type("Harbour cranes back at work in Karachi")
    page.keyboard.press("Tab")
    page.fill("textarea[name=standfirst]", "Dock work resumed after a two-day stoppage.")
    page.fill("input[name=dateline_place]", "KARACHI")
    page.fill("input[name=dateline_agency]", "APP")
    page.get_by_role("button", name="Choose video").click()
    page.locator(".modal-content table a").first.click()
    body = page.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Crane operators returned to the wharves on Tuesday morning.")
    page.get_by_role("button", name="Add correction").click()
    page.fill("textarea[name=corrections-0-text]", "An earlier version gave the wrong day.")
    # Schedule it a minute ahead (the admin works in the newsroom's time zone).
    go_live = datetime.now(ZoneInfo("Asia/Karachi")) + timedelta(minutes=1)
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker pops over the dialog's button; the typed value is what counts.
    page.wait_for_timeout(300)
    page.evaluate("document.querySelectorAll('.xdsoft_datetimepicker').forEach(e => e.remove())")
    page.get_by_role("button", name="Save schedule").click()
    # Autosave turns the new page into an edit form first; then schedule it.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=20_000)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Schedule to publish").click()
    expect(page.locator(".messages")).to_contain_text("scheduled for publishing")

    public = demo_site.url("/world/harbour-cranes-back-at-work-in-karachi/")
    reader = page.context.browser.new_page()
    try:
        response = reader.goto(public)
        assert response.status == 404  # not before its time
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            response = reader.goto(public)
            if response.status == 200:
                break
            time.sleep(3)
        assert response.status == 200, "the worker did not publish the scheduled story"
        assert datetime.now(ZoneInfo("Asia/Karachi")) >= go_live.replace(second=0, microsecond=0)
        expect(reader.locator(".story__body p").first).to_contain_text("KARACHI (APP) - Crane operators returned")
        expect(reader.locator(".corrections")).to_contain_text("wrong day")
        expect(reader.locator(".story__lead [data-rz-player]")).to_be_visible()
    finally:
        reader.close()
