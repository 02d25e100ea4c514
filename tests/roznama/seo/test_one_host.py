"""One install serving two host names: every output names the host it was asked on, and only it.

A crawler rejects a sitemap whose URLs are on another host, and a reader who shares a link from
one edition must not land on the other.  Each kind of output (pages in both languages, feeds,
sitemaps, robots.txt, the API, the exports) is fetched on each host and every absolute URL in
it that points at the site (any of the two hosts, or the usual stand-ins for "this machine")
must be on the host of the request."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from wagtail.models import Site

HOST_A = ("news-a.example", 80, "http://news-a.example")
HOST_B = ("news-b.example", 8443, "http://news-b.example:8443")
# Host names that would mean "the site" in a URL: the two sites and the machine's own names.
SITE_HOSTS = {"news-a.example", "news-b.example", "localhost", "127.0.0.1", "testserver", "example.com"}
URL = re.compile(r"https?://[^\s\"'<>\\]+")


@pytest.fixture
def two_sites(newsroom, image_factory, page_fragments):
    """Two Site records over the same page tree, as an outlet with two host names has."""
    Site.objects.all().delete()
    Site.objects.create(hostname=HOST_A[0], port=HOST_A[1], root_page=newsroom.home, is_default_site=True)
    Site.objects.create(hostname=HOST_B[0], port=HOST_B[1], root_page=newsroom.home)
    author = newsroom.author("Ayesha Khan", name_ur="عائشہ خان")
    story = newsroom.article(
        "Talks resume in Moscow",
        authors=[author],
        tags=["Diplomacy"],
        standfirst="Negotiators return to the table.",
        lead_image=image_factory("Lead", size=(2400, 1800)),
        published=timezone.now() - timedelta(hours=3),
    )
    urdu = story.copy_for_translation(newsroom.ur)
    urdu.title = "ماسکو میں مذاکرات دوبارہ شروع"
    urdu.save_revision().publish()
    return newsroom, story, urdu


def outputs(newsroom, story, urdu):
    """Every kind of output a crawler, a feed reader or an API client fetches."""
    pages = [urlsplit(p.get_full_url()).path for p in (story, urdu, newsroom.world, newsroom.world_ur)]
    return [
        "/",
        "/ur/",
        *pages,
        "/authors/ayesha-khan/",
        "/tags/diplomacy/",
        "/search/?q=Moscow",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/ur/feeds/rss.xml",
        "/feeds/section/world/rss.xml",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemaps/pages.xml",
        "/news-sitemap.xml",
        "/ramadan/api/v1/openapi.json",
        "/ramadan/api/v1/strip?city=karachi",
    ]


def fetch(client, url, host):
    hostname, port, _ = host
    response = client.get(url, HTTP_HOST=hostname if port == 80 else f"{hostname}:{port}")
    assert response.status_code == 200, (url, hostname, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def in_media_bucket(url):
    """A media URL in the bucket (scripts/with-s3.sh: on 127.0.0.1 as well): the media's own
    host, not the site's."""
    storage = storages["default"]
    return not isinstance(storage, FileSystemStorage) and url.startswith(storage.url("x")[:-1])


def site_urls(text):
    return [u for u in URL.findall(text) if urlsplit(u).hostname in SITE_HOSTS and not in_media_bucket(u)]


@pytest.mark.parametrize("host", [HOST_A, HOST_B], ids=["first-host", "second-host"])
def test_every_output_names_only_the_host_it_was_asked_on(client, two_sites, host):
    newsroom, story, urdu = two_sites
    root = host[2]
    # The other host first, so that anything it leaves in a cache would show on this one.
    other = HOST_B if host is HOST_A else HOST_A
    for url in outputs(*two_sites):
        fetch(client, url, other)
    wrong, seen = {}, 0
    for url in outputs(*two_sites):
        found = site_urls(fetch(client, url, host))
        seen += len(found)
        bad = sorted({u for u in found if not (u == root or u.startswith(root + "/"))})
        if bad:
            wrong[url] = bad[:5]
    assert not wrong, f"URLs on another host when asked on {root}: {wrong}"
    assert seen > 100  # the pages do carry absolute URLs: canonical, feeds, sitemaps


def test_child_sitemaps_of_each_host_stay_on_it(client, two_sites):
    for host in (HOST_A, HOST_B):
        index = fetch(client, "/sitemap.xml", host)
        children = [u for u in site_urls(index) if u.endswith(".xml")]
        assert children
        for child in children:
            path = urlsplit(child).path
            locs = re.findall(r"<loc>([^<]+)</loc>", fetch(client, path, host))
            assert locs, child
            assert {urlsplit(loc).netloc for loc in locs} == {urlsplit(host[2]).netloc}, child


def test_renaming_the_site_moves_every_output_at_once(client, two_sites):
    """Changing the host in the admin (a save, as the admin and the demo do) reaches the
    sitemaps, which read Wagtail's cached site roots, and the structured data alike."""
    newsroom, story, _ = two_sites
    fetch(client, "/sitemap.xml", HOST_A)  # fills the caches under the old name
    fetch(client, story.url, HOST_A)
    site = Site.objects.get(hostname=HOST_A[0])
    site.hostname, site.port = "renamed.example", 443
    site.save()
    page = client.get(story.url, HTTP_HOST="renamed.example", secure=True).content.decode()
    index = b"".join(client.get("/sitemap.xml", HTTP_HOST="renamed.example", secure=True).streaming_content).decode()
    for text in (page, index):
        hosts = {
            urlsplit(u).netloc
            for u in URL.findall(text)
            if urlsplit(u).hostname in SITE_HOSTS | {"renamed.example"} and not in_media_bucket(u)
        }
        assert hosts == {"renamed.example"}, hosts


def test_the_demo_moving_the_site_to_its_address_moves_every_output(client, newsroom, page_fragments):
    """`roznama demo` serves on an address of its own choosing: after it moves the Site there,
    robots.txt, the sitemaps, the feeds and the pages all name that address and no other."""
    from roznama.news.management.commands.demo import Command

    story = newsroom.article("Talks resume in Moscow")
    Site.get_site_root_paths()  # Wagtail's cache of the site roots, filled under the old host
    client.get("/sitemap.xml")
    Command()._site_address("127.0.0.1", 8821)
    texts = [
        fetch(client, url, ("127.0.0.1", 8821, ""))
        for url in (
            "/robots.txt",
            "/sitemap.xml",
            "/sitemaps/pages.xml",
            "/news-sitemap.xml",
            "/feeds/rss.xml",
            urlsplit(story.get_full_url()).path,
        )
    ]
    hosts = {urlsplit(u).netloc for text in texts for u in site_urls(text)}
    assert hosts == {"127.0.0.1:8821"}
