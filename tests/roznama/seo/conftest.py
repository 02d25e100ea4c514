"""Helpers for the discovery tests: XML schemas from the standards, and an archive built by
bulk inserts (tens of thousands of articles in seconds, without Wagtail's per-page saves)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from lxml import etree
from wagtail.models import Page

import roznama.seo
from roznama.news.models import ArticlePage

XSD_DIR = Path(roznama.seo.__file__).parent / "xsd"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}


def load_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name)))


def news_schema(tmp_path) -> etree.XMLSchema:
    """sitemap.xsd validates <news:news> strictly, so it needs Google's schema beside it: a
    driver schema importing both, the way a validator resolves xsi:schemaLocation."""
    driver = tmp_path / "news-driver.xsd"
    driver.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:roznama:driver">'
        f'<xsd:import namespace="{SITEMAP_NS}" schemaLocation="{(XSD_DIR / "sitemap.xsd").as_uri()}"/>'
        f'<xsd:import namespace="{NEWS_NS}" schemaLocation="{(XSD_DIR / "sitemap-news.xsd").as_uri()}"/>'
        "</xsd:schema>"
    )
    return etree.XMLSchema(etree.parse(str(driver)))


def assert_valid(schema: etree.XMLSchema, doc) -> None:
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, etree.fromstring(body)


def _insert_sql(model, fields):
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"


def bulk_articles(section, count: int, *, newest, spacing: timedelta, batch: int = 10_000, title="Archive story"):
    """Insert ``count`` live articles under ``section``, the newest at ``newest`` and each
    ``spacing`` older than the one before, straight into the page tables with executemany.

    Every column gets its model default unless set here; paths, depth, url_path and the
    parent's numchild are written as treebeard and Wagtail would.  Not indexed for search.
    """
    section.refresh_from_db()
    page_fields = list(Page._meta.local_concrete_fields)
    article_fields = list(ArticlePage._meta.local_concrete_fields)  # page_ptr first
    by_name = {f.attname: f for f in page_fields}
    page_defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in page_fields}
    article_defaults = [f.get_db_prep_save(f.get_default(), connection) for f in article_fields[1:]]
    content_type = ContentType.objects.get_for_model(ArticlePage)
    first_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    start = section.numchild
    depth = section.depth + 1

    def prep(name, value):
        return by_name[name].get_db_prep_save(value, connection)

    def page_row(i):
        number = start + i + 1
        when = prep("first_published_at", newest - spacing * i)
        slug = f"{title.lower().replace(' ', '-')}-{number}"
        values = {
            **page_defaults,
            "id": first_id + i,
            "path": ArticlePage._get_path(section.path, depth, number),
            "depth": depth,
            "numchild": 0,
            "title": f"{title} {number}",
            "draft_title": f"{title} {number}",
            "slug": slug,
            "content_type_id": content_type.pk,
            "live": True,
            "has_unpublished_changes": False,
            "url_path": f"{section.url_path}{slug}/",
            "locale_id": section.locale_id,
            "translation_key": prep("translation_key", uuid.uuid4()),
            "first_published_at": when,
            "last_published_at": when,
            "latest_revision_created_at": when,
        }
        return [values[f.attname] for f in page_fields]

    page_sql, article_sql = _insert_sql(Page, page_fields), _insert_sql(ArticlePage, article_fields)
    with connection.cursor() as cursor:
        for offset in range(0, count, batch):
            rows = [page_row(i) for i in range(offset, min(count, offset + batch))]
            cursor.executemany(page_sql, rows)
            cursor.executemany(article_sql, [[row[0], *article_defaults] for row in rows])
        for sql in connection.ops.sequence_reset_sql(no_style(), [Page]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a large load: without statistics the planner
            # takes the tables for empty and may pick nested loops over 100,000 rows.
            cursor.execute(f"ANALYZE {Page._meta.db_table}, {ArticlePage._meta.db_table}")
    Page.objects.filter(pk=section.pk).update(numchild=start + count)
    section.refresh_from_db()
    # The rows went in without Wagtail's signals: tell the site its content changed, as
    # publishing them one by one would have.
    from roznama.cache import fragments

    fragments.bump()


@pytest.fixture
def sitemap_schema():
    return load_schema("sitemap.xsd")


@pytest.fixture
def siteindex_schema():
    return load_schema("siteindex.xsd")


@pytest.fixture(autouse=True)
def fragments_on(page_fragments):
    """These pages are tested as readers get them: with the page fragments on."""
