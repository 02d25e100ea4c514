"""An article served from its kept fragments looks exactly like one rendered in full, and
never shows what was there before a change: a new revision, a correction, a renamed author,
a retitled related story, a new strip city.  Drafts and previews never reach readers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from roznama.news.models import ArticleCorrection, ArticlePage, ArticleRelated
from roznama.ramadan.models import RamadanCity


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(lxml_html.fromstring(response.content).text_content().split())


def publish(page, **changes):
    page = ArticlePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def story(newsroom):
    return newsroom.article(
        "Talks resume in Moscow",
        authors=[newsroom.author("Ayesha Khan")],
        tags=["Diplomacy"],
        body=[("paragraph", RichText("<p>Negotiators met again on Monday.</p>"))],
        dateline_place="MOSCOW",
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_kept_page_is_the_same_page(client, newsroom, settings, language):
    section = newsroom.world if language == "en" else newsroom.world_ur
    page = newsroom.article(
        "ماسکو میں مذاکرات" if language == "ur" else "Talks resume",
        section=section,
        authors=[newsroom.author("Ayesha Khan", name_ur="عائشہ خان")],
        tags=["Budget"],
    )
    settings.ROZNAMA_FRAGMENT_CACHE = False
    client.get(page.url)  # pictures and settings made on the first view
    rendered = client.get(page.url).content
    settings.ROZNAMA_FRAGMENT_CACHE = True
    first = client.get(page.url).content
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(page.url).content
    assert len(ctx.captured_queries) == 1  # from its fragments: only the article itself is read
    assert rendered == first == kept
    doc = lxml_html.fromstring(kept)
    assert doc.get("lang") == language and doc.get("dir") == ("rtl" if language == "ur" else "ltr")


def test_a_published_revision_shows_at_once(client, story):
    assert "Negotiators met again on Monday." in page_text(client, story.url)
    publish(
        story,
        title="Talks resume in Moscow after a pause",
        body=[("paragraph", RichText("<p>Negotiators met again on Tuesday.</p>"))],
    )
    text = page_text(client, story.url)
    assert "Negotiators met again on Tuesday." in text and "met again on Monday" not in text
    assert "Talks resume in Moscow after a pause" in text


def test_a_correction_shows_at_once(client, story):
    assert "Corrections" not in page_text(client, story.url)
    page = ArticlePage.objects.get(pk=story.pk)
    page.corrections.add(ArticleCorrection(text="An earlier version gave the wrong day."))
    page.save_revision().publish()
    assert "An earlier version gave the wrong day." in page_text(client, story.url)


def test_a_renamed_author_shows_at_once(client, story):
    assert "By Ayesha Khan" in page_text(client, story.url)
    author = story.authors.first().author
    author.name = "Ayesha K. Khan"
    author.save()
    assert "By Ayesha K. Khan" in page_text(client, story.url)


def test_a_retitled_related_story_shows_at_once(client, newsroom, story):
    other = newsroom.article("Ceasefire holds")
    ArticleRelated.objects.create(page=story, related=other, sort_order=0)
    publish(story)
    assert "Ceasefire holds" in page_text(client, story.url)
    publish(other, title="Ceasefire broken")
    text = page_text(client, story.url)
    assert "Ceasefire broken" in text and "Ceasefire holds" not in text


def test_an_unpublished_related_story_disappears(client, newsroom, story):
    other = newsroom.article("Ceasefire holds")
    ArticleRelated.objects.create(page=story, related=other, sort_order=0)
    publish(story)
    assert "Ceasefire holds" in page_text(client, story.url)
    ArticlePage.objects.get(pk=other.pk).unpublish()
    assert "Ceasefire holds" not in page_text(client, story.url)


def test_a_new_strip_city_shows_at_once(client, story):
    assert "Quetta" not in page_text(client, story.url).split("Find your city")[0]
    RamadanCity.objects.create(place="Quetta", code="UET", sort_order=0)
    strip = page_text(client, story.url).split("Find your city")[0]
    assert "Quetta" in strip


def test_a_draft_never_reaches_readers_and_its_preview_is_not_kept(client, rf, story):
    assert "met again on Monday" in page_text(client, story.url)
    page = ArticlePage.objects.get(pk=story.pk)
    page.body = [("paragraph", RichText("<p>Draft: they met on Friday.</p>"))]
    page.save_revision()  # not published
    assert "met on Friday" not in page_text(client, story.url)
    # The editor's preview shows the draft and keeps nothing of it for readers.
    draft = page.get_latest_revision_as_object()
    request = rf.get(story.url)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    preview = draft.make_preview_request(request)
    preview.render()
    assert b"they met on Friday" in preview.content
    text = page_text(client, story.url)
    assert "met again on Monday" in text and "met on Friday" not in text


def test_a_section_made_private_keeps_its_articles_from_readers(client, newsroom, story):
    from wagtail.models import PageViewRestriction

    assert client.get(story.url).status_code == 200
    PageViewRestriction.objects.create(page=newsroom.world, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(story.url)
    assert response.status_code == 302 and "login" in response["Location"]
