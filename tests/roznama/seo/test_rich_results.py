"""Rich results for stories led by a video, and VideoObject for every video on a page.

What is checked is what Google's documentation asks for: Article structured data (images in
16:9, 4:3 and 1:1, at least 1200 px wide where the original allows, never upscaled; at least
50,000 pixels) and Video structured data (name, thumbnailUrl and uploadDate required;
description, duration in ISO 8601 and contentUrl recommended).  Image sizes are read from
the files the URLs point at, as a crawler fetching them would see them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from PIL import Image as PILImage

from roznama.core.models import SiteSettings
from roznama.news.models import Video

from ..conftest import media_bytes
from .test_structured_data import get, image_size, json_ld, meta, of_type

GOOGLE_VIDEO_REQUIRED = {"name", "thumbnailUrl", "uploadDate"}
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


@pytest.fixture(autouse=True)
def fresh_caches(page_fragments):
    """A rolled-back test frees its images' ids for the next one, but Wagtail keeps renditions
    in the cache by image id: start each test without another's pictures."""
    from roznama.cache import fragments

    cache.clear()
    fragments.bump()


def video_objects(doc) -> list[dict]:
    return [item for item in json_ld(doc) if item.get("@type") == "VideoObject"]


def make_video(image_factory, title, *, poster_size=(2400, 1600), seconds=95, title_ur=""):
    poster = image_factory(f"{title} poster", size=poster_size) if poster_size else None
    video = Video.objects.create(title=title, title_ur=title_ur, poster=poster, duration_seconds=seconds)
    video.file.save(f"{title.lower().replace(' ', '-')}.mp4", ContentFile(MP4_BYTES))
    return video


@pytest.fixture
def video_led(newsroom, image_factory):
    video = make_video(image_factory, "Floods in Sindh", title_ur="سندھ میں سیلاب")
    page = newsroom.article(
        "Water rises in Sukkur",
        lead_video=video,
        standfirst="The Indus broke its banks overnight.",
        published=timezone.now() - timedelta(hours=3),
    )
    return page, video


def test_a_video_led_story_has_its_poster_as_the_article_image(client, video_led):
    page, _video = video_led
    _, doc = get(client, page.url)
    article = of_type(json_ld(doc), "NewsArticle")
    sizes = [image_size(image["url"]) for image in article["image"]]
    # The poster is 2400×1600: every ratio can be cut from it at 1200 px wide.
    assert sorted(sizes) == [(1200, 675), (1200, 900), (1200, 1200)]
    assert [(i["width"], i["height"]) for i in article["image"]] == [image_size(i["url"]) for i in article["image"]]


def test_a_video_led_story_has_an_open_graph_image_and_a_large_x_card(client, video_led):
    page, _video = video_led
    _, doc = get(client, page.url)
    [og_image] = meta(doc, "og:image")
    assert image_size(og_image) == (1200, 630)  # Facebook's 1.91:1 at 1200 px
    assert meta(doc, "twitter:card", "name") == ["summary_large_image"]
    assert meta(doc, "twitter:image", "name") == [og_image]


def test_a_small_poster_gives_each_ratio_at_the_largest_size_it_allows(client, newsroom, image_factory):
    # 1920×1080: 16:9 and 4:3 reach 1200 px; a square can be at most 1080 px wide.
    video = make_video(image_factory, "Short clip", poster_size=(1920, 1080))
    page = newsroom.article("Clip of the day", lead_video=video)
    _, doc = get(client, page.url)
    sizes = sorted(image_size(i["url"]) for i in of_type(json_ld(doc), "NewsArticle")["image"])
    assert sizes == [(1080, 1080), (1200, 675), (1200, 900)]


def test_video_object_has_googles_properties(client, video_led):
    page, video = video_led
    _, doc = get(client, page.url)
    [data] = video_objects(doc)
    assert data["@context"] == "https://schema.org"
    assert GOOGLE_VIDEO_REQUIRED <= set(data)
    assert data["name"] == "Floods in Sindh"
    assert data["description"] == "The Indus broke its banks overnight."
    assert data["duration"] == "PT1M35S"  # 95 seconds, ISO 8601
    uploaded = datetime.fromisoformat(data["uploadDate"])
    assert uploaded.tzinfo is not None  # Google asks for a time zone
    assert abs(uploaded - page.first_published_at) < timedelta(seconds=1)
    assert media_bytes(data["contentUrl"]) == MP4_BYTES
    # An absolute address: the site's own for local media, the bucket's when media lives in one
    # (scripts/with-s3.sh, the suite's S3 pass).
    storage = storages["default"]
    served_from = "http://localhost/" if isinstance(storage, FileSystemStorage) else storage.url("x")[:-1]
    assert data["contentUrl"].startswith(served_from)
    # The clips have no player page of their own to embed: no embedUrl rather than a wrong one.
    assert "embedUrl" not in data
    for url in data["thumbnailUrl"]:
        width, height = image_size(url)
        assert width * height >= 50_000


