"""Media in an S3 bucket (moto's S3 server standing in for S3): uploads land in the bucket,
pages and feeds point at the bucket's (or the CDN's) URLs and those URLs give the bytes,
deletions take the objects away, and nothing touches the local media folder (the
``s3_media`` fixture fails any test that does)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import html5lib
import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model

from roznama.news.models import ArticlePage, Video, VideoCaption
from roznama.wire.models import WireSource
from roznama.wire.pipeline import ingest_payload
from roznama.core.s3 import s3_storage

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nThe river rose overnight.\n".encode()
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8


def jpeg(size=(1600, 900), color=(30, 110, 80)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def media_elements(html: bytes, tag: str) -> list[dict]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [dict(element.attrib) for element in document.iter(tag)]


def srcset_urls(srcset: str) -> dict[str, int]:
    """``{url: width}`` of a srcset's ``url 480w`` candidates."""
    candidates = {}
    for candidate in srcset.split(","):
        url, _, width = candidate.strip().rpartition(" ")
        candidates[url] = int(width.rstrip("w"))
    return candidates


def key_of(s3, url: str) -> str:
    assert url.startswith(s3.bucket_url), url
    return url.removeprefix(s3.bucket_url)


def test_an_uploaded_image_lands_in_the_bucket(s3_media, image_factory, newsroom):
    image = image_factory("Floods in Thatta", size=(1200, 800))
    assert s3_media.keys() == {image.file.name}
    stored = PILImage.open(io.BytesIO(s3_media.body(image.file.name)))
    assert stored.size == (1200, 800)
    assert (image.width, image.height) == (1200, 800)


def test_the_article_page_shows_renditions_made_in_and_served_from_the_bucket(
    client, s3_media, image_factory, newsroom
):
    page = newsroom.article("Floods reach the delta", lead_image=image_factory("Delta", size=(1600, 900)))
    response = client.get(page.url)
    assert response.status_code == 200
    [lead] = [img for img in media_elements(response.content, "img") if "story__lead-img" in img.get("class", "")]
    candidates = srcset_urls(lead["srcset"])
    assert set(candidates.values()) == {480, 800, 1200}
    assert lead["src"] in candidates
    keys = s3_media.keys()
    for url, width in candidates.items():
        assert key_of(s3_media, url) in keys  # made in the bucket, not on this machine
        body, headers = s3_media.fetch(url)  # and what a reader's browser gets there
        assert headers["Content-Type"] == "image/webp"
        with PILImage.open(io.BytesIO(body)) as picture:
            assert picture.format == "WEBP"
            assert picture.size == (width, width * 9 // 16)
    # Only the picture's original and its renditions: nothing stored twice under other names.
    stem = page.lead_image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert all(key.rsplit("/", 1)[-1].startswith(stem + ".") for key in keys), keys


@pytest.fixture
def cdn(s3_media):
    """A CDN in front of the bucket: an HTTP server of its own that answers every GET with the
    bucket's object under the same key (and notes what it was asked for)."""

    class Handler(BaseHTTPRequestHandler):
        asked: list[str] = []

        def do_GET(self):  # noqa: N802
            self.asked.append(self.path)
            try:
                body, headers = s3_media.fetch(s3_media.bucket_url + self.path.lstrip("/"))
            except OSError:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", headers["Content-Type"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Handler
    server.shutdown()
    server.server_close()


def test_with_a_cdn_domain_pages_point_at_the_cdn(client, s3_media, image_factory, newsroom, settings, cdn):
    origin, handler = cdn
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage({**s3_media.environ, "ROZNAMA_S3_CUSTOM_DOMAIN": origin}),
    }
    page = newsroom.article("Harbour reopens", lead_image=image_factory("Harbour", size=(1600, 900)))
    html = client.get(page.url).content
    [lead] = [img for img in media_elements(html, "img") if "story__lead-img" in img.get("class", "")]
    for url, width in srcset_urls(lead["srcset"]).items():
        assert url.startswith(origin + "/"), url
        assert url.removeprefix(origin + "/") in s3_media.keys()  # the CDN's address of the bucket's object
        with PILImage.open(io.BytesIO(s3_media.fetch(url)[0])) as picture:
            assert (picture.format, picture.width) == ("WEBP", width)
    assert len(handler.asked) == 3


