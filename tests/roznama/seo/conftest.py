"""Helpers for the discovery tests: XML schemas from the standards, and an archive built by
bulk inserts (tens of thousands of articles in seconds, without Wagtail's per-page saves)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
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


def bulk_articles(section, count: int, *, newest, spacing: timedelta, batch: int = 5_000, title="Archive story"):
    """Insert ``count`` live articles under ``section``, the newest at ``newest`` and each
    ``spacing`` older than the one before, straight into the page tables.

    Pages go in with bulk_create (paths, depth and url_path set as treebeard and Wagtail
    would); the article rows with one executemany per batch.
    """
    section.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    table = ArticlePage._meta.db_table
    fields = [f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in fields]
    columns = ", ".join(connection.ops.quote_name(c) for c in ["page_ptr_id"] + [f.column for f in fields])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({placeholders})"
    start = section.numchild
    made = 0
    while made < count:
        size = min(batch, count - made)
        pages = []
        for i in range(made, made + size):
            when = newest - spacing * i
            slug = f"{title.lower().replace(' ', '-')}-{start + i + 1}"
            pages.append(Page(
                path=ArticlePage._get_path(section.path, section.depth + 1, start + i + 1),
                depth=section.depth + 1, numchild=0, title=f"{title} {start + i + 1}",
                draft_title=f"{title} {start + i + 1}", slug=slug, content_type=content_type, live=True,
                has_unpublished_changes=False, url_path=f"{section.url_path}{slug}/",
                first_published_at=when, last_published_at=when, latest_revision_created_at=when,
                locale_id=section.locale_id, translation_key=uuid.uuid4(),
            ))
        created = Page.objects.bulk_create(pages)
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[page.pk, *defaults] for page in created])
        made += size
    Page.objects.filter(pk=section.pk).update(numchild=start + count)
    section.refresh_from_db()


@pytest.fixture
def sitemap_schema():
    return load_schema("sitemap.xsd")


@pytest.fixture
def siteindex_schema():
    return load_schema("siteindex.xsd")
