"""Purge on change: what readers see after a publish, a correction, a kill, a move, and the
HTTP PURGE requests nginx receives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from roznama.cache.purge import purge_all_pages, purge_all_requested, urls_for_pages
from roznama.news.models import ArticleCorrection, ArticlePage


@pytest.fixture
def story(newsroom):
    author = newsroom.author("Ayesha Khan")
    return newsroom.article("Talks resume in Moscow", authors=[author], tags=["Diplomacy"])


def card_titles(response):
    doc = lxml_html.fromstring(response.content)
    return [" ".join(h.text_content().split()) for h in doc.xpath("//main//*[contains(@class,'card__title')]")]


def listings(newsroom):
    return [newsroom.world.url, "/", "/tags/diplomacy/", "/authors/ayesha-khan/"]


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def test_publishing_a_correction_reaches_the_next_reader(client, story, django_capture_on_commit_callbacks):
    warm(client, [story.url])
    page = ArticlePage.objects.get(pk=story.pk)
    page.corrections.add(ArticleCorrection(kind="correction", text="An earlier version misspelt a name."))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(story.url)
    assert response["X-Cache"] == "MISS"
    assert b"An earlier version misspelt a name." in response.content
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_publishing_a_story_refreshes_every_listing_that_shows_it(
    client, newsroom, story, django_capture_on_commit_callbacks
):
    warm(client, [story.url, *listings(newsroom)])
    author = story.authors.first().author
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.article("Second round of talks", authors=[author], tags=["Diplomacy"])
    for url in listings(newsroom):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert b"Second round of talks" in response.content, url
    # Pages that do not show it keep their copy.
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_a_killed_story_disappears_from_its_page_and_every_listing(
    client, newsroom, story, django_capture_on_commit_callbacks
):
    warm(client, [story.url, *listings(newsroom)])
    page = ArticlePage.objects.get(pk=story.pk)
    with django_capture_on_commit_callbacks(execute=True):
        # What the wire pipeline does when an agency kills a story.
        page.withdrawn_at = timezone.now()
        page.withdrawn_by = "Reuters"
        page.save(update_fields=["withdrawn_at", "withdrawn_by"])
        page.unpublish()
    response = client.get(story.url)
    assert response.status_code == 410 and response["X-Cache"] == "MISS"
    for url in listings(newsroom):
        response = client.get(url)
        assert b"Talks resume in Moscow" not in response.content, url


def test_moving_a_story_purges_both_sections(client, newsroom, story, django_capture_on_commit_callbacks):
    old_url = story.url
    warm(client, [old_url, newsroom.world.url, newsroom.sports.url])
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).move(newsroom.sports, pos="last-child")
    moved = client.get(old_url)  # Wagtail leaves a redirect behind
    assert moved.status_code == 301 and moved["Location"].endswith("/sports/talks-resume-in-moscow/")
    assert "Talks resume in Moscow" not in card_titles(client.get(newsroom.world.url))
    assert "Talks resume in Moscow" in card_titles(client.get(newsroom.sports.url))


def test_deep_listing_pages_up_to_the_story_are_purged(newsroom, story):
    now = timezone.now()
    for i in range(14):  # newer stories push ours to the second page of the section
        newsroom.article(f"Newer {i}", published=now - timedelta(minutes=i))
    urls = urls_for_pages([ArticlePage.objects.get(pk=story.pk)])
    assert "http://localhost/world/?page=2" in urls
    assert "http://localhost/world/?page=3" not in urls
    assert "http://localhost/world/talks-resume-in-moscow/" in urls
    assert "http://localhost/tags/diplomacy/" in urls and "http://localhost/authors/ayesha-khan/" in urls
    # Feeds and sitemaps that list it.
    for path in [
        "/feeds/rss.xml",
        "/feeds/section/world/rss.xml",
        "/feeds/tag/diplomacy/atom.xml",
        "/feeds/author/ayesha-khan/rss.xml",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ]:
        assert "http://localhost" + path in urls, path


def test_translation_is_purged_with_its_original(newsroom, story):
    urdu = story.copy_for_translation(newsroom.ur, copy_parents=False)
    urdu.title = "ماسکو میں مذاکرات"
    urdu.save_revision().publish()
    urls = urls_for_pages([ArticlePage.objects.get(pk=story.pk)])
    assert any(u.startswith("http://localhost/ur/") for u in urls), urls


def test_purge_tasks_send_http_purge_to_nginx(purge_endpoint, newsroom, story, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(pk=story.pk)
    page.corrections.add(ArticleCorrection(kind="correction", text="Fixed."))
    purge_endpoint.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    paths = purge_endpoint.paths()
    hosts = {host for _, host, _ in purge_endpoint.requests}
    assert hosts == {"localhost"}
    for expected in ["/world/talks-resume-in-moscow/", "/world/", "/", "/tags/diplomacy/", "/authors/ayesha-khan/"]:
        assert expected in paths, (expected, paths)
    assert "/sports/" not in paths
    assert len(paths) == len(set(paths))


def test_purge_all_pages_purges_everything_in_both_caches(
    client, newsroom, story, purge_endpoint, django_capture_on_commit_callbacks
):
    urls = [story.url, newsroom.world.url, "/", "/ur/", newsroom.world_ur.url]
    warm(client, urls)
    purge_endpoint.clear()
    with django_capture_on_commit_callbacks(execute=True):
        purge_all_pages(reason="Ramadan 1447 declared")
    for url in urls:
        assert client.get(url)["X-Cache"] == "MISS", url
    # nginx purges exact keys: the homes and sections; the rest follows within X-Accel-Expires.
    assert sorted(purge_endpoint.paths()) == sorted(["/", "/world/", "/sports/", "/ur/", "/ur/world/"])


def test_a_language_can_be_purged_alone_through_the_signal(
    client, newsroom, purge_endpoint, django_capture_on_commit_callbacks
):
    warm(client, ["/", "/ur/"])
    purge_endpoint.clear()
    with django_capture_on_commit_callbacks(execute=True):
        purge_all_requested.send(sender=None, languages=["ur"], reason="Pakistan declares Shawwal")
    assert client.get("/ur/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    assert sorted(purge_endpoint.paths()) == ["/ur/", "/ur/world/"]


def test_nothing_is_purged_when_the_transaction_rolls_back(client, story, purge_endpoint):
    from django.db import transaction

    warm(client, [story.url])
    purge_endpoint.clear()
    try:
        with transaction.atomic():
            ArticlePage.objects.get(pk=story.pk).save_revision().publish()
            raise RuntimeError("editor's save failed")
    except RuntimeError:
        pass
    assert client.get(story.url)["X-Cache"] == "HIT"
    assert purge_endpoint.paths() == []


def test_scheduled_story_published_by_the_worker_job_reaches_readers(
    client, newsroom, django_capture_on_commit_callbacks
):
    from roznama.core.tasks import publish_scheduled_pages

    page = newsroom.article("Embargoed budget", live=False, body=[("paragraph", RichText("<p>The budget.</p>"))])
    page.go_live_at = timezone.now() - timedelta(seconds=1)
    page.save_revision().publish()
    warm(client, [newsroom.world.url])
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduled_pages.call()
    assert "Embargoed budget" in card_titles(client.get(newsroom.world.url))
