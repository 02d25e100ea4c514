"""The breaking line on every page, wire alerts as draft posts approved with one click, and
the moon-sighting night's one action."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from roznama.live import services
from roznama.live.models import BreakingLine, LivePost, LiveWireFeed

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "wire-samples"
# A Reuters NewsML-G2 item whose contentMeta says <urgency>3</urgency>.
REUTERS_URGENCY_3 = SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"


def test_the_ticker_gives_the_current_line_in_both_languages(client, db):
    assert client.get("/live/ticker.json").json() == {"line": None}
    services.set_breaking_line("Budget 2026-27 presented", text_ur="بجٹ 2026-27 پیش", link="/business/budget/", hours=3)
    line = client.get("/live/ticker.json").json()["line"]
    assert line["en"] == {"text": "Budget 2026-27 presented", "url": "/business/budget/"}
    assert line["ur"] == {"text": "بجٹ 2026-27 پیش", "url": "/business/budget/"}


def test_an_expired_line_is_not_given(client, db):
    BreakingLine.objects.create(
        text="Old news", starts_at=timezone.now() - timedelta(hours=3), expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get("/live/ticker.json").json() == {"line": None}


def test_a_line_must_expire_after_it_starts_and_link_somewhere_real(db):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        BreakingLine(text="x", starts_at=now, expires_at=now - timedelta(hours=1)).full_clean()
    assert "expires_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        BreakingLine(
            text="x", starts_at=now, expires_at=now + timedelta(hours=1), link="javascript:alert(1)"
        ).full_clean()
    assert "link" in error.value.message_dict


def test_a_new_line_purges_the_ticker_and_no_page(client, newsroom, page_cache, django_capture_on_commit_callbacks):
    for url in ("/live/ticker.json", "/", newsroom.world.url):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    with django_capture_on_commit_callbacks(execute=True):
        services.set_breaking_line("Earthquake felt in Islamabad", hours=1)
    ticker = client.get("/live/ticker.json")
    assert ticker["X-Cache"] == "MISS" and ticker.json()["line"]["en"]["text"] == "Earthquake felt in Islamabad"
    for url in ("/", newsroom.world.url):
        assert client.get(url)["X-Cache"] == "HIT", url  # pages stay cached: the script fetches the line


def test_every_page_has_the_polite_ticker_slot_in_both_languages(client, newsroom):
    for url in ("/", newsroom.world.url, "/ur/"):
        doc = lxml_html.fromstring(client.get(url).content)
        slot = doc.xpath("//*[@data-breaking-ticker]")
        assert slot and slot[0].get("aria-live") == "polite", url
        assert slot[0].get("data-ticker-url") == "/live/ticker.json"
        assert doc.xpath("//script[contains(@src,'live/ticker.js')]"), url
    doc = lxml_html.fromstring(client.get("/ur/").content)
    assert doc.xpath("//*[contains(@class,'breaking-ticker__label')]")[0].text_content() == "بریکنگ نیوز"


@pytest.fixture
def wire_source(newsroom):
    from roznama.wire.models import WireSource

    return WireSource.objects.create(
        name="Reuters drop", kind="folder", location="/nonexistent", default_section_slug="world", auto_publish=True
    )


def test_an_urgent_wire_item_becomes_a_draft_post_approved_with_one_click(
    client, admin_client, live_blog, wire_source, django_user_model
):
    from roznama.wire.pipeline import ingest_payload

    LiveWireFeed.objects.create(page=live_blog, source=wire_source, most_urgent=3)
    result = ingest_payload(REUTERS_URGENCY_3.read_bytes(), source=wire_source, filename=REUTERS_URGENCY_3.name)
    assert result.ok
    draft = LivePost.objects.get(page=live_blog)
    assert draft.state == LivePost.State.DRAFT and draft.wire_story is not None
    assert draft.headline == draft.wire_story.headline
    assert f'data-post-id="{draft.pk}"'.encode() not in client.get(live_blog.url).content
    response = admin_client.post(f"/admin/live/{live_blog.pk}/", {"action": "approve", "post": draft.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == LivePost.State.PUBLISHED and draft.published_at is not None
    assert f'data-post-id="{draft.pk}"'.encode() in client.get(live_blog.url).content


def test_a_less_urgent_item_than_the_feed_takes_makes_no_draft(live_blog, wire_source):
    from roznama.wire.pipeline import ingest_payload

    LiveWireFeed.objects.create(page=live_blog, source=wire_source, most_urgent=2)
    ingest_payload(REUTERS_URGENCY_3.read_bytes(), source=wire_source, filename=REUTERS_URGENCY_3.name)
    assert not LivePost.objects.filter(page=live_blog).exists()


def test_the_live_desk_posts_for_an_editor(admin_client, live_blog):
    page = admin_client.get(f"/admin/live/{live_blog.pk}/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/live/{live_blog.pk}/",
        {"action": "post", "kind": "score", "score_lines": "Pakistan | 245/6", "headline": "Innings break"},
    )
    assert response.status_code == 302
    post = LivePost.objects.get(page=live_blog)
    assert post.state == LivePost.State.PUBLISHED and post.score_rows == [("Pakistan", "245/6")]


def test_moon_sighting_night_records_the_decision_posts_and_sets_the_ticker(client, admin_client, live_blog):
    from roznama.ramadan.models import MonthDeclaration

    response = admin_client.post(
        "/admin/live/moon-sighting-night/",
        {
            "hijri_year": 1448,
            "month": 9,
            "first_day": "2027-02-08",
            "source": "Central Ruet-e-Hilal Committee",
            "live_blog": live_blog.pk,
            "text": "Ramadan moon sighted: fasting begins Monday",
            "text_ur": "رمضان کا چاند نظر آگیا، پہلا روزہ پیر کو",
            "ticker_hours": 6,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    declaration = MonthDeclaration.objects.get(hijri_year=1448, month=9)
    assert declaration.first_day == date(2027, 2, 8)
    post = LivePost.objects.get(page=live_blog)
    assert post.pinned and post.headline == "Ramadan moon sighted: fasting begins Monday"
    line = client.get("/live/ticker.json").json()["line"]
    assert line["en"]["text"] == "Ramadan moon sighted: fasting begins Monday"
    assert line["ur"]["text"] == "رمضان کا چاند نظر آگیا، پہلا روزہ پیر کو"
    assert line["en"]["url"] == f"{live_blog.url}posts/{post.pk}/"


def test_a_refused_decision_posts_nothing_and_sets_no_line(live_blog):
    from roznama.ramadan.models import MonthDeclaration

    MonthDeclaration.objects.create(hijri_year=1448, month=9, first_day=date(2027, 2, 8))
    with pytest.raises(services.LiveError):
        services.moon_sighting_night(
            hijri_year=1448, month=9, first_day=date(2027, 2, 9), live_blog=live_blog, text="Ramadan moon sighted"
        )
    assert not LivePost.objects.exists() and not BreakingLine.objects.exists()
