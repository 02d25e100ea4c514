"""Sources polled for real: the AP Media API over HTTP (a local server playing AP, with
AP's own sample responses), and concurrent passes on PostgreSQL."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from roznama.news.models import ArticlePage
from roznama.wire.models import QuarantinedItem, WireSource, WireStory, WireStoryVersion
from roznama.wire.pipeline import ingest_payload
from roznama.wire.sources import poll

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "wire-samples"


class FakeAP(BaseHTTPRequestHandler):
    """Plays the AP Media API with AP's own sample responses; demands the API key as AP does."""

    routes: dict[str, bytes] = {}
    seen_keys: list[str] = []

    def do_GET(self):
        self.seen_keys.append(self.headers.get("x-api-key", ""))
        if self.headers.get("x-api-key") != "secret-key":
            self.send_response(401)
            self.end_headers()
            return
        body = self.routes.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_ap(settings):
    settings.ROZNAMA_OUTBOUND_ALLOW = ["127.0.0.1"]  # AP is played on this machine

    class Handler(FakeAP):
        routes = {}
        seen_keys = []

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = json.loads((SAMPLES / "superdesk-core__ap_media_feed.json").read_bytes())
    text_item = json.loads((SAMPLES / "superdesk-core__ap_media_text_item.json").read_bytes())["data"]["item"]
    # The story's text rendition is served here instead of by AP.
    text_item["renditions"]["nitf"]["href"] = f"{base}/content/story.nitf"
    feed["data"]["items"].append({"item": text_item})
    feed["data"]["next_page"] = f"{base}/feed?page=2"
    Handler.routes = {
        "/feed": json.dumps(feed).encode(),
        "/feed?page=2": json.dumps({"data": {"items": [], "next_page": None}}).encode(),  # nothing newer
        "/content/story.nitf": (SAMPLES / "superdesk-core__ap_media_text_nitf.xml").read_bytes(),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, Handler
    server.shutdown()


def test_ap_media_api_feed_yields_its_items(newsroom, fake_ap, monkeypatch):
    base, handler = fake_ap
    monkeypatch.setenv("AP_MEDIA_API_KEY", "secret-key")
    source = WireSource.objects.create(
        name="AP", kind="ap_media", location=f"{base}/feed", api_key_env="AP_MEDIA_API_KEY", auto_publish=True
    )
    report = poll(source)
    assert report.error == "" and report.quarantined == 0, QuarantinedItem.objects.values_list("reason", flat=True)
    # The picture is recorded; the story becomes an article with the NITF text.
    picture = WireStory.objects.get(item_id="95e8bd71fed448cda1a0be35d8ddbd2f")
    assert picture.status == WireStory.Status.IGNORED
    story = WireStory.objects.get(item_id="5ee9b4b40ea5fe9c9ca60f890fb2e1d9")
    page = ArticlePage.objects.get(pk=story.page_id)
    assert page.live and page.wire_agency == "AP"
    assert "McNeil NYM" in str(page.body.raw_data)  # from the NITF table
    assert set(handler.seen_keys) == {"secret-key"}
    # The key is read from the environment, never stored.
    assert "secret-key" not in json.dumps(list(WireSource.objects.values()), default=str)


def test_ap_source_without_its_key_says_so(newsroom, monkeypatch):
    monkeypatch.delenv("AP_MEDIA_API_KEY", raising=False)
    source = WireSource.objects.create(
        name="AP", kind="ap_media", location="http://127.0.0.1:9/feed", api_key_env="AP_MEDIA_API_KEY"
    )
    report = poll(source)
    assert "AP_MEDIA_API_KEY" in report.error
    source.refresh_from_db()
    assert "AP_MEDIA_API_KEY" in source.last_error
    assert QuarantinedItem.objects.filter(stage="fetch").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_concurrent_passes_create_each_article_once_and_lose_no_version(newsroom, run_at_once):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; the suite's PostgreSQL run covers this")
    source = WireSource.objects.create(name="Reuters", kind="folder", location="/x", auto_publish=True)
    v1 = (SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml").read_bytes()
    v2 = (SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml").read_bytes()
    ntb = (SAMPLES / "newsinjson__2.1_ntb_text.json").read_bytes()
    tt = (SAMPLES / "newsinjson__TT_newsmlg2_sample.xml").read_bytes()

    def one_pass(order):
        for payload in order:
            ingest_payload(payload, source=source, filename="concurrent")

    orders = [[v1, ntb, tt, v2], [ntb, v1, v2, tt], [tt, v2, v1, ntb], [v1, tt, ntb, v2]]
    errors = run_at_once(one_pass, orders)
    assert not errors, errors
    assert not QuarantinedItem.objects.exists(), list(QuarantinedItem.objects.values_list("reason", flat=True))
    for item_id in (
        "tag:reuters.com,0000:newsml_L1N14N0FF",
        "urn:8d19cf88-b3ab-4972-8fec-1207599f2872",
        "http://tt.se/media/text/210919-janguillou-879f202b",
    ):
        assert WireStory.objects.filter(item_id=item_id).count() == 1
    reuters = WireStory.objects.get(item_id="tag:reuters.com,0000:newsml_L1N14N0FF")
    assert set(WireStoryVersion.objects.filter(story=reuters).values_list("version", flat=True)) == {
        978556838,
        1542761538,
    }
    # Whatever order the versions arrived in, the newest (the kill) is what stands.
    assert reuters.version == 1542761538 and reuters.status == WireStory.Status.KILLED
    assert ArticlePage.objects.filter(wire_id__in=["urn:8d19cf88-b3ab-4972-8fec-1207599f2872"]).count() == 1
    assert ArticlePage.objects.filter(wire_agency="Reuters").count() <= 1
