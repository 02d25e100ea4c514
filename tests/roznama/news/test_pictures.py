"""Every picture is offered as WebP in several widths (srcset) with the width it takes on the
page (sizes), and its box (width and height) is known before it loads."""

from __future__ import annotations

import io
import re

import pytest
from lxml import html as lxml_html
from PIL import Image
from wagtail.rich_text import RichText

from ..conftest import media_bytes


@pytest.fixture
def illustrated(newsroom, image_factory):
    photo = image_factory("Ayesha portrait", size=(800, 800))
    author = newsroom.author("Ayesha Khan")
    author.photo = photo
    author.save()
    lead = image_factory("Moscow talks", size=(2000, 1125))
    body = [
        ("paragraph", RichText("<p>Negotiators met again on Monday.</p>")),
        (
            "image",
            {"image": image_factory("Delegations", size=(1600, 1067)), "caption": "The delegations", "credit": ""},
        ),
    ]
    story = newsroom.article("Talks resume in Moscow", lead_image=lead, body=body, authors=[author])
    newsroom.article("Grain corridor reopens", lead_image=image_factory("Port", size=(1600, 900)))
    return story


def pictures(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return lxml_html.fromstring(response.content).xpath("//main//img")


def check_webp_srcset(img):
    """Each srcset candidate is a real WebP file of the width it claims; the img has sizes."""
    candidates = [c.strip().rsplit(" ", 1) for c in img.get("srcset").split(",")]
    assert len(candidates) >= 2, img.get("srcset")
    assert img.get("sizes"), "no sizes: the browser would assume the full screen width"
    for url, descriptor in candidates:
        width = int(re.fullmatch(r"(\d+)w", descriptor).group(1))
        with Image.open(io.BytesIO(media_bytes(url))) as file:
            assert file.format == "WEBP", url
            assert file.width == width, (url, file.width)
    assert int(img.get("width")) > 0 and int(img.get("height")) > 0


def test_home_cards_offer_webp_in_several_widths(client, illustrated):
    imgs = pictures(client, "/")
    assert len(imgs) >= 2
    for img in imgs:
        check_webp_srcset(img)


def test_the_article_lead_and_body_pictures_offer_webp_in_several_widths(client, illustrated):
    imgs = pictures(client, illustrated.url)
    lead = [img for img in imgs if "story__lead-img" in (img.get("class") or "")]
    assert lead and lead[0].get("fetchpriority") == "high"
    assert any(img.get("alt") == "The delegations" for img in imgs)
    for img in imgs:
        check_webp_srcset(img)


def test_author_photo_and_search_results_offer_webp(client, illustrated):
    imgs = pictures(client, "/authors/ayesha-khan/")
    assert any("author-profile__photo" in (img.get("class") or "") for img in imgs)
    for img in imgs:
        check_webp_srcset(img)
    found = pictures(client, "/search/?q=Moscow")
    assert found
    for img in found:
        check_webp_srcset(img)


def test_a_house_ad_in_the_header_is_a_webp_picture_of_the_slots_size(client, illustrated, image_factory):
    from roznama.ads.models import AdSlot

    AdSlot.objects.create(
        name="bank-header",
        placement="header",
        kind="house",
        width=728,
        height=90,
        image=image_factory("Bank offer", size=(1456, 180)),
        link_url="https://bank.example/",
        alt_text="A bank's Ramadan offer",
    )
    response = client.get("/")
    assert response.status_code == 200
    template = lxml_html.fromstring(response.content).xpath("//aside[@data-ad-slot='bank-header']//template")[0]
    img = lxml_html.fromstring(template.text_content() or lxml_html.tostring(template, encoding="unicode")).xpath(
        "//img"
    )[0]
    with Image.open(io.BytesIO(media_bytes(img.get("src")))) as file:
        assert file.format == "WEBP" and file.size == (728, 90)
    assert (img.get("width"), img.get("height")) == ("728", "90")
