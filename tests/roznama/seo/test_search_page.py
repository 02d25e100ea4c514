"""The search page as a reader sees it: the words and filters kept in the form, the count,
stories as rows (section, headline, highlighted text, date, picture), filters by section, by
date range and a sort, pages with prev/next and the current page marked, a useful page when
nothing matches, HTML in the query or in a story shown as text, no search engine indexing,
and all of it in Urdu."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.rich_text import RichText


def body(*paragraphs):
    return [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, lxml_html.fromstring(response.content)


def text(element) -> str:
    return " ".join(element.text_content().split())


def found(doc) -> list[str]:
    return doc.xpath("//ol[contains(@class,'search-results__list')]/li//h3/a/@href")


def count_line(doc) -> str:
    return text(doc.xpath("//h2[@id='search-results-heading']")[0])


@pytest.fixture
def stories(newsroom, image_factory):
    now = timezone.now()
    hour, day = timedelta(hours=1), timedelta(days=1)
    make = newsroom.article
    return {
        "today": make(
            "Monsoon rains reach Lahore",
            body=body("The monsoon reached Lahore this morning."),
            standfirst="Heavy monsoon showers in the Punjab.",
            published=now - 2 * hour,
            lead_image=image_factory("Rain in Lahore"),
        ),
        "this_week": make(
            "Monsoon relief in Sindh", body=body("Camps opened as the monsoon went on."), published=now - 3 * day
        ),
        "this_month": make(
            "Monsoon damage counted",
            section=newsroom.sports,
            body=body("The stadium roof failed in the monsoon."),
            published=now - 20 * day,
        ),
        "old": make(
            "Last year's monsoon", body=body("A look back at the monsoon of last year."), published=now - 90 * day
        ),
        "other": make("Budget talks", body=body("Ministers met on the budget."), published=now - 1 * hour),
    }


def test_the_words_and_filters_are_kept_in_the_form(client, stories):
    _, doc = get(client, "/search/?q=monsoon+rains&section=world&when=week&sort=newest&from=2025-01-02&to=2030-12-31")
    [form] = doc.xpath("//main//form[@role='search']")
    assert form.xpath(".//input[@name='q']/@value") == ["monsoon rains"]
    assert form.xpath(".//select[@name='section']/option[@selected]/@value") == ["world"]
    assert form.xpath(".//select[@name='when']/option[@selected]/@value") == ["week"]
    assert form.xpath(".//select[@name='sort']/option[@selected]/@value") == ["newest"]
    assert form.xpath(".//input[@name='from']/@value") == ["2025-01-02"]
    assert form.xpath(".//input[@name='to']/@value") == ["2030-12-31"]
    # Every field has its label; the options say what they do.
    for field in form.xpath(".//input[@id] | .//select[@id]"):
        assert doc.xpath(f"//label[@for='{field.get('id')}']"), field.get("name")
    assert [text(o) for o in form.xpath(".//select[@name='when']/option")] == [
        "Any time",
        "Past day",
        "Past week",
        "Past month",
    ]
    assert [text(o) for o in form.xpath(".//select[@name='sort']/option")] == ["Most relevant", "Newest first"]


def test_the_count_says_how_many_stories_matched(client, stories):
    _, doc = get(client, "/search/?q=monsoon")
    assert count_line(doc) == "4 results for “monsoon”"
    assert len(found(doc)) == 4
    _, doc = get(client, "/search/?q=budget")
    assert count_line(doc) == "1 result for “budget”"


def test_a_result_row_has_its_section_headline_highlighted_text_date_and_picture(client, stories, newsroom):
    _, doc = get(client, "/search/?q=monsoon&when=day")
    [row] = doc.xpath("//ol[contains(@class,'search-results__list')]/li")
    kicker = row.xpath(".//a[contains(@class,'search-result__kicker')]")[0]
    assert text(kicker) == "World" and kicker.get("href") == newsroom.world.url
    [headline] = row.xpath(".//h3/a")
    assert headline.get("href") == stories["today"].url and text(headline) == "Monsoon rains reach Lahore"
    assert headline.xpath("./mark/text()") == ["Monsoon"]
    [snippet] = row.xpath(".//p[contains(@class,'search-result__snippet')]")
    assert text(snippet).startswith("Heavy monsoon showers in the Punjab.")  # the standfirst first
    assert snippet.xpath(".//mark/text()")[:1] == ["monsoon"]
    [when] = row.xpath(".//time/@datetime")
    assert when.startswith(timezone.localtime(stories["today"].first_published_at).date().isoformat())
    [picture] = row.xpath(".//img")
    # The picture sits beside the headline that says it all; its size is known before it loads.
    assert picture.get("alt") == "" and picture.get("width") and picture.get("height")
    assert picture.get("src").endswith(".webp") and picture.get("srcset").count("w,") >= 2
    # A story without a picture has a row without one.
    _, doc = get(client, "/search/?q=relief")
    [row] = doc.xpath("//ol[contains(@class,'search-results__list')]/li")
    assert not row.xpath(".//img")


@pytest.mark.parametrize(
    "when, expected",
    [
        ("day", ["today"]),
        ("week", ["today", "this_week"]),
        ("month", ["today", "this_week", "this_month"]),
        ("", ["today", "this_week", "this_month", "old"]),
        ("any", ["today", "this_week", "this_month", "old"]),
    ],
)
def test_the_date_range_filter(client, stories, when, expected):
    _, doc = get(client, f"/search/?q=monsoon&when={when}&sort=newest")
    assert found(doc) == [stories[name].url for name in expected]


def test_the_section_filter_and_the_date_range_together(client, stories):
    _, doc = get(client, "/search/?q=monsoon&section=sports")
    assert found(doc) == [stories["this_month"].url]
    _, doc = get(client, "/search/?q=monsoon&section=sports&when=week")
    assert found(doc) == []


def test_newest_first_orders_the_matches_by_date(client, stories, newsroom):
    # A story about nothing but the monsoon, from long ago, and a passing mention from today.
    strong = newsroom.article(
        "Monsoon, monsoon, monsoon",
        body=body("Monsoon monsoon monsoon monsoon."),
        standfirst="The monsoon.",
        published=timezone.now() - timedelta(days=200),
    )
    _, doc = get(client, "/search/?q=monsoon&sort=newest")
    assert found(doc) == [stories[n].url for n in ("today", "this_week", "this_month", "old")] + [strong.url]
    _, doc = get(client, "/search/?q=monsoon")
    assert found(doc)[-1] != strong.url  # by relevance the strong match is not left last


def test_a_filter_that_cannot_be_read_is_named_and_left_out(client, stories):
    _, doc = get(client, "/search/?q=monsoon&when=forever&sort=loudest")
    assert "A filter that could not be read was left out." in text(
        doc.xpath("//p[contains(@class,'search-errors')]")[0]
    )
    assert len(found(doc)) == 4


@pytest.fixture
def many(newsroom):
    now = timezone.now()
    return [
        newsroom.article(
            f"Cricket report {n}", body=body(f"Cricket match number {n}."), published=now - timedelta(hours=n + 1)
        )
        for n in range(23)
    ]


def test_pages_of_results_link_each_other_and_mark_the_current_one(client, many):
    _, doc = get(client, "/search/?q=cricket&sort=newest&section=world&page=2")
    assert count_line(doc) == "23 results for “cricket”"
    assert found(doc) == [a.url for a in many[10:20]]
    assert doc.xpath("//ol[contains(@class,'search-results__list')]/@start") == ["11"]
    [nav] = doc.xpath("//nav[contains(@class,'search-pagination')]")
    assert nav.get("aria-label") == "Pages of results"
    [prev] = nav.xpath(".//a[@rel='prev']")
    [nxt] = nav.xpath(".//a[@rel='next']")
    for link, number in ((prev, "1"), (nxt, "3")):
        href = link.get("href")
        # The words and the filters go with the reader to the other page.
        assert "q=cricket" in href and "sort=newest" in href and "section=world" in href
        assert href.endswith(f"page={number}") and href.count("page=") == 1
    [current] = nav.xpath(".//a[@aria-current='page']")
    assert text(current) == "Page 2" and current.get("href").endswith("page=2")
    assert [text(a) for a in nav.xpath(".//a[not(@rel)]")] == ["Page 1", "Page 2", "Page 3"]
    # The head says the same for crawlers and browsers that prefetch.
    assert doc.xpath("//head/link[@rel='prev']/@href") == [prev.get("href")]
    assert doc.xpath("//head/link[@rel='next']/@href") == [nxt.get("href")]


def test_the_first_and_last_pages_and_nonsense_page_numbers(client, many):
    _, doc = get(client, "/search/?q=cricket&sort=newest")
    [nav] = doc.xpath("//nav[contains(@class,'search-pagination')]")
    assert not nav.xpath(".//a[@rel='prev']") and nav.xpath(".//a[@rel='next']")
    assert text(nav.xpath(".//a[@aria-current='page']")[0]) == "Page 1"
    for page in ("3", "99"):
        _, doc = get(client, f"/search/?q=cricket&sort=newest&page={page}")
        assert found(doc) == [a.url for a in many[20:]]
        assert not doc.xpath("//nav[contains(@class,'search-pagination')]//a[@rel='next']")
    _, doc = get(client, "/search/?q=cricket&sort=newest&page=x")
    assert found(doc) == [a.url for a in many[:10]]


def test_one_page_of_results_has_no_page_links(client, stories):
    _, doc = get(client, "/search/?q=monsoon")
    assert not doc.xpath("//nav[contains(@class,'search-pagination')]")
    assert not doc.xpath("//head/link[@rel='next' or @rel='prev']")


def test_html_in_the_query_and_in_stories_is_shown_as_text(client, newsroom):
    story = newsroom.article(
        'Flood <script>alert("title")</script> warning',
        standfirst="Rivers & <img src=x onerror=alert(2)> flood plains",
        body=body("Water rose."),
    )
    response, doc = get(client, "/search/?q=flood+%3Cimg+src%3Dx+onerror%3Dalert(1)%3E")
    content = response.content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content and '<img src="x"' not in content
    [headline] = doc.xpath("//ol[contains(@class,'search-results__list')]/li//h3/a")
    assert headline.get("href") == story.url
    assert text(headline) == 'Flood <script>alert("title")</script> warning'
    # The words of the query are marked, "alert" too: as words, never as markup.
    assert headline.xpath("./mark/text()") == ["Flood", "alert"]
    [snippet] = doc.xpath("//p[contains(@class,'search-result__snippet')]")
    assert text(snippet).startswith("Rivers & <img src=x onerror=alert(2)> flood plains")
    assert not snippet.xpath(".//img | .//script")
    assert "“flood <img src=x onerror=alert(1)>”" in count_line(doc)
    assert doc.xpath("//main//input[@name='q']/@value") == ["flood <img src=x onerror=alert(1)>"]
    assert not doc.xpath("//main//img[@src='x']")


def test_nothing_found_offers_a_way_on_and_the_latest_stories(client, stories, newsroom):
    _, doc = get(client, "/search/?q=zzyzx&section=sports&when=month")
    assert count_line(doc) == "0 results for “zzyzx”"
    empty = doc.xpath("//div[contains(@class,'search-empty')]")[0]
    assert "Nothing matched “zzyzx”." in text(empty)
    assert "Check the spelling" in text(empty)
    # The same words again, with no filter.
    assert "?q=zzyzx" in empty.xpath(".//a/@href")
    assert {newsroom.world.url, newsroom.sports.url} <= set(empty.xpath(".//a/@href"))
    latest = doc.xpath("//section[contains(@class,'search-latest')]")[0]
    assert text(latest.xpath(".//h2")[0]) == "Latest stories"
    assert latest.xpath(".//li/a/@href") == [
        stories[n].url for n in ("other", "today", "this_week", "this_month", "old")
    ]
    assert not doc.xpath("//nav[contains(@class,'search-pagination')]")
    # Without filters there is no offer to drop them.
    _, doc = get(client, "/search/?q=zzyzx")
    assert "Search all sections and dates" not in text(doc.xpath("//div[contains(@class,'search-empty')]")[0])


def test_the_page_before_a_search_asks_for_words_and_shows_the_latest(client, stories):
    _, doc = get(client, "/search/")
    assert doc.xpath("//main//input[@name='q']/@autofocus")
    assert "Type a few words" in text(doc.xpath("//p[contains(@class,'search-hint')]")[0])
    assert len(doc.xpath("//section[contains(@class,'search-latest')]//li")) == 5
    # With results the cursor is not put back in the box: the reader reads on.
    _, doc = get(client, "/search/?q=monsoon")
    assert not doc.xpath("//main//input[@name='q']/@autofocus")
    assert not doc.xpath("//section[contains(@class,'search-latest')]")


@pytest.mark.parametrize(
    "url", ["/search/?q=cricket&page=2", "/search/?q=zzyzx&when=day", "/ur/search/?q=x&sort=newest"]
)
def test_every_search_page_is_kept_out_of_search_engines(client, many, url):
    response, doc = get(client, url)
    assert "noindex" in response["X-Robots-Tag"]
    assert "noindex" in doc.xpath("//head/meta[@name='robots']/@content")[0]


def test_the_search_page_has_its_own_stylesheet_and_other_pages_do_not_load_it(client, stories):
    _, doc = get(client, "/search/?q=monsoon")
    sheets = doc.xpath("//head/link[@rel='stylesheet']/@href")
    assert any(s.endswith("roznama/search.css") for s in sheets)
    _, home = get(client, "/")
    assert not any("search" in s for s in home.xpath("//head/link[@rel='stylesheet']/@href"))


def test_the_page_form_and_the_header_box_are_told_apart(client, stories):
    _, doc = get(client, "/search/?q=monsoon")
    forms = doc.xpath("//form[@role='search']")
    names = []
    for form in forms:
        if form.get("aria-labelledby"):
            names.append(text(doc.xpath(f"//*[@id='{form.get('aria-labelledby')}']")[0]))
        else:
            names.append(form.get("aria-label"))
    assert len(forms) == 2 and len(set(names)) == 2 and all(names)


def test_urdu_search_page(client, newsroom):
    story = newsroom.article(
        "کراچی میں مون سون کی بارش",
        section=newsroom.world_ur,
        body=body("کراچی میں رات بھر بارش ہوئی۔"),
        standfirst="شہر میں پانی جمع ہو گیا۔",
    )
    response, doc = get(client, "/ur/search/?q=بارش&when=week")
    assert doc.xpath("/html/@dir") == ["rtl"] and doc.xpath("/html/@lang") == ["ur"]
    assert found(doc) == [story.url]
    assert count_line(doc) == "“بارش” کے لیے ۱ نتیجہ"  # Urdu digits, as everywhere on an Urdu page
    [row] = doc.xpath("//ol[contains(@class,'search-results__list')]/li")
    assert text(row.xpath(".//a[contains(@class,'search-result__kicker')]")[0]) == "دنیا"
    assert row.xpath(".//h3/a/mark/text()") == ["بارش"]
    [form] = doc.xpath("//main//form[@role='search']")
    assert form.get("action") == "/ur/search/"
    assert [text(o) for o in form.xpath(".//select[@name='when']/option")] == [
        "کسی بھی وقت",
        "پچھلے ایک دن میں",
        "پچھلے ہفتے میں",
        "پچھلے مہینے میں",
    ]
    assert [text(o) for o in form.xpath(".//select[@name='sort']/option")] == ["سب سے زیادہ متعلقہ", "تازہ ترین پہلے"]
    assert form.xpath(".//select[@name='section']/option/text()") == ["تمام شعبے", "دنیا"]
    _, doc = get(client, "/ur/search/?q=zzyzx")
    assert text(doc.xpath("//section[contains(@class,'search-latest')]//h2")[0]) == "تازہ ترین خبریں"
    assert doc.xpath("//section[contains(@class,'search-latest')]//li/a/@href") == [story.url]
