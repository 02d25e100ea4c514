"""Sitemaps as a crawler reads them: robots.txt names them, each file validates against the
published schemas (sitemaps.org's sitemap.xsd and siteindex.xsd, Google's news sitemap XSD),
and they list what the standards say and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from roznama.news.models import ArticleCorrection, ArticlePage

from .conftest import NS, assert_valid, bulk_articles, fetch_xml, news_schema


def robots_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]


def path_of(url):
    return url.removeprefix("http://localhost")


def test_robots_txt_names_the_sitemap_index_and_the_news_sitemap(client, newsroom):
    listed = robots_sitemaps(client)
    assert listed == ["http://localhost/sitemap.xml", "http://localhost/news-sitemap.xml"]
    # Both are absolute URLs on the site and answer.
    for url in listed:
        assert client.get(path_of(url)).status_code == 200


def test_news_sitemap_has_the_last_two_days_only_with_publication_and_original_time(client, newsroom, tmp_path):
    now = timezone.now()
    fresh = newsroom.article("Budget passed", published=now - timedelta(hours=3))
    edge = newsroom.article("Late session", published=now - timedelta(hours=47))
    old = newsroom.article("Three days old", published=now - timedelta(hours=73))
    draft = newsroom.article("Not yet out", live=False)
    urdu = newsroom.article("بجٹ منظور", section=newsroom.world_ur, published=now - timedelta(hours=5))
    # A later save (a typo fix) must not change the original publication time.
    fresh.title = "Budget passed by parliament"
    fresh.save_revision().publish()
    ArticlePage.objects.filter(pk=fresh.pk).update(first_published_at=now - timedelta(hours=3))

    _, doc = fetch_xml(client, "/news-sitemap.xml")
    assert_valid(news_schema(tmp_path), doc)
    entries = {path_of(url.findtext("sm:loc", namespaces=NS)): url for url in doc.findall("sm:url", NS)}
    assert set(entries) == {fresh.url, edge.url, urdu.url}
    assert old.url not in entries and (draft.url or "") not in entries

    en = entries[fresh.url]
    assert en.findtext("news:news/news:publication/news:name", namespaces=NS) == "Roznama"
    assert en.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert en.findtext("news:news/news:title", namespaces=NS) == "Budget passed by parliament"
    published = datetime.fromisoformat(en.findtext("news:news/news:publication_date", namespaces=NS))
    assert abs(published - (now - timedelta(hours=3))) < timedelta(seconds=1)

    ur = entries[urdu.url]
    assert ur.findtext("news:news/news:publication/news:language", namespaces=NS) == "ur"
    assert ur.findtext("news:news/news:publication/news:name", namespaces=NS) == "روزنامہ"


def test_news_sitemap_with_nothing_new_is_still_valid_and_names_no_old_story(client, newsroom, tmp_path):
    """Two quiet days: the schema rejects an empty <urlset>, and Google News wants no story
    older than two days, so the file lists the home page alone, with no <news:news>."""
    old = newsroom.article("Three days old", published=timezone.now() - timedelta(hours=73))
    _, doc = fetch_xml(client, "/news-sitemap.xml")
    assert_valid(news_schema(tmp_path), doc)
    locs = [path_of(loc.text) for loc in doc.findall("sm:url/sm:loc", NS)]
    assert locs == ["/"]
    assert doc.findall(".//news:news", NS) == []
    assert old.url not in locs


def test_news_sitemap_holds_at_most_1000_urls_per_file(client, newsroom, tmp_path):
    bulk_articles(newsroom.world, 1_001, newest=timezone.now() - timedelta(minutes=5), spacing=timedelta(seconds=30))
    listed = robots_sitemaps(client)
    assert listed == [
        "http://localhost/sitemap.xml",
        "http://localhost/news-sitemap.xml",
        "http://localhost/news-sitemap-2.xml",
    ]
    schema = news_schema(tmp_path)
    _, first = fetch_xml(client, "/news-sitemap.xml")
    _, second = fetch_xml(client, "/news-sitemap-2.xml")
    assert_valid(schema, first)
    assert_valid(schema, second)
    assert len(first.findall("sm:url", NS)) == 1_000
    assert len(second.findall("sm:url", NS)) == 1
    locs = [u.findtext("sm:loc", namespaces=NS) for doc in (first, second) for u in doc.findall("sm:url", NS)]
    assert len(set(locs)) == 1_001
    assert client.get("/news-sitemap-3.xml").status_code == 404


def test_sitemap_index_covers_the_whole_archive_and_every_file_validates(
    client, newsroom, sitemap_schema, siteindex_schema
):
    author = newsroom.author("Ayesha Khan")
    now = timezone.now()
    stories = [
        newsroom.article("Today", authors=[author], published=now - timedelta(hours=1)),
        newsroom.article("Last month", section=newsroom.sports, published=now - timedelta(days=40)),
        newsroom.article("Last year", published=now - timedelta(days=400)),
        newsroom.article("اردو خبر", section=newsroom.world_ur, published=now - timedelta(days=3)),
    ]
    hidden = newsroom.article("Draft", live=False)

    _, index = fetch_xml(client, "/sitemap.xml")
    assert_valid(siteindex_schema, index)
    files = [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    assert len(files) == len(set(files))
    listed = {}
    for url in files:
        _, doc = fetch_xml(client, path_of(url))
        assert_valid(sitemap_schema, doc)
        for entry in doc.findall("sm:url", NS):
            listed[path_of(entry.findtext("sm:loc", namespaces=NS))] = entry.findtext("sm:lastmod", namespaces=NS)
    expected = {s.url for s in stories} | {
        "/",
        "/ur/",
        "/world/",
        "/sports/",
        "/ur/world/",
        "/authors/ayesha-khan/",
        "/ur/authors/ayesha-khan/",
    }
    prayer_pages = {path for path in listed if path.startswith(("/prayer-times/", "/ur/prayer-times/"))}
    assert {
        "/prayer-times/",
        "/ur/prayer-times/",
        "/prayer-times/khanewal/",
        "/ur/prayer-times/khanewal/",
    } <= prayer_pages
    assert set(listed) - prayer_pages == expected
    assert hidden.url not in listed
    # A month with no articles has no file.
    assert client.get("/sitemaps/articles-1999-01.xml").status_code == 404


def test_lastmod_moves_for_a_correction_or_an_update_not_for_a_save(client, newsroom):
    now = timezone.now()
    published = now - timedelta(days=5)
    saved = newsroom.article("Only saved again", published=published)
    saved.title = "Only saved again (typo fixed)"
    saved.save_revision().publish()
    ArticlePage.objects.filter(pk=saved.pk).update(first_published_at=published)
    corrected = newsroom.article("Corrected", published=published)
    correction_time = now - timedelta(days=1)
    ArticleCorrection.objects.create(page=corrected, text="A figure was wrong.", published_at=correction_time)
    updated = newsroom.article("Updated", published=published, updated_at=now - timedelta(days=2))

    lastmods = {}
    _, index = fetch_xml(client, "/sitemap.xml")
    for url in [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]:
        _, doc = fetch_xml(client, path_of(url))
        for entry in doc.findall("sm:url", NS):
            lastmods[path_of(entry.findtext("sm:loc", namespaces=NS))] = entry.findtext("sm:lastmod", namespaces=NS)

    def at(url):
        return datetime.fromisoformat(lastmods[url])

    assert abs(at(saved.url) - published) < timedelta(seconds=1)
    assert abs(at(corrected.url) - correction_time) < timedelta(seconds=1)
    assert abs(at(updated.url) - (now - timedelta(days=2))) < timedelta(seconds=1)


def test_a_crowded_month_is_split_into_files_of_at_most_the_file_size(
    client, newsroom, settings, monkeypatch, sitemap_schema, siteindex_schema
):
    from roznama.seo import sitemaps

    monkeypatch.setattr(sitemaps, "ARCHIVE_FILE_SIZE", 40)
    # 100 articles an hour apart, all in one calendar month.
    newest = timezone.localtime().replace(day=28, hour=12) - timedelta(days=40)
    bulk_articles(newsroom.world, 100, newest=newest, spacing=timedelta(minutes=30))
    _, index = fetch_xml(client, "/sitemap.xml")
    assert_valid(siteindex_schema, index)
    files = [path_of(s.findtext("sm:loc", namespaces=NS)) for s in index.findall("sm:sitemap", NS)]
    month_files = [f for f in files if f.startswith(f"/sitemaps/articles-{newest:%Y-%m}")]
    assert len(month_files) == 3
    seen = []
    for path in month_files:
        _, doc = fetch_xml(client, path)
        assert_valid(sitemap_schema, doc)
        urls = doc.findall("sm:url", NS)
        assert len(urls) <= 40
        seen += [u.findtext("sm:loc", namespaces=NS) for u in urls]
    assert len(seen) == len(set(seen)) == 100


def test_sitemap_index_queries_do_not_grow_with_the_archive(client, newsroom, settings):
    """Bounded work: the index is a fixed number of queries (one grouped query over the
    archive), so the count for 10 articles over 10 months equals the count for 300 over 30."""
    settings.ROZNAMA_FRAGMENT_CACHE = False  # worked out on every request, not kept

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/sitemap.xml")
            b"".join(response.streaming_content)
        return len(ctx.captured_queries), response

    now = timezone.now()
    bulk_articles(newsroom.world, 10, newest=now - timedelta(days=1), spacing=timedelta(days=30))
    count()  # warm the per-process caches (the site's root paths)
    small, _ = count()
    bulk_articles(newsroom.sports, 290, newest=now - timedelta(days=2), spacing=timedelta(days=3))
    large, response = count()
    assert Page.objects.type(ArticlePage).count() == 300
    assert small == large, (small, large)
    assert large <= 6


def test_sitemap_index_is_kept_until_the_content_changes(client, newsroom):
    """Worked out once, then answered without a query, until a publish: then a new month
    shows at once."""

    def months():
        _, index = fetch_xml(client, "/sitemap.xml")
        return {path_of(s.findtext("sm:loc", namespaces=NS)) for s in index.findall("sm:sitemap", NS)}

    now = timezone.now()
    newsroom.article("This month", published=now - timedelta(hours=2))
    before = months()
    with CaptureQueriesContext(connection) as ctx:
        assert months() == before
    assert len(ctx.captured_queries) <= 1  # the site
    old = newsroom.article("Years ago", published=datetime(2019, 5, 10, tzinfo=timezone.get_current_timezone()))
    after = months()
    assert after - before == {"/sitemaps/articles-2019-05.xml"}, (before, after)
    ArticlePage.objects.get(pk=old.pk).unpublish()
    assert months() == before
