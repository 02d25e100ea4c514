"""An agency story's picture becomes its article's image, fetched from a local server playing
the agency; a picture that cannot be had never costs the story."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image as PILImage
from wagtail.images import get_image_model

from roznama.news.models import ArticlePage
from roznama.wire.models import WireSource
from roznama.wire.pipeline import ingest_payload


def jpeg(size=(640, 360), color=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def agency():
    class Handler(BaseHTTPRequestHandler):
        routes: dict[str, bytes] = {}
        requests: list[str] = []

        def do_GET(self):  # noqa: N802
            self.requests.append(self.path)
            body = self.routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def source(newsroom, settings):
    settings.ROZNAMA_OUTBOUND_ALLOW = ["127.0.0.1"]  # the agency here is on 127.0.0.1
    return WireSource.objects.create(
        name="Agency",
        kind="folder",
        location="/x",
        default_section_slug="world",
        auto_publish=True,
        fetch_pictures=True,
    )


def story(n: int, picture_url: str, version: int = 1) -> bytes:
    return json.dumps(
        {
            "uri": f"urn:test:pic:{n}",
            "version": str(version),
            "type": "text",
            "language": "en",
            "versioncreated": "2026-01-01T10:00:00+00:00",
            "pubstatus": "usable",
            "copyrightholder": "Agency",
            "headline": f"Floods reach the delta {n}",
            "body_html": "<p>The river rose overnight.</p>",
            "associations": {
                "featureimage": {
                    "type": "picture",
                    "uri": f"urn:test:pic:{n}:photo",
                    "description_text": "Villagers wade through the water near Thatta",
                    "creditline": "Agency/Sana Ali",
                    "renditions": {
                        "thumbnail": {
                            "href": f"{picture_url}?w=120",
                            "width": 120,
                            "height": 68,
                            "mimetype": "image/jpeg",
                        },
                        "baseImage": {"href": picture_url, "width": 640, "height": 360, "mimetype": "image/jpeg"},
                        "original": {
                            "href": f"{picture_url}?w=8000",
                            "width": 8000,
                            "height": 4500,
                            "mimetype": "image/jpeg",
                        },
                    },
                }
            },
        }
    ).encode()


def test_the_picture_becomes_the_articles_image_with_caption_and_credit(client, source, agency):
    base, handler = agency
    handler.routes = {"/photo.jpg": jpeg()}
    result = ingest_payload(story(1, f"{base}/photo.jpg"), source=source, filename="1.json")
    assert [o for _, o in result.outcomes] == ["published"]
    page = ArticlePage.objects.get(wire_id="urn:test:pic:1")
    image = page.lead_image
    assert image is not None and page.card_image == image
    assert (image.width, image.height) == (640, 360)  # the largest rendition of a sensible size
    assert handler.requests == ["/photo.jpg"]
    assert image.title == "Villagers wade through the water near Thatta (Agency/Sana Ali)"
    assert image.description == "Villagers wade through the water near Thatta"
    assert page.latest_revision.content["lead_image"] == image.pk
    html = client.get(page.url).content.decode()
    assert "Villagers wade through the water near Thatta (Agency/Sana Ali)" in html

    # The next version brings the same picture: the same image, not a second copy.
    ingest_payload(story(1, f"{base}/photo.jpg", version=2), source=source, filename="2.json")
    page.refresh_from_db()
    assert page.lead_image_id == image.pk and get_image_model().objects.count() == 1


@pytest.mark.parametrize(
    "route,body,reason",
    [
        ("/missing.jpg", None, "404"),
        ("/page.jpg", b"<html>not a picture</html>", "not a readable image"),
    ],
)
def test_a_picture_that_cannot_be_had_leaves_the_story_without_one(source, agency, route, body, reason):
    base, handler = agency
    handler.routes = {route: body} if body is not None else {}
    result = ingest_payload(story(2, f"{base}{route}"), source=source, filename="2.json")
    assert result.ok
    [(_, outcome)] = result.outcomes
    assert outcome.startswith("published (picture not stored:") and reason in outcome
    page = ArticlePage.objects.get(wire_id="urn:test:pic:2")
    assert page.live and page.lead_image is None
    assert not get_image_model().objects.exists()


def test_a_picture_over_the_size_limit_is_not_downloaded(source, agency, monkeypatch):
    base, handler = agency
    handler.routes = {"/big.jpg": jpeg((1600, 900))}
    monkeypatch.setattr("roznama.wire.fetching.MAX_FETCH_BYTES", 1000)
    result = ingest_payload(story(3, f"{base}/big.jpg"), source=source, filename="3.json")
    assert "over the 1000-byte limit" in result.outcomes[0][1]
    assert ArticlePage.objects.get(wire_id="urn:test:pic:3").lead_image is None


def test_pictures_on_the_servers_own_network_are_refused(source, agency, settings):
    base, handler = agency
    handler.routes = {"/photo.jpg": jpeg()}
    settings.ROZNAMA_OUTBOUND_ALLOW = []
    result = ingest_payload(story(4, f"{base}/photo.jpg"), source=source, filename="4.json")
    assert "private network" in result.outcomes[0][1]
    assert handler.requests == []  # never asked
    assert ArticlePage.objects.get(wire_id="urn:test:pic:4").live


def test_a_source_that_does_not_store_pictures_fetches_nothing(source, agency):
    base, handler = agency
    handler.routes = {"/photo.jpg": jpeg()}
    source.fetch_pictures = False
    source.save()
    ingest_payload(story(5, f"{base}/photo.jpg"), source=source, filename="5.json")
    assert handler.requests == []
    assert ArticlePage.objects.get(wire_id="urn:test:pic:5").lead_image is None


def g2_with_picture_beside(n: int, href: str) -> bytes:
    """A ninjs story whose picture is a file in the same folder (or claims to be)."""
    return json.dumps(
        {
            "uri": f"urn:test:beside:{n}",
            "version": "1",
            "type": "text",
            "language": "en",
            "versioncreated": "2026-01-01T10:00:00+00:00",
            "pubstatus": "usable",
            "copyrightholder": "Agency",
            "headline": f"Cotton harvest begins {n}",
            "body_html": "<p>Pickers started at dawn.</p>",
            "associations": {
                "featureimage": {
                    "type": "picture",
                    "description_text": "Pickers in a field near Multan",
                    "creditline": "Agency",
                    "renditions": {"baseImage": {"href": href, "width": 640, "height": 360, "mimetype": "image/jpeg"}},
                }
            },
        }
    ).encode()


def test_a_folder_drop_brings_its_picture_beside_the_story(newsroom, tmp_path, settings):
    from roznama.wire.sources import poll

    drop = tmp_path / "drop"
    (drop / "photos").mkdir(parents=True)
    (drop / "photos" / "cotton.jpg").write_bytes(jpeg(color=(240, 240, 230)))
    (tmp_path / "secret.jpg").write_bytes(jpeg(color=(1, 2, 3)))
    (drop / "1.json").write_bytes(g2_with_picture_beside(1, "./photos/cotton.jpg"))
    (drop / "2.json").write_bytes(g2_with_picture_beside(2, "../secret.jpg"))  # outside the folder
    (drop / "3.json").write_bytes(g2_with_picture_beside(3, "photos/missing.jpg"))
    source = WireSource.objects.create(
        name="Drop",
        kind="folder",
        location=str(drop),
        default_section_slug="world",
        auto_publish=True,
        fetch_pictures=True,
    )
    report = poll(source)
    assert report.files == 3 and report.quarantined == 0
    outcomes = dict(report.outcomes)
    first = ArticlePage.objects.get(wire_id="urn:test:beside:1")
    assert first.lead_image.title == "Pickers in a field near Multan (Agency)"
    assert (first.lead_image.width, first.lead_image.height) == (640, 360)
    assert outcomes["Agency:urn:test:beside:2:v1"].startswith("published")  # the climbing path is not even read
    assert ArticlePage.objects.get(wire_id="urn:test:beside:2").lead_image is None
    assert "not in the item's folder" in outcomes["Agency:urn:test:beside:3:v1"]
    assert get_image_model().objects.count() == 1
