"""Reader search, as a reader uses it: relevant and fresh stories first, in English and Urdu,
filters by section and date, highlighted snippets, a helpful page when nothing matches, and
search pages kept out of search engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.rich_text import RichText


def body(*paragraphs):
    return [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    return response, doc, [a.get("href") for a in doc.xpath("//li[contains(@class,'search-result')]//h3/a")]


@pytest.fixture
def archive(newsroom):
    now = timezone.now()
    day = timedelta(days=1)
    make = newsroom.article
    return {
        "floods": make(
            "Floods sweep through Sindh",
            body=body("Floods have cut off villages across Sindh.", "Flood relief camps are full."),
            published=now - 2 * day,
        ),
        "mention": make(
            "Cabinet meets on the budget",
            body=body("Ministers discussed the budget.", "One minister mentioned last year's floods in passing."),
            published=now - 2 * day,
        ),
        "old_match": make(
            "Cricket: Pakistan beat England",
            section=newsroom.sports,
            body=body("Pakistan beat England by six wickets."),
            published=now - 40 * day,
        ),
        "new_match": make(
            "Cricket: Pakistan beat Australia",
            section=newsroom.sports,
            body=body("Pakistan beat Australia by six wickets."),
            published=now - 1 * day,
        ),
        "karachi_ur": make(
            "کراچی میں بارش سے سیلاب",
            section=newsroom.world_ur,
            body=body("کراچی کی سڑکوں پر پانی جمع ہو گیا۔", "شہری حکومت نے ہنگامی حالت کا اعلان کیا۔"),
            published=now - 1 * day,
        ),
        "lahore_ur": make(
            "لاہور میں کرکٹ میچ",
            section=newsroom.world_ur,
            body=body("قذافی اسٹیڈیم میں پاکستان اور انگلینڈ کا میچ ہوا۔"),
            published=now - 1 * day,
        ),
    }


def test_the_strong_match_comes_before_a_passing_mention(client, archive):
    _, _, found = results(client, "/search/?q=floods")
    assert found == [archive["floods"].url, archive["mention"].url]


def test_of_two_equal_matches_the_fresher_comes_first(client, archive):
    _, _, found = results(client, "/search/?q=pakistan+beat")
    assert found == [archive["new_match"].url, archive["old_match"].url]


def test_urdu_search_finds_urdu_stories_only_in_urdu(client, archive):
    _, _, found = results(client, "/ur/search/?q=کراچی")
    assert found == [archive["karachi_ur"].url]
    _, _, english = results(client, "/search/?q=کراچی")
    assert english == []
    # Typed on an Arabic keyboard (Arabic kaf and yeh) or with a short vowel written in.
    for spelling in ("كراچي", "کَراچی"):
        _, _, found = results(client, f"/ur/search/?q={spelling}")
        assert found == [archive["karachi_ur"].url], spelling


def test_snippets_highlight_the_words_in_english_and_urdu(client, archive):
    _, doc, _ = results(client, "/search/?q=relief")
    [snippet] = doc.xpath("//p[contains(@class,'search-result__snippet')]")
    assert [m.text for m in snippet.xpath(".//mark")] == ["relief"]
    _, doc, _ = results(client, "/ur/search/?q=كراچي")
    marks = [m.text for m in doc.xpath("//li[contains(@class,'search-result')]//mark")]
    assert marks and set(marks) == {"کراچی"}


def test_filter_by_section_and_by_date(client, archive, newsroom):
    _, _, found = results(client, "/search/?q=pakistan&section=world")
    assert found == []
    _, _, found = results(client, "/search/?q=pakistan&section=sports")
    assert set(found) == {archive["new_match"].url, archive["old_match"].url}
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    _, _, found = results(client, f"/search/?q=pakistan&from={since}")
    assert found == [archive["new_match"].url]
    until = (timezone.localdate() - timedelta(days=10)).isoformat()
    _, _, found = results(client, f"/search/?q=pakistan&to={until}")
    assert found == [archive["old_match"].url]


def test_no_results_says_so_and_offers_a_way_on(client, archive):
    response, doc, found = results(client, "/search/?q=zzyzx")
    assert found == []
    empty = " ".join(doc.xpath("string(//div[contains(@class,'search-empty')])").split())
    assert "Nothing matched “zzyzx”" in empty
    assert "Check the spelling" in empty
    # The way on: links to the sections.
    assert "/world/" in doc.xpath("//div[contains(@class,'search-empty')]//a/@href")


def test_when_no_story_has_every_word_stories_with_some_are_offered(client, archive):
    _, doc, found = results(client, "/search/?q=floods+wickets")
    assert set(found) >= {archive["floods"].url, archive["new_match"].url}
    assert doc.xpath("//p[contains(@class,'search-note')]")


@pytest.mark.parametrize("url", ["/search/", "/search/?q=floods", "/ur/search/?q=کراچی", "/search/?q=zzyzx"])
def test_search_pages_are_noindex(client, archive, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    doc = lxml_html.fromstring(response.content)
    [robots] = doc.xpath("//head/meta[@name='robots']/@content")
    assert "noindex" in robots
    assert not doc.xpath("//head/link[@rel='canonical']")


def test_search_box_partial_submits_to_the_search_page_of_the_language(client, archive):
    from django.template.loader import render_to_string
    from django.utils import translation

    for language, action in (("en", "/search/"), ("ur", "/ur/search/")):
        with translation.override(language):
            doc = lxml_html.fromstring(render_to_string("seo/_search_box.html"))
        [form] = doc.xpath("//form") if doc.tag != "form" else [doc]
        assert form.get("action") == action and form.get("method") == "get"
        assert form.xpath(".//input[@name='q']")


def test_hostile_input_is_harmless(client, archive):
    response, doc, _ = results(client, "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E&from=notadate&page=x")
    assert b"<script>alert(1)" not in response.content
    assert doc.xpath("//p[contains(@class,'search-errors')]")


def test_english_words_are_found_by_their_stem(client, archive):
    # A reader typing "flooding" or "flood" wants the flood story (Porter's stemmer on SQLite,
    # PostgreSQL's english configuration in production).
    for query in ("flooding", "flood"):
        _, _, found = results(client, f"/search/?q={query}")
        assert found and found[0] == archive["floods"].url, query


def test_urdu_copy_written_with_arabic_letters_is_found_by_urdu_typing(client, newsroom):
    # Agency copy and old archives often carry Arabic yeh (ي), kaf (ك) and heh (ه) and written
    # short vowels; a reader types the Urdu letters.  Both spellings must meet.
    story = newsroom.article(
        "كراچي ميں بارش",
        section=newsroom.world_ur,
        body=body("شهر كي سڑكوں پر پاني جمع ہو گيا۔", "بارِش رات بھر جاری رہی۔"),
    )
    _, doc, found = results(client, "/ur/search/?q=کراچی")
    assert found == [story.url]
    _, doc, found = results(client, "/ur/search/?q=بارش")
    assert found == [story.url]
    # The snippet marks the words in the story's own spelling.
    marks = [m.text for m in doc.xpath("//li[contains(@class,'search-result')]//mark")]
    assert "بارِش" in marks
