"""The Ramadan hub in both languages is one page to a crawler: each version names the other
and itself with hreflang, and English as x-default (Google's guidance on localized versions:
the links go both ways, or they are ignored)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from roznama.ramadan.demo import ensure_ramadan


@pytest.fixture
def hubs(newsroom, settings):
    settings.ROZNAMA_AS_OF = "2025-03-16T12:00:00+05:00"
    ensure_ramadan({"en": newsroom.home, "ur": newsroom.home_ur})


def alternates(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    doc = lxml_html.fromstring(response.content)
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def test_the_hub_pairs_with_its_urdu_version_both_ways(client, hubs):
    english, urdu = alternates(client, "/ramadan-pedia/"), alternates(client, "/ur/ramadan-pedia/")
    assert english == {
        "en": "http://localhost/ramadan-pedia/",
        "ur": "http://localhost/ur/ramadan-pedia/",
        "x-default": "http://localhost/ramadan-pedia/",
    }
    assert urdu == english


def test_the_hubs_own_views_claim_no_alternates(client, hubs):
    # The printable timetable is canonical to the hub: the hub's pair speaks for it.
    assert alternates(client, "/ramadan-pedia/print/") == {}


def test_a_hub_without_a_translation_claims_none(client, newsroom, settings):
    settings.ROZNAMA_AS_OF = "2025-03-16T12:00:00+05:00"
    ensure_ramadan({"en": newsroom.home})
    assert alternates(client, "/ramadan-pedia/") == {}