def test_a_video_and_its_captions_are_stored_and_played_from_the_bucket(client, s3_media, image_factory, newsroom):
    video = Video(title="Floods in Sindh", poster=image_factory("Poster", size=(1920, 1080)))
    video.file.save("floods.mp4", ContentFile(MP4), save=False)
    video.save()
    caption = VideoCaption(video=video, language="en", label="English")
    caption.file.save("floods.en.vtt", ContentFile(VTT), save=False)
    caption.save()
    page = newsroom.article("Water rises in Sukkur", lead_video=video)
    html = client.get(page.url).content
    [player] = media_elements(html, "video")
    # Caption tracks from another origin load only through CORS.
    assert player["crossorigin"] == "anonymous"
    [source] = media_elements(html, "source")
    [track] = media_elements(html, "track")
    assert s3_media.fetch(source["src"])[0] == MP4
    assert s3_media.fetch(track["src"])[0] == VTT
    assert key_of(s3_media, player["poster"]) in s3_media.keys()
    assert {key_of(s3_media, source["src"]), key_of(s3_media, track["src"])} <= s3_media.keys()


def test_deleting_an_image_removes_it_and_its_renditions_from_the_bucket(
    client, s3_media, image_factory, newsroom, django_capture_on_commit_callbacks
):
    image = image_factory("Doomed", size=(1600, 900))
    page = newsroom.article("A story", lead_image=image)
    assert client.get(page.url).status_code == 200
    made = {rendition.file.name for rendition in image.renditions.all()}
    assert len(made) >= 3 and made | {image.file.name} == s3_media.keys()
    keeper = image_factory("Keeper", size=(800, 450))
    ArticlePage.objects.filter(pk=page.pk).update(lead_image=None)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert s3_media.keys() == {keeper.file.name}


def test_deleting_a_video_removes_its_file_and_captions_from_the_bucket(
    s3_media, newsroom, django_capture_on_commit_callbacks
):
    video = Video(title="Old clip")
    video.file.save("old.mp4", ContentFile(MP4), save=False)
    video.save()
    for language in ("en", "ur"):
        caption = VideoCaption(video=video, language=language, label=language)
        caption.file.save(f"old.{language}.vtt", ContentFile(VTT), save=False)
        caption.save()
    other = Video(title="Kept clip")
    other.file.save("kept.mp4", ContentFile(MP4), save=False)
    other.save()
    assert len(s3_media.keys()) == 4
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert s3_media.keys() == {other.file.name}


def test_a_replaced_video_file_and_caption_track_leave_the_bucket(
    s3_media, newsroom, django_capture_on_commit_callbacks
):
    video = Video(title="Clip")
    video.file.save("first-cut.mp4", ContentFile(MP4), save=False)
    video.save()
    caption = VideoCaption(video=video, language="en", label="English")
    caption.file.save("first.en.vtt", ContentFile(VTT), save=False)
    caption.save()
    first_cut, first_track = video.file.name, caption.file.name
    with django_capture_on_commit_callbacks(execute=True):
        video.file.save("second-cut.mp4", ContentFile(MP4 + b"new"))  # saves the row too
        caption.file.save("second.en.vtt", ContentFile(VTT))
        video.title = "Clip, retitled"
        video.save()  # a save that keeps the file deletes nothing
    assert s3_media.keys() == {video.file.name, caption.file.name}
    assert first_cut not in s3_media.keys() and first_track not in s3_media.keys()