def test_urdu_story_names_its_video_in_urdu(client, newsroom, video_led):
    page, _video = video_led
    urdu = page.copy_for_translation(newsroom.ur)
    urdu.title = "سکھر میں پانی بڑھ گیا"
    urdu.save_revision().publish()
    _, doc = get(client, urdu.url)
    [data] = video_objects(doc)
    assert data["name"] == "سندھ میں سیلاب"


def test_every_video_in_the_body_has_its_video_object(client, newsroom, image_factory, video_led):
    _page, lead = video_led
    second = make_video(image_factory, "Rescue boats", seconds=3605)
    page = newsroom.article(
        "Boats reach the villages",
        lead_image=image_factory("Boats", size=(2400, 1800)),
        lead_video=lead,
        body=[("video", second), ("video", lead)],
    )
    _, doc = get(client, page.url)
    videos = video_objects(doc)
    assert [v["name"] for v in videos] == ["Floods in Sindh", "Rescue boats"]  # each once
    assert videos[1]["duration"] == "PT1H5S"


def test_a_video_with_no_picture_anywhere_has_no_video_object(client, newsroom, image_factory):
    # Google refuses a VideoObject without a thumbnail; none is better than an invalid one.
    bare = make_video(image_factory, "No poster", poster_size=None)
    page = newsroom.article("Audio only", body=[("video", bare)])
    _, doc = get(client, page.url)
    assert video_objects(doc) == []


# --- og:image on every page -------------------------------------------------------------

DEFAULT_COLOUR, LEAD_COLOUR = (200, 30, 30), (20, 40, 200)


def colour_of(url):
    """The colour in the middle of the picture a URL serves (each test picture is one colour)."""
    with PILImage.open(io.BytesIO(media_bytes(url))) as img:
        return img.convert("RGB").getpixel((img.width // 2, img.height // 2))


def close_to(colour, expected, tolerance=8):  # JPEG shifts a plain colour by a few levels
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


@pytest.fixture
def default_social_image(newsroom, image_factory):
    picture = image_factory("Default card", size=(1600, 900), color=DEFAULT_COLOUR)
    SiteSettings.objects.update_or_create(
        site_id=newsroom.home.get_site().pk, defaults={"default_social_image": picture}
    )
    return picture


def test_home_shares_its_lead_storys_picture(client, newsroom, image_factory, default_social_image):
    lead = newsroom.article("Budget passed", lead_image=image_factory("Budget", size=(2000, 1200), color=LEAD_COLOUR))
    newsroom.home.lead_story = lead
    newsroom.home.save_revision().publish()
    _, doc = get(client, "/")
    [og_image] = meta(doc, "og:image")
    assert image_size(og_image) == (1200, 630)
    assert close_to(colour_of(og_image), LEAD_COLOUR)
    assert meta(doc, "twitter:card", "name") == ["summary_large_image"]


def test_home_and_sections_without_a_picture_share_the_default(client, newsroom, default_social_image):
    newsroom.article("No picture here")
    for url in ("/", "/ur/", "/world/", "/ur/world/", "/sports/"):
        _, doc = get(client, url)
        [og_image] = meta(doc, "og:image")
        assert image_size(og_image) == (1200, 630), url
        assert close_to(colour_of(og_image), DEFAULT_COLOUR), url
        assert meta(doc, "twitter:card", "name") == ["summary_large_image"], url


def test_a_story_with_a_picture_keeps_its_own(client, newsroom, image_factory, default_social_image):
    page = newsroom.article("Own picture", lead_image=image_factory("Own", size=(1600, 900), color=LEAD_COLOUR))
    _, doc = get(client, page.url)
    assert close_to(colour_of(meta(doc, "og:image")[0]), LEAD_COLOUR)


def test_without_a_default_a_page_without_a_picture_claims_none(client, newsroom):
    _, doc = get(client, "/world/")
    assert meta(doc, "og:image") == []
    assert meta(doc, "twitter:card", "name") == ["summary"]
