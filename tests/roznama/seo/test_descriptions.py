"""Every page a reader lands on from a search engine has a meta description, in its language:
the front pages, the Ramadan hub and the search page."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from roznama.ramadan.demo import ensure_ramadan
from roznama.ramadan.models import RamadanHubPage

URDU_LETTERS = re.compile(r"[\u0600-\u06FF]")


def description(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = lxml_html.fromstring(response.content).xpath("//head/meta[@name='description']/@content")
    assert len(found) == 1, f"{url}: {len(found)} meta descriptions"
    return found[0]


def test_the_front_pages_describe_the_site_in_their_language(client, newsroom):
    english = description(client, "/")
    assert english.startswith("Roznama") and "news" in english and not URDU_LETTERS.search(english)
    urdu = description(client, "/ur/")
    assert urdu.startswith("روزنامہ") and "خبریں" in urdu


def test_an_editors_description_of_the_front_page_wins(client, newsroom):
    newsroom.home.search_description = "Pakistan's paper of record since 1947."
    newsroom.home.save_revision().publish()
    assert description(client, "/") == "Pakistan's paper of record since 1947."


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_ramadan_hub_is_described_by_its_introduction(client, newsroom, language):
    ensure_ramadan({"en": newsroom.home, "ur": newsroom.home_ur})
    hub = RamadanHubPage.objects.get(locale__language_code=language)
    assert hub.intro
    assert description(client, hub.url) == hub.intro


def test_the_search_page_has_a_description_in_each_language(client, newsroom):
    assert "Search" in description(client, "/search/?q=talks")
    assert URDU_LETTERS.search(description(client, "/ur/search/?q=talks"))
