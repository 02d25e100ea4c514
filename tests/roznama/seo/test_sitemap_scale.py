"""The sitemap index over an archive of 100,000 articles.

What this proves: with 100,000 live articles in the page tables (inserted in bulk, spread
over about four years), the index answers with the same handful of queries as for a small
archive, in bounded memory (measured with tracemalloc while the response is consumed), and
every article appears in exactly one file of at most ARCHIVE_FILE_SIZE URLs.  What it does
not prove: the time a production PostgreSQL server takes (the time bound is loose, only to
catch work that grows per article, such as building page objects).
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from roznama.seo import sitemaps

from .conftest import NS, assert_valid, bulk_articles

ARCHIVE = 100_000


def count_urls(client, url):
    """Fetch a streamed response chunk by chunk, keeping only the number of <loc>s, as a
    crawler writing to disk would; returns (urls, queries, seconds)."""
    started = time.perf_counter()
    urls = 0
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
        for chunk in response.streaming_content:
            urls += chunk.count(b"<loc>")
    return urls, len(ctx.captured_queries), time.perf_counter() - started


def peak_memory(client, url):
    """The most memory Python held at once while the response was produced and consumed."""
    tracemalloc.start()
    try:
        count_urls(client, url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_sitemap_index_of_100000_articles_is_bounded(client, newsroom, siteindex_schema, sitemap_schema):
    newest = timezone.now() - timedelta(hours=1)
    # About 70 a day: 100,000 over roughly four years, so one month holds about 2,100.
    bulk_articles(newsroom.world, ARCHIVE, newest=newest, spacing=timedelta(minutes=21))
    client.get("/sitemap.xml")  # warm the per-process caches (the site's root paths)

    files, queries, elapsed = count_urls(client, "/sitemap.xml")
    assert queries <= 6, queries
    assert elapsed < 10, elapsed
    assert peak_memory(client, "/sitemap.xml") < 2 * 1024 * 1024  # a few hundred bytes a month

    index = etree.fromstring(b"".join(client.get("/sitemap.xml").streaming_content))
    assert_valid(siteindex_schema, index)
    locs = [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    archive_files = [loc for loc in locs if "/sitemaps/articles-" in loc]
    # Every article is listed once: the files' sizes add up to the archive.
    total = 0
    biggest = None
    for loc in archive_files:
        urls, queries, _ = count_urls(client, loc.removeprefix("http://localhost"))
        assert 0 < urls <= sitemaps.ARCHIVE_FILE_SIZE
        assert queries <= 6, queries
        total += urls
        biggest = max(biggest or (0, ""), (urls, loc))
    assert total == ARCHIVE

    # The largest file validates and streams in bounded memory.
    path = biggest[1].removeprefix("http://localhost")
    assert peak_memory(client, path) < 4 * 1024 * 1024
    assert_valid(sitemap_schema, etree.fromstring(b"".join(client.get(path).streaming_content)))
