"""What a crawler reads in the <head>: NewsArticle, BreadcrumbList, Organization and WebSite
JSON-LD; robots directives; canonical URLs; hreflang pairs; Open Graph and X cards.

Reference values come from the standards: Google's required and recommended properties for
articles, schema.org's property and type names, the Open Graph protocol's property names.
Images are checked by opening the files the URLs point at, as a crawler would."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image as PILImage

from roznama.core.models import SiteSettings
from roznama.news.models import ArticleCorrection, ArticlePage
from roznama.seo.services import date_modified, was_updated

from ..conftest import media_bytes

# Google Search Central, Article structured data: recommended properties (none is required).
GOOGLE_ARTICLE_PROPERTIES = {"headline", "image", "datePublished", "dateModified", "author"}
# schema.org: Organization and its subtypes a publisher may be.
ORGANIZATION_TYPES = {"Organization", "NewsMediaOrganization"}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, lxml_html.fromstring(response.content)


def json_ld(doc) -> list[dict]:
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def of_type(items, type_name):
    found = [i for i in items if i.get("@type") == type_name]
    assert len(found) == 1, [i.get("@type") for i in items]
    return found[0]


def meta(doc, key, attr="property"):
    return [m.get("content") for m in doc.xpath(f"//head/meta[@{attr}='{key}']")]


def hreflang(doc) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def local(url):
    return urlsplit(url).path


def image_size(url):
    """Open the file behind a media URL, as a crawler fetching it would see it."""
    with PILImage.open(io.BytesIO(media_bytes(url))) as img:
        return img.size


def parse(value):
    return datetime.fromisoformat(value)


def same_time(text, expected):
    """ISO 8601 from the page against the stored time (the page gives whole seconds)."""
    return abs(parse(text) - expected) < timedelta(seconds=1)


@pytest.fixture
def story(newsroom, image_factory):
    ayesha = newsroom.author("Ayesha Khan", name_ur="عائشہ خان")
    bilal = newsroom.author("Bilal Ahmed")
    page = newsroom.article(
        "Talks resume in Moscow",
        authors=[ayesha, bilal],
        tags=["Diplomacy", "Russia"],
        standfirst="Negotiators return to the table after a month.",
        lead_image=image_factory("Lead", size=(2400, 1800)),
        dateline_place="MOSCOW",
        dateline_country="Russia",
        dateline_agency="Reuters",
        published=timezone.now() - timedelta(hours=6),
    )
    urdu = page.copy_for_translation(newsroom.ur)
    urdu.title = "ماسکو میں مذاکرات دوبارہ شروع"
    urdu.save_revision().publish()
    return page, ArticlePage.objects.get(pk=urdu.pk)


def test_article_json_ld_has_googles_properties_and_real_images(client, story):
    page, _ = story
    _, doc = get(client, page.url)
    items = json_ld(doc)
    article = of_type(items, "NewsArticle")
    assert article["@context"] == "https://schema.org"
    assert GOOGLE_ARTICLE_PROPERTIES <= set(article)
    assert article["headline"] == "Talks resume in Moscow"
    assert article["isAccessibleForFree"] is True
    assert article["inLanguage"] == "en"
    assert same_time(article["datePublished"], page.first_published_at)
    assert same_time(article["dateModified"], page.first_published_at)  # no update, no correction
    assert article["mainEntityOfPage"]["@id"] == page.full_url

    # Three crops, 16:9, 4:3 and 1:1, each really at least 1200 px wide.
    ratios = set()
    for image in article["image"]:
        width, height = image_size(image["url"])
        assert width >= 1200
        assert (image["width"], image["height"]) == (width, height)
        ratios.add(round(width / height, 2))
    assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}

    assert [a["@type"] for a in article["author"]] == ["Person", "Person"]
    assert [a["name"] for a in article["author"]] == ["Ayesha Khan", "Bilal Ahmed"]
    for person in article["author"]:
        assert client.get(local(person["url"])).status_code == 200
        assert person["url"].startswith("http://localhost/authors/")

    publisher = article["publisher"]
    assert publisher["@type"] in ORGANIZATION_TYPES and publisher["name"] == "Roznama"
    assert article["dateline"] == "MOSCOW, Russia"
    assert article["locationCreated"] == {"@type": "Place", "name": "MOSCOW, Russia"}

    crumbs = of_type(items, "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["name"] for c in crumbs] == ["Home", "World", "Talks resume in Moscow"]
    assert [local(c["item"]) for c in crumbs] == ["/", "/world/", page.url]


def test_urdu_article_names_its_authors_in_urdu_with_urdu_author_pages(client, story):
    _, urdu = story
    _, doc = get(client, urdu.url)
    article = of_type(json_ld(doc), "NewsArticle")
    assert article["inLanguage"] == "ur"
    assert article["author"][0]["name"] == "عائشہ خان"
    assert local(article["author"][0]["url"]) == "/ur/authors/ayesha-khan/"
    assert article["author"][1]["name"] == "Bilal Ahmed"  # no Urdu name: the English one


def test_images_are_never_claimed_larger_than_the_original_allows(client, newsroom, image_factory):
    # 1600×900 can give 16:9 and 4:3 at 1200 px, but a square only 900 px wide: the square is
    # given at the largest size the original allows, never upscaled.
    page = newsroom.article("Wide picture", lead_image=image_factory("Wide", size=(1600, 900)))
    _, doc = get(client, page.url)
    images = of_type(json_ld(doc), "NewsArticle")["image"]
    sizes = sorted(image_size(i["url"]) for i in images)
    assert sizes == [(900, 900), (1200, 675), (1200, 900)]
    assert sorted((i["width"], i["height"]) for i in images) == sizes


def test_robots_canonical_and_social_cards(client, story):
    page, _ = story
    SiteSettings.objects.update_or_create(site_id=page.get_site().pk, defaults={"follow_x": "https://x.com/roznama"})
    _, doc = get(client, page.url)
    robots = meta(doc, "robots", "name")
    assert len(robots) == 1 and "max-image-preview:large" in robots[0] and "noindex" not in robots[0]
    assert [link.get("href") for link in doc.xpath("//head/link[@rel='canonical']")] == [page.full_url]

    assert meta(doc, "og:type") == ["article"]
    assert meta(doc, "og:url") == [page.full_url]
    assert meta(doc, "og:title") == ["Talks resume in Moscow"]
    assert meta(doc, "og:description") == ["Negotiators return to the table after a month."]
    [og_image] = meta(doc, "og:image")
    # Facebook's recommended 1.91:1 at 1200 px; the declared size is the file's.
    assert image_size(og_image) == (1200, 630)
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == (["1200"], ["630"])
    assert same_time(meta(doc, "article:published_time")[0], page.first_published_at)
    assert meta(doc, "article:tag") == ["Diplomacy", "Russia"]

    assert meta(doc, "twitter:card", "name") == ["summary_large_image"]
    assert meta(doc, "twitter:image", "name") == [og_image]
    assert meta(doc, "twitter:site", "name") == ["@roznama"]


def test_hreflang_pairs_point_both_ways(client, story, newsroom):
    page, urdu = story
    _, en_doc = get(client, page.url)
    _, ur_doc = get(client, urdu.url)
    en_links, ur_links = hreflang(en_doc), hreflang(ur_doc)
    assert en_links["en"] == page.full_url and en_links["ur"] == urdu.full_url
    # The Urdu page points back at the English one, and at itself.
    assert ur_links == en_links
    assert en_links["x-default"] == page.full_url

    # Home pages and translated sections pair up the same way.
    for en_url, ur_url in (("/", "/ur/"), ("/world/", "/ur/world/")):
        _, a = get(client, en_url)
        _, b = get(client, ur_url)
        assert local(hreflang(a)["ur"]) == ur_url and local(hreflang(b)["en"]) == en_url
        assert hreflang(a) == hreflang(b)

    # A page with no translation claims none.
    _, sports = get(client, "/sports/")
    assert hreflang(sports) == {}


def test_home_page_has_organization_and_website_with_a_working_search_action(client, newsroom):
    floods = newsroom.article("Floods in Sindh")
    for home_url, language in (("/", "en"), ("/ur/", "ur")):
        _, doc = get(client, home_url)
        items = json_ld(doc)
        organization = [i for i in items if i.get("@type") in ORGANIZATION_TYPES]
        assert len(organization) == 1 and organization[0]["name"] == "Roznama"
        website = of_type(items, "WebSite")
        assert website["inLanguage"] == language
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert action["query-input"] == "required name=search_term_string"
        template = action["target"]["urlTemplate"]
        assert "{search_term_string}" in template
        response = client.get(local(template) + "?q=floods")
        assert response.status_code == 200
        found = lxml_html.fromstring(response.content).xpath("//main//a/@href")
        # The English story is found from the English search, not from the Urdu one.
        assert (floods.url in found) == (language == "en")


def test_date_modified_moves_only_for_updates_and_corrections(newsroom):
    published = timezone.now() - timedelta(days=3)
    page = newsroom.article("Quiet story", published=published)
    assert date_modified(page) == published and was_updated(page) is None

    # An ordinary save and re-publish: no change.
    page.standfirst = "A small fix."
    page.save_revision().publish()
    page = ArticlePage.objects.get(pk=page.pk)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published)
    page.refresh_from_db()
    assert date_modified(page) == published and was_updated(page) is None

    # A substantive update set by the editor.
    updated = published + timedelta(hours=5)
    page.updated_at = updated
    assert date_modified(page) == updated == was_updated(page)

    # A later correction counts; an earlier one does not move the date back.
    ArticleCorrection.objects.create(page=page, text="Earlier.", published_at=published + timedelta(hours=1))
    assert date_modified(page) == updated
    corrected = published + timedelta(days=1)
    ArticleCorrection.objects.create(page=page, text="Later.", published_at=corrected)
    assert date_modified(page) == corrected

    # Never before publication, whatever an editor typed.
    other = newsroom.article("Odd update", published=published, updated_at=published - timedelta(days=1))
    assert date_modified(other) == published and was_updated(other) is None


def test_json_ld_date_modified_follows_a_correction(client, newsroom):
    published = timezone.now() - timedelta(days=2)
    page = newsroom.article("Corrected story", published=published)
    when = published + timedelta(hours=3)
    ArticleCorrection.objects.create(page=page, text="The figure was 40, not 14.", published_at=when)
    _, doc = get(client, page.url)
    article = of_type(json_ld(doc), "NewsArticle")
    assert same_time(article["dateModified"], when)
    assert same_time(article["datePublished"], published)
    assert same_time(meta(doc, "article:modified_time")[0], when)


def test_json_ld_cannot_break_out_of_its_script(client, newsroom):
    page = newsroom.article("Headline with </script><script>alert(1)</script>")
    response, doc = get(client, page.url)
    assert b"</script><script>alert(1)" not in response.content
    assert of_type(json_ld(doc), "NewsArticle")["headline"] == page.title


def test_author_page_is_canonical_to_itself_and_pairs_languages(client, newsroom):
    author = newsroom.author("Ayesha Khan", name_ur="عائشہ خان")
    newsroom.article("By Ayesha", authors=[author])
    _, doc = get(client, "/authors/ayesha-khan/")
    assert [link.get("href") for link in doc.xpath("//head/link[@rel='canonical']")] == [
        "http://localhost/authors/ayesha-khan/"
    ]
    links = hreflang(doc)
    assert local(links["ur"]) == "/ur/authors/ayesha-khan/"
    _, ur_doc = get(client, "/ur/authors/ayesha-khan/")
    assert hreflang(ur_doc) == links
    feeds = doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert "/feeds/author/ayesha-khan/rss.xml" in feeds


def test_a_listing_page_past_the_first_is_canonical_to_itself(client, newsroom):
    from .conftest import bulk_articles

    bulk_articles(newsroom.sports, 30, newest=timezone.now() - timedelta(hours=1), spacing=timedelta(hours=1))
    _, first = get(client, "/sports/")
    _, second = get(client, "/sports/?page=2")
    assert first.xpath("//head/link[@rel='canonical']/@href") == ["http://localhost/sports/"]
    assert second.xpath("//head/link[@rel='canonical']/@href") == ["http://localhost/sports/?page=2"]
    crumbs = of_type(json_ld(first), "BreadcrumbList")["itemListElement"]
    assert [(c["position"], local(c["item"])) for c in crumbs] == [(1, "/"), (2, "/sports/")]