def test_a_file_another_video_still_names_is_kept_when_one_row_moves_on(
    s3_media, newsroom, django_capture_on_commit_callbacks
):
    video = Video(title="Clip")
    video.file.save("shared.mp4", ContentFile(MP4), save=False)
    video.save()
    copy = Video.objects.create(title="Same clip, other title", file=video.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        video.file.save("new.mp4", ContentFile(MP4))
    assert s3_media.keys() == {copy.file.name, video.file.name}


def test_a_rolled_back_video_deletion_keeps_its_file(s3_media, newsroom, django_capture_on_commit_callbacks):
    from django.db import transaction

    video = Video(title="Clip")
    video.file.save("clip.mp4", ContentFile(MP4), save=False)
    video.save()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                video.delete()
                raise RuntimeError("the editor's request failed")
        except RuntimeError:
            pass
    assert s3_media.keys() == {video.file.name}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_feeds_enclosure_gives_the_pictures_real_length(client, s3_media, image_factory, newsroom, fmt):
    page = newsroom.article("Talks resume", lead_image=image_factory("Talks", size=(1600, 900)))
    response = client.get(f"/feeds/{fmt}.xml")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    [entry] = [e for e in parsed.entries if e.link == page.full_url]
    [enclosure] = entry.enclosures
    body, headers = s3_media.fetch(enclosure.href)
    assert int(enclosure.length) == len(body) > 0
    assert enclosure.type == headers["Content-Type"]


def test_the_feed_asks_the_bucket_for_each_pictures_size_only_once(client, s3_media, image_factory, newsroom):
    from django.core.files.storage import default_storage

    for n in range(3):
        newsroom.article(f"Story {n}", lead_image=image_factory(f"Picture {n}", size=(1600, 900)))
    asked = []
    # boto3's own hook on each request the storage sends: the sizes are HEAD requests.
    default_storage.connection.meta.client.meta.events.register(
        "before-parameter-build.s3.HeadObject", lambda params, **kwargs: asked.append(params["Key"])
    )
    first = feedparser.parse(client.get("/feeds/rss.xml").content)
    lengths = sorted(int(e.enclosures[0].length) for e in first.entries)
    assert len(lengths) == 3  # (the first feed made the renditions and asked their sizes)
    asked.clear()
    again = feedparser.parse(client.get("/feeds/atom.xml").content)
    assert sorted(int(e.enclosures[0].length) for e in again.entries) == lengths
    assert asked == []  # the second feed found every size in the cache


def test_a_document_is_served_from_the_bucket(client, s3_media, newsroom):
    Document = get_document_model()
    document = Document(title="Budget 2026")
    document.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n% a budget\n%%EOF\n"), save=False)
    document.save()
    response = client.get(document.url)
    # Wagtail sends the reader to the bucket rather than streaming it through the app.
    assert response.status_code == 302
    assert s3_media.fetch(response["Location"])[0] == b"%PDF-1.4\n% a budget\n%%EOF\n"


@pytest.fixture
def agency():
    class Handler(BaseHTTPRequestHandler):
        routes: dict[str, bytes] = {}

        def do_GET(self):  # noqa: N802
            body = self.routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Handler
    server.shutdown()
    server.server_close()


def test_a_wire_storys_picture_is_stored_in_the_bucket(client, s3_media, newsroom, agency, settings):
    base, handler = agency
    settings.ROZNAMA_OUTBOUND_ALLOW = ["127.0.0.1"]  # the agency here is on 127.0.0.1
    source = WireSource.objects.create(
        name="Agency",
        kind="folder",
        location="/x",
        default_section_slug="world",
        auto_publish=True,
        fetch_pictures=True,
    )
    picture = jpeg((640, 360), (200, 80, 40))
    handler.routes = {"/photo.jpg": picture}
    story = json.dumps(
        {
            "uri": "urn:test:s3:1",
            "version": "1",
            "type": "text",
            "language": "en",
            "versioncreated": "2026-01-01T10:00:00+00:00",
            "pubstatus": "usable",
            "copyrightholder": "Agency",
            "headline": "Floods reach the delta",
            "body_html": "<p>The river rose overnight.</p>",
            "associations": {
                "featureimage": {
                    "type": "picture",
                    "uri": "urn:test:s3:1:photo",
                    "description_text": "Villagers wade through the water",
                    "creditline": "Agency/Sana Ali",
                    "renditions": {
                        "baseImage": {
                            "href": f"{base}/photo.jpg",
                            "width": 640,
                            "height": 360,
                            "mimetype": "image/jpeg",
                        }
                    },
                }
            },
        }
    ).encode()
    result = ingest_payload(story, source=source, filename="1.json")
    assert [outcome for _, outcome in result.outcomes] == ["published"]
    image = ArticlePage.objects.get(wire_id="urn:test:s3:1").lead_image
    assert image.file.name in s3_media.keys()
    assert s3_media.body(image.file.name) == picture
    assert (image.width, image.height) == (640, 360)
    # The published page shows it from the bucket.
    html = client.get(ArticlePage.objects.get(wire_id="urn:test:s3:1").url).content
    [lead] = [img for img in media_elements(html, "img") if "story__lead-img" in img.get("class", "")]
    for url in srcset_urls(lead["srcset"]):
        assert PILImage.open(io.BytesIO(s3_media.fetch(url)[0])).format == "WEBP"


def test_the_storage_keeps_no_key_in_what_it_hands_to_queued_deletions(s3_media):
    from django.core.files.storage import default_storage

    # Wagtail queues a file deletion with the storage's constructor arguments (stored in the
    # task table): the bucket's secret must not be among them.
    assert s3_media.environ["ROZNAMA_S3_SECRET_KEY"] not in json.dumps(default_storage.deconstruct())


def settings_in_a_fresh_process(tmp_path, **environ) -> subprocess.CompletedProcess:
    """The production settings' view of an environment, read by a Django of its own."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'default': settings.STORAGES['default'], "
        "'img': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'media': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['media-src'], "
        "'key': getattr(settings, 'AWS_S3_ACCESS_KEY_ID', None)}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ROZNAMA_S3_") and k != "ROZNAMA_MEDIA_DOMAIN"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "roznama.settings.test",
            "PYTHONPATH": os.pathsep.join(sys.path),
            "ROZNAMA_VAR_DIR": str(tmp_path),
            **environ,
        },
    )


def test_the_environment_switches_s3_on_and_lets_its_pictures_through_the_policy(tmp_path):
    run = settings_in_a_fresh_process(
        tmp_path,
        ROZNAMA_S3_BUCKET="news-media",
        ROZNAMA_S3_ENDPOINT_URL="https://r2.example.net",
        ROZNAMA_S3_ACCESS_KEY="AK",
        ROZNAMA_S3_SECRET_KEY="SK",
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert seen["default"]["OPTIONS"]["bucket_name"] == "news-media"
    assert "SK" not in json.dumps(seen["default"]) and seen["key"] == "AK"
    assert "https://r2.example.net" in seen["img"] and "https://r2.example.net" in seen["media"]

    run = settings_in_a_fresh_process(
        tmp_path, ROZNAMA_S3_BUCKET="news-media", ROZNAMA_S3_CUSTOM_DOMAIN="media.example.pk"
    )
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["default"]["OPTIONS"]["custom_domain"] == "media.example.pk"
    assert "https://media.example.pk" in seen["img"] and "https://media.example.pk" in seen["media"]

    run = settings_in_a_fresh_process(tmp_path)
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"  # local files by default
    assert not [origin for origin in seen["img"] + seen["media"] if origin.startswith("http")]


@pytest.mark.parametrize(
    "environ,message",
    [
        ({"ROZNAMA_S3_ENDPOINT_URL": "minio:9000"}, "ROZNAMA_S3_ENDPOINT_URL must be an http(s) URL"),
        ({"ROZNAMA_S3_ACCESS_KEY": "AK"}, "ROZNAMA_S3_ACCESS_KEY and ROZNAMA_S3_SECRET_KEY go together"),
        ({"ROZNAMA_S3_CUSTOM_DOMAIN": "ftp://media.example.pk"}, "ROZNAMA_S3_CUSTOM_DOMAIN must be a host name"),
    ],
)
def test_a_wrong_s3_setting_stops_the_site_with_a_message_naming_it(tmp_path, environ, message):
    run = settings_in_a_fresh_process(tmp_path, ROZNAMA_S3_BUCKET="news-media", **environ)
    assert run.returncode != 0
    assert message in run.stderr
