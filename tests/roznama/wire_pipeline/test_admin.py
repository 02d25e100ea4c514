"""Editors see the quarantine in the admin, with the reason, and retry from there."""

from pathlib import Path

import pytest
from django.urls import reverse

from roznama.wire.models import QuarantinedItem, WireSource
from roznama.wire.pipeline import ingest_payload

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "wire-samples"
REUTERS = SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"


@pytest.fixture
def editor_client(admin_client):
    return admin_client  # signed in through both steps (tests/roznama/conftest.py)


def test_quarantine_list_shows_the_reason_and_retry_ingests(editor_client, newsroom):
    source = WireSource.objects.create(name="Drop", kind="folder", location="/x", auto_publish=True)
    entry = ingest_payload(REUTERS.read_bytes()[:700], source=source, filename="cut.xml").quarantined
    listing = editor_client.get(reverse("wagtailsnippets_wire_quarantineditem:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "cut.xml" in html and entry.reason.split(":")[0][:30] in html
    assert reverse("wire_quarantine_retry", args=[entry.pk]) in html
    inspect = editor_client.get(reverse("wagtailsnippets_wire_quarantineditem:inspect", args=[entry.pk]))
    assert inspect.status_code == 200 and "newsMessage" in inspect.content.decode()

    # Retrying the truncated file fails again, with its reason kept.
    response = editor_client.post(reverse("wire_quarantine_retry", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.resolved and entry.retried_at is not None
    assert QuarantinedItem.objects.count() == 1

    entry.raw = REUTERS.read_bytes()
    entry.save()
    editor_client.post(reverse("wire_quarantine_retry", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.resolved


def test_sources_are_configured_in_the_admin(editor_client, newsroom):
    response = editor_client.post(
        reverse("wagtailsnippets_wire_wiresource:add"),
        {
            "name": "AP",
            "kind": "ap_media",
            "location": "https://api.ap.org/media/v/content/feed",
            "api_key_env": "",
            "agency": "AP",
            "poll_interval": "120",
            "default_section_slug": "world",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
            "rules-MIN_NUM_FORMS": "0",
            "rules-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "environment variable" in response.content.decode()
    assert not WireSource.objects.filter(name="AP").exists()


def test_retry_needs_a_logged_in_editor(client, newsroom):
    entry = ingest_payload(b"junk", filename="junk.xml").quarantined
    response = client.post(reverse("wire_quarantine_retry", args=[entry.pk]))
    assert response.status_code in (302, 403)
    entry.refresh_from_db()
    assert entry.retried_at is None


def test_an_editor_can_open_a_story_whose_paragraphs_hold_line_breaks(editor_client, newsroom):
    import json

    from roznama.news.models import ArticlePage

    source = WireSource.objects.create(
        name="Wire", kind="folder", location="/x", default_section_slug="world", auto_publish=True
    )
    result = ingest_payload(
        json.dumps(
            {
                "uri": "urn:test:br:1",
                "version": "1",
                "type": "text",
                "language": "en",
                "pubstatus": "usable",
                "versioncreated": "2026-01-01T10:00:00+00:00",
                "headline": "Poem read at the opening of the festival",
                "body_html": "<p>LAHORE (Test) - The poet read:<br>the first line<br/>and the second.</p><p>Then he left.</p>",
                "copyrightholder": "Test",
            }
        ).encode(),
        source=source,
        filename="br.json",
    )
    assert [o for _, o in result.outcomes] == ["published"], result
    page = ArticlePage.objects.get(wire_id="urn:test:br:1")
    # Wagtail's editor turns the stored rich text into its own format to show the form.
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "the first line" in response.content.decode()
    # And the public page still breaks the lines.
    html = editor_client.get(page.url).content.decode()
    assert "read:<br/>the first line" in html or "read:<br>the first line" in html
