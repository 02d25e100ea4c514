"""Pages purged together (the wire's follow-up task): the same URLs as each purged alone, and
what readers see once a story from the wire is published, updated or killed."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from roznama.cache.purge import urls_for_pages
from roznama.news.models import ArticlePage
from roznama.news.services import PAGE_SIZE
from roznama.wire.models import WireSource
from roznama.wire.pipeline import ingest_payload


def test_a_batch_lists_exactly_the_urls_of_its_pages_listed_one_by_one(newsroom):
    ayesha, bilal = newsroom.author("Ayesha Khan"), newsroom.author("Bilal Ahmed")
    now = timezone.now()
    # Deep listings: the oldest of the batch sits on the third page of World and of its tag.
    for n in range(2 * PAGE_SIZE + 3):
        newsroom.article(f"Filler {n}", tags=["Diplomacy"], published=now - timedelta(minutes=n))
    old = newsroom.article(
        "Old talks", tags=["Diplomacy", "Trade"], authors=[ayesha], published=now - timedelta(days=3)
    )
    recent = newsroom.article(
        "New talks", tags=["Diplomacy"], authors=[ayesha, bilal], published=now - timedelta(seconds=30)
    )
    match = newsroom.article("Cup final", section=newsroom.sports, tags=["Cricket"], authors=[bilal])
    draft = newsroom.article("Unpublished", live=False)
    translated = old.copy_for_translation(newsroom.ur)
    translated.save_revision().publish()
    batch = [ArticlePage.objects.get(pk=p.pk) for p in (old, recent, match, draft)]
    one_by_one = set()
    for page in batch:
        one_by_one |= set(urls_for_pages([page]))
    together = urls_for_pages([ArticlePage.objects.get(pk=p.pk) for p in (old, recent, match, draft)])
    assert set(together) == one_by_one
    assert len(together) == len(set(together))
    # The deepest listing pages come from the oldest story of the batch.
    assert any(
        url.endswith(f"{newsroom.world.url_path[len(newsroom.home.url_path) - 1 :]}?page=3") for url in together
    ), together
    assert any(url.endswith("/tags/diplomacy/?page=3") for url in together), together


def ninjs(n: int, version: int = 1, pubstatus: str = "usable", headline: str = "") -> bytes:
    return json.dumps(
        {
            "uri": f"urn:test:cache:{n}",
            "version": str(version),
            "type": "text",
            "language": "en",
            "versioncreated": "2026-01-01T10:00:00+00:00",
            "pubstatus": pubstatus,
            "headline": headline or f"Harbour story {n}",
            "body_html": f"<p>The harbour reopened {n}.</p>",
            "copyrightholder": "Agency",
        }
    ).encode()


def test_stories_from_the_wire_reach_readers_once_their_batch_has_run(
    client, newsroom, django_capture_on_commit_callbacks
):
    source = WireSource.objects.create(
        name="Agency", kind="folder", location="/x", default_section_slug="world", auto_publish=True
    )
    story = newsroom.article("Talks resume in Moscow")
    listings = [newsroom.world.url, "/"]
    for url in [story.url, *listings]:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_payload(ninjs(1), source=source, filename="1.json").ok
    for url in listings:
        response = client.get(url)
        assert response["X-Cache"] == "MISS" and b"Harbour story 1" in response.content, url
    assert client.get(story.url)["X-Cache"] == "HIT"  # it does not show the new story

    page = ArticlePage.objects.get(wire_id="urn:test:cache:1")
    client.get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        ingest_payload(ninjs(1, 2, headline="Harbour closed again"), source=source, filename="2.json")
    response = client.get(page.url)
    assert response["X-Cache"] == "MISS" and b"Harbour closed again" in response.content

    with django_capture_on_commit_callbacks(execute=True):
        ingest_payload(ninjs(1, 3, pubstatus="canceled"), source=source, filename="3.json")
    assert client.get(page.url).status_code == 410
    for url in listings:
        assert b"Harbour closed again" not in client.get(url).content, url
