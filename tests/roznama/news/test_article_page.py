"""The article page, as a reader sees it: the reference page's parts, top to bottom."""

from __future__ import annotations

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html
from wagtail.models import Site
from wagtail.rich_text import RichText

from roznama.ads.models import AdSlot
from roznama.core.models import SiteSettings
from roznama.news.models import ArticleCorrection, ArticleRelated


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, lxml_html.fromstring(response.content)


def text(node):
    return " ".join(node.text_content().split())


@pytest.fixture
def story(newsroom):
    author_a = newsroom.author("Ayesha Khan")
    author_b = newsroom.author("Bilal Ahmed")
    body = [
        ("paragraph", RichText("<p>Russian and Ukrainian negotiators met again on Monday.</p>")),
        ("subheading", "What was agreed"),
        ("quote", {"text": "We are closer than a week ago.", "attribution": "A spokesperson"}),
        ("paragraph", RichText("<p>Second paragraph.</p>")),
        ("paragraph", RichText("<p>Third paragraph.</p>")),
        ("paragraph", RichText("<p>Fourth paragraph.</p>")),
    ]
    page = newsroom.article(
        "Talks resume in Moscow",
        body=body,
        authors=[author_a, author_b],
        tags=["Diplomacy", "Russia"],
        standfirst="Negotiators return to the table after a month.",
        credit="Reuters",
        dateline_place="MOSCOW",
        dateline_agency="Reuters",
    )
    ArticleCorrection.objects.create(page=page, kind="correction", text="An earlier version misspelt a name.")
    other = newsroom.article("Grain corridor reopens")
    ArticleRelated.objects.create(page=page, related=other)
    AdSlot.objects.create(
        name="in-article",
        placement="in_article",
        after_paragraph=2,
        kind="unit",
        unit_code="<div class='unit'>ad</div>",
        width=300,
        height=250,
    )
    return page


def test_article_page_has_the_reference_parts_in_order(client, story):
    response, doc = get_page(client, story.url)
    h1s = doc.xpath("//h1")
    assert [text(h) for h in h1s] == ["Talks resume in Moscow"]
    crumbs = [text(li) for li in doc.xpath("//nav[contains(@class,'breadcrumb')]//li")]
    assert crumbs == ["Home", "World", "Talks resume in Moscow"]
    assert text(doc.xpath("//a[contains(@class,'section-label')]")[0]) == "World"
    assert "Negotiators return to the table" in text(doc.xpath("//p[contains(@class,'story__standfirst')]")[0])
    byline = text(doc.xpath("//p[contains(@class,'byline')]")[0])
    assert byline == "By Ayesha Khan and Bilal Ahmed | Reuters"
    first_paragraph = doc.xpath("//div[contains(@class,'story__body')]//p")[0]
    assert text(first_paragraph).startswith("MOSCOW (Reuters) - Russian and Ukrainian negotiators")
    # The dateline appears once, in the first paragraph only.
    assert response.content.decode().count("MOSCOW (Reuters) -") == 1
    assert [text(h) for h in doc.xpath("//h2[contains(@class,'block-subheading')]")] == ["What was agreed"]
    assert "closer than a week ago" in text(doc.xpath("//blockquote")[0])
    corrections = doc.xpath("//section[contains(@class,'corrections')]")
    assert corrections and "misspelt a name" in text(corrections[0])
    assert [text(a) for a in doc.xpath("//nav[contains(@class,'tags')]//a")] == ["Diplomacy", "Russia"]
    assert "Grain corridor reopens" in text(doc.xpath("//section[contains(@class,'related')]")[0])
    share = {text(a): a.get("href") for a in doc.xpath("//nav[contains(@class,'share')]//a")}
    assert sorted(share) == ["Facebook", "WhatsApp", "X"]
    assert share["X"].startswith("https://x.com/intent/post?url=http")
    # Landmarks: banner, main, contentinfo.
    assert doc.xpath("//header[@role='banner']") and doc.xpath("//main") and doc.xpath("//footer[@role='contentinfo']")


def test_in_article_ad_is_labelled_reserves_its_space_and_loads_lazily(client, story):
    _, doc = get_page(client, story.url)
    ad = doc.xpath("//div[contains(@class,'story__body')]//aside[contains(@class,'ad')]")
    assert len(ad) == 1
    assert text(ad[0].xpath(".//span[contains(@class,'ad__label')]")[0]) == "Advertisement"
    box = ad[0].xpath(".//div[@data-lazy-ad]")[0]
    assert "aspect-ratio: 300 / 250" in box.get("style")
    # The unit code waits in a <template> until the slot scrolls into view.
    assert box.xpath("./template") and not box.xpath("./div[@class='unit']")
    # It follows the second paragraph (the subheading and the quote are not paragraphs).
    body = doc.xpath("//div[contains(@class,'story__body')]")[0]
    children = [c for c in body.iterchildren()]
    ad_index = children.index(ad[0])
    assert "Second paragraph." in text(children[ad_index - 1])


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_ad_landmark_has_a_name_of_its_own(client, story, newsroom, language):
    # Screen readers list landmarks by name: a header, a sidebar and two in-article slots on one
    # page must not all be "Advertisement", while each still shows the word itself.
    for placement, extra in (("header", {}), ("sidebar", {}), ("in_article", {"after_paragraph": 3})):
        AdSlot.objects.create(
            name=f"more-{placement}",
            placement=placement,
            kind="unit",
            width=300,
            height=250,
            unit_code="<div class='unit'>ad</div>",
            **extra,
        )
    url = story.url
    if language == "ur":
        translated = story.copy_for_translation(newsroom.ur)
        translated.save_revision().publish()
        url = translated.url
    _, doc = get_page(client, url)
    ads = doc.xpath("//aside[contains(@class,'ad ')]")
    names = [a.get("aria-label") for a in ads]
    word = "Advertisement" if language == "en" else "اشتہار"
    assert len(ads) == 4 and len(set(names)) == 4, names
    assert names[0] == word and all(n.startswith(word) for n in names)
    assert {text(a.xpath(".//span[contains(@class,'ad__label')]")[0]) for a in ads} == {word}


