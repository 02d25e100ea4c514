"""Feeds as a feed reader sees them: RSS 2.0 and Atom for the site, a section, a tag and an
author, in English and Urdu, parsed by feedparser without a single warning (bozo), with
authors, categories, the lead image as an enclosure, and absolute links that work."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.utils import timezone

from ..conftest import media_bytes


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


@pytest.fixture
def desk(newsroom, image_factory):
    ayesha = newsroom.author("Ayesha Khan", name_ur="عائشہ خان")
    bilal = newsroom.author("Bilal Ahmed")
    now = timezone.now()
    lead = newsroom.article(
        "Talks resume in Moscow",
        authors=[ayesha, bilal],
        tags=["Diplomacy"],
        standfirst="Back at the table.",
        lead_image=image_factory("Talks", size=(1600, 900)),
        published=now - timedelta(hours=1),
    )
    match = newsroom.article(
        "Pakistan win by six wickets",
        section=newsroom.sports,
        tags=["Cricket"],
        authors=[bilal],
        published=now - timedelta(hours=2),
    )
    wire = newsroom.article("Markets steady", credit="Reuters", published=now - timedelta(hours=3))
    urdu = newsroom.article(
        "ماسکو میں مذاکرات",
        section=newsroom.world_ur,
        authors=[ayesha],
        tags=["سفارت کاری"],
        published=now - timedelta(hours=1),
    )
    return {"lead": lead, "match": match, "wire": wire, "urdu": urdu}


FEEDS = [
    # (path without language prefix, the stories it must list, for English)
    ("feeds/{fmt}.xml", {"lead", "match", "wire"}),
    ("feeds/section/world/{fmt}.xml", {"lead", "wire"}),
    ("feeds/section/sports/{fmt}.xml", {"match"}),
    ("feeds/tag/diplomacy/{fmt}.xml", {"lead"}),
    ("feeds/author/bilal-ahmed/{fmt}.xml", {"lead", "match"}),
]


@pytest.mark.parametrize("fmt,version", [("rss", "rss20"), ("atom", "atom10")])
def test_every_english_feed_parses_cleanly_and_lists_the_right_stories(client, desk, fmt, version):
    for path, expected in FEEDS:
        parsed = read(client, "/" + path.format(fmt=fmt))
        assert parsed.version == version
        assert parsed.feed.language == "en"
        links = {e.link for e in parsed.entries}
        assert links == {desk[name].full_url for name in expected}, path
        for entry in parsed.entries:
            assert urlsplit(entry.link).scheme == "http"
            assert client.get(urlsplit(entry.link).path).status_code == 200
            assert entry.published_parsed is not None


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_items_carry_authors_categories_and_the_lead_image(client, desk, fmt):
    parsed = read(client, f"/feeds/{fmt}.xml")
    entry = next(e for e in parsed.entries if e.link == desk["lead"].full_url)
    assert [a.get("name") for a in entry.authors] == ["Ayesha Khan", "Bilal Ahmed"]
    if fmt == "atom":
        assert urlsplit(entry.authors[0].href).path == "/authors/ayesha-khan/"
    assert {t.term for t in entry.tags} == {"World", "Diplomacy"}
    assert entry.summary == "Back at the table."
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/jpeg"
    # The declared length is the real file's size, which a reader may check before fetching.
    assert int(enclosure.length) == len(media_bytes(enclosure.href)) > 0
    wire = next(e for e in parsed.entries if e.link == desk["wire"].full_url)
    assert wire.author == "Reuters"
    assert not wire.get("enclosures")


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_urdu_feeds_carry_urdu_stories_in_urdu(client, desk, fmt):
    for path in (
        f"/ur/feeds/{fmt}.xml",
        f"/ur/feeds/section/world/{fmt}.xml",
        f"/ur/feeds/author/ayesha-khan/{fmt}.xml",
    ):
        parsed = read(client, path)
        assert parsed.feed.language == "ur"
        assert [e.link for e in parsed.entries] == [desk["urdu"].full_url], path
        assert parsed.entries[0].authors[0]["name"] == "عائشہ خان"
        assert parsed.feed.title.startswith("روزنامہ") or "روزنامہ" in parsed.feed.title
    tag = desk["urdu"].tags.get()
    parsed = read(client, f"/ur/feeds/tag/{tag.slug}/{fmt}.xml")
    assert [e.link for e in parsed.entries] == [desk["urdu"].full_url]


def test_pages_advertise_their_feeds(client, desk):
    from lxml import html

    doc = html.fromstring(client.get("/world/").content)
    feeds = doc.xpath(
        "//head/link[@rel='alternate'][@type='application/rss+xml' or @type='application/atom+xml']/@href"
    )
    assert "/feeds/section/world/rss.xml" in feeds and "/feeds/atom.xml" in feeds
    for href in feeds:
        read(client, href)


def test_unknown_feed_subjects_are_not_found(client, desk):
    for path in ("/feeds/section/nowhere/rss.xml", "/feeds/tag/nothing/atom.xml", "/feeds/author/nobody/rss.xml"):
        assert client.get(path).status_code == 404
