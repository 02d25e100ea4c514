"""A post that fails is rolled back whole, and so is what the importer remembered of it: a
section, a tag or a redirect made for it and then undone must not be handed to the next post
(which would be filed under a page that no longer exists, or fail with it)."""

from __future__ import annotations

import pytest
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

from roznama import publishing
from roznama.news.models import ArticlePage, SectionPage
from roznama.wpimport.models import ImportedItem

ITEM = """
	<item>
		<title>{title}</title>
		<link>http://metro.example/{slug}/</link>
		<dc:creator>admin</dc:creator>
		<guid isPermaLink="false">http://metro.example/?p={wp_id}</guid>
		<content:encoded><![CDATA[{title}. The new line runs every six minutes.

Officials said the fares would stay the same until June.]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date>2024-05-0{wp_id} 09:00:00</wp:post_date>
		<wp:post_date_gmt>2024-05-0{wp_id} 04:00:00</wp:post_date_gmt>
		<wp:post_name>{slug}</wp:post_name>
		<wp:status>publish</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>post</wp:post_type>
		<wp:post_password></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="city-transport"><![CDATA[City transport]]></category>
		<category domain="post_tag" nicename="orange-line"><![CDATA[Orange Line]]></category>
	</item>"""

EXPORT = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Metro Times</title>
	<link>http://metro.example</link>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>http://metro.example</wp:base_site_url>
	<wp:base_blog_url>http://metro.example</wp:base_blog_url>
	<wp:author><wp:author_login>admin</wp:author_login><wp:author_display_name><![CDATA[Desk]]></wp:author_display_name></wp:author>
{items}
</channel>
</rss>
"""


@pytest.fixture
def export(tmp_path):
    # The category and the tag are not declared at the top of the file: the importer makes
    # them while it imports the first post that names them.
    items = "".join(
        ITEM.format(title=title, slug=slug, wp_id=wp_id)
        for wp_id, title, slug in (
            (1, "Orange Line trains delayed", "trains-delayed"),
            (2, "Orange Line extended to Thokar", "line-extended"),
        )
    )
    path = tmp_path / "metro.xml"
    path.write_text(EXPORT.format(items=items), encoding="utf-8")
    return path


def test_the_post_after_a_failed_one_gets_a_real_section_tag_and_redirect(run_import, newsroom, export, monkeypatch):
    real = publishing.publish_new_article

    def fails_once(section, fields, *args, **kwargs):
        if fields.get("title") == "Orange Line trains delayed":
            raise RuntimeError("the database went away in the middle of this post")
        return real(section, fields, *args, **kwargs)

    monkeypatch.setattr(publishing, "publish_new_article", fails_once)
    report = run_import(export)

    outcomes = {e.title: e.outcome for e in report.entries if e.wp_id in (1, 2)}
    assert outcomes["Orange Line trains delayed"] == ImportedItem.Outcome.FAILED
    assert outcomes["Orange Line extended to Thokar"] == ImportedItem.Outcome.IMPORTED, report.entries
    story = ArticlePage.objects.get(title="Orange Line extended to Thokar")
    section = story.get_parent().specific
    assert isinstance(section, SectionPage) and section.live
    assert SectionPage.objects.filter(slug=section.slug).count() == 1
    assert [t.name for t in story.tags.all()] == ["Orange Line"]
    assert Tag.objects.filter(name="Orange Line").count() == 1
    assert Redirect.objects.filter(redirect_page=story).exists()
    assert all(r.redirect_page_id is None or r.redirect_page is not None for r in Redirect.objects.all())
    # A second run imports the failed post this time, in the same section.
    monkeypatch.setattr(publishing, "publish_new_article", real)
    again = run_import(export)
    assert {e.title: e.outcome for e in again.entries if e.wp_id == 1}["Orange Line trains delayed"] in (
        ImportedItem.Outcome.IMPORTED,
        ImportedItem.Outcome.UPDATED,
    )
    assert ArticlePage.objects.get(title="Orange Line trains delayed").get_parent().pk == section.pk