def test_page_is_valid_html5(client, story):
    response = client.get(story.url)
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)  # raises on any parse error


def test_images_have_alt_text(client, newsroom, image_factory):
    page = newsroom.article("Picture story", lead_image=image_factory("Harbour at dawn"))
    _, doc = get_page(client, page.url)
    images = doc.xpath("//main//img")
    assert images and all(img.get("alt") for img in images)


def test_google_news_link_hidden_until_configured(client, story):
    _, doc = get_page(client, story.url)
    assert not doc.xpath("//a[contains(@class,'google-news')]")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.google_news_url = "https://news.google.com/publications/demo"
    site_settings.save()
    _, doc = get_page(client, story.url)
    link = doc.xpath("//a[contains(@class,'google-news')]")
    assert link and text(link[0]) == "Follow us on Google News"
    assert link[0].get("href") == "https://news.google.com/publications/demo"


def test_author_and_tag_links_lead_to_their_pages(client, story):
    _, doc = get_page(client, story.url)
    author_href = doc.xpath("//a[@rel='author']")[0].get("href")
    _, author_doc = get_page(client, author_href)
    assert text(author_doc.xpath("//h1")[0]) == "Ayesha Khan"
    assert "Talks resume in Moscow" in text(author_doc.xpath("//main")[0])
    tag_href = doc.xpath("//a[@rel='tag']")[0].get("href")
    _, tag_doc = get_page(client, tag_href)
    assert "Talks resume in Moscow" in text(tag_doc.xpath("//main")[0])


def test_urdu_article_is_right_to_left_with_an_urdu_dateline(client, newsroom):
    page = newsroom.article(
        "ماسکو میں مذاکرات دوبارہ شروع",
        section=newsroom.world_ur,
        body=[("paragraph", RichText("<p>مذاکرات پیر کو دوبارہ شروع ہوئے۔</p>"))],
        dateline_place="ماسکو",
        dateline_agency="رائٹرز",
    )
    assert page.url.startswith("/ur/")
    response, doc = get_page(client, page.url)
    assert doc.get("dir") == "rtl" and doc.get("lang") == "ur"
    first = text(doc.xpath("//div[contains(@class,'story__body')]//p")[0])
    assert first.startswith("ماسکو (رائٹرز) - مذاکرات")
    # Interface strings are translated: the breadcrumb's first link is "Home" in Urdu.
    assert text(doc.xpath("//nav[contains(@class,'breadcrumb')]//li")[0]) == "ہوم"


@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "from-fragments"])
def test_article_queries_do_not_grow_with_blocks_tags_authors_or_related(
    client, newsroom, image_factory, settings, kept
):
    """Rendered in full (fragments off, or the first view after a change), an article makes
    the same number of queries however much it holds; served from its fragments, one: the
    article itself."""
    settings.ROZNAMA_FRAGMENT_CACHE = kept
    make_image = image_factory

    def build(n, title):
        authors = [newsroom.author(f"Writer {title} {i}") for i in range(n)]
        images = [make_image(f"Pic {title} {i}") for i in range(n)]
        body = []
        for i in range(n):
            body.append(("paragraph", RichText(f"<p>Paragraph {i}.</p>")))
            body.append(("image", {"image": images[i], "caption": f"Caption {i}", "credit": "Roznama"}))
            body.append(("quote", {"text": f"Quote {i}", "attribution": "Someone"}))
        page = newsroom.article(
            title,
            body=body,
            authors=authors,
            tags=[f"t-{title}-{i}" for i in range(n)],
            lead_image=make_image(f"Lead {title}"),
            dateline_place="LAHORE",
        )
        for i in range(n):
            other = newsroom.article(f"{title} related {i}", lead_image=make_image(f"Rel {title} {i}"))
            ArticleRelated.objects.create(page=page, related=other, sort_order=i)
        return page

    small, large = build(1, "small"), build(8, "large")
    counts = []
    for page in (small, large):
        first = client.get(page.url)  # renditions are created on the first view; count the steady state
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(page.url)
        assert again.status_code == 200
        assert again.content == first.content
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= (1 if kept else 40), counts
