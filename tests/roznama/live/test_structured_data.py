"""The live blog's structured data (schema.org LiveBlogPosting, which Google reads for live
coverage), and its place in the news sitemap and the feeds."""

from __future__ import annotations

import json
from datetime import datetime, timezone as dt_timezone

from lxml import etree, html as lxml_html

from roznama.live import services

from .conftest import COVERAGE_START


def json_ld(response):
    doc = lxml_html.fromstring(response.content)
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def live_posting(response):
    found = [item for item in json_ld(response) if item.get("@type") == "LiveBlogPosting"]
    assert len(found) == 1, json_ld(response)
    return found[0]


def test_live_blog_posting_with_coverage_times_and_an_update_a_post(client, live_blog):
    toss = services.add_post(
        live_blog,
        headline="Toss",
        body="Pakistan bat first.",
        published_at=datetime(2026, 3, 1, 14, 40, tzinfo=dt_timezone.utc),
    )
    wicket = services.add_post(
        live_blog,
        body="Wicket: Rohit c Rizwan b Shaheen 12.",
        published_at=datetime(2026, 3, 1, 15, 5, tzinfo=dt_timezone.utc),
    )
    data = live_posting(client.get(live_blog.url))
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Pakistan v India, live"
    assert data["description"] == "Follow the match ball by ball."
    # 14:30 UTC is 19:30 in Karachi (UTC+5), the newsroom's time zone.
    assert datetime.fromisoformat(data["coverageStartTime"]) == COVERAGE_START
    assert "coverageEndTime" not in data  # still live
    updates = data["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    assert [u["articleBody"] for u in updates] == ["Wicket: Rohit c Rizwan b Shaheen 12.", "Pakistan bat first."]
    assert updates[1]["headline"] == "Toss"
    assert datetime.fromisoformat(updates[0]["datePublished"]) == datetime(2026, 3, 1, 15, 5, tzinfo=dt_timezone.utc)
    assert updates[0]["url"] == f"http://localhost{live_blog.url}posts/{wicket.pk}/"
    assert updates[1]["url"].endswith(f"/posts/{toss.pk}/")
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert not [item for item in json_ld(client.get(live_blog.url)) if item.get("@type") == "NewsArticle"]


def test_a_closed_blog_has_its_coverage_end_time(client, live_blog):
    end = datetime(2026, 3, 1, 22, 15, tzinfo=dt_timezone.utc)
    services.close(live_blog, when=end)
    data = live_posting(client.get(live_blog.url))
    assert datetime.fromisoformat(data["coverageEndTime"]) == end


def test_the_live_blog_is_in_the_news_sitemap_and_the_feeds(client, live_blog):
    from django.urls import reverse

    sitemap = client.get(reverse("seo_news_sitemap"))
    assert sitemap.status_code == 200
    body = b"".join(sitemap.streaming_content) if sitemap.streaming else sitemap.content
    tree = etree.fromstring(body)
    locs = tree.xpath("//s:url/s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert f"http://localhost{live_blog.url}" in locs
    rss = etree.fromstring(client.get(reverse("seo_feed_rss")).content)
    assert f"http://localhost{live_blog.url}" in rss.xpath("//item/link/text()")
