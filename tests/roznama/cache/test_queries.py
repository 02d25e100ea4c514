"""Rendering without the cache stays bounded: listing pages make the same number of queries
whether they show two stories or a full page of them, with pictures and authors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

LIMIT = 30


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.ROZNAMA_PAGE_CACHE = False


def queries(client, url) -> int:
    assert client.get(url).status_code == 200  # renditions are made on the first view
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
def test_listing_queries_do_not_grow_with_the_number_of_stories(client, newsroom, image_factory):
    author = newsroom.author("Ayesha Khan")
    picture = image_factory("Harbour", size=(160, 90))
    now = timezone.now()
    made = [0]

    def add(n):
        for _ in range(n):
            i = made[0]
            made[0] += 1
            section = newsroom.world if i % 2 == 0 else newsroom.sports
            newsroom.article(
                f"Story {i}",
                section=section,
                authors=[author],
                tags=["Budget", f"t{i}"],
                lead_image=picture if i % 5 else image_factory(f"Pic {i}", size=(160, 90)),
                published=now - timedelta(minutes=i),
            )

    urls = {"home": "/", "section": newsroom.world.url, "tag": "/tags/budget/", "author": "/authors/ayesha-khan/"}
    add(4)  # every home rail has a story besides the lead
    few = {kind: queries(client, url) for kind, url in urls.items()}
    add(10)  # a full page of the tag and author listings, with a next page; a full home
    many = {kind: queries(client, url) for kind, url in urls.items()}
    assert many == few, (few, many)
    assert max(many.values()) <= LIMIT, many
