"""Wire ingestion end to end: agency files become articles, versions update them, kills take
them down, embargoes hold them back, and bad files land in the quarantine with a reason."""

from __future__ import annotations

import time

from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import html as lxml_html

from roznama.news.models import ArticlePage
from roznama.wire.models import QuarantinedItem, WireSource, WireStory, WireStoryVersion
from roznama.wire.pipeline import ingest_payload, retry

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "wire-samples"
REUTERS_V1 = SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"
REUTERS_KILL = SAMPLES / "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml"
DPA_EMBARGOED = SAMPLES / "dpa-digitalwires-to-newsmlg2__output_embargoed.xml"
NOT_ITEMS = {"SOURCES.md"}


def sample_files():
    return sorted(
        p
        for p in SAMPLES.iterdir()
        if p.is_file() and not p.name.startswith(("LICENSE", "NOTICE")) and p.name not in NOT_ITEMS
    )


@pytest.fixture
def source(newsroom):
    # Business and other sections exist in the real demo; here World and Sports do.
    return WireSource.objects.create(
        name="Agency drop", kind="folder", location="/nonexistent", default_section_slug="world", auto_publish=True
    )


def test_samples_folder_is_there():
    assert len(sample_files()) >= 20, f"expected the wire samples at {SAMPLES}"


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_every_sample_is_ingested_or_quarantined_with_a_reason(source, path):
    result = ingest_payload(path.read_bytes(), source=source, filename=path.name)
    if result.quarantined is None:
        assert result.outcomes, "ingested, but no item outcome was reported"
        assert WireStory.objects.count() >= 1
        for story in WireStory.objects.all():
            assert story.versions.filter(version=story.version).exists()
    else:
        entry = QuarantinedItem.objects.get()
        assert entry.reason.strip() and entry.filename == path.name
        assert bytes(entry.raw) == path.read_bytes()  # kept whole, for a retry


def test_reuters_versions_update_one_article_and_the_kill_takes_it_down(client, source):
    first = ingest_payload(REUTERS_V1.read_bytes(), source=source, filename=REUTERS_V1.name)
    assert first.ok, first.quarantined and first.quarantined.reason
    story = WireStory.objects.get(agency="Reuters")
    assert story.item_id == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert story.version == 978556838
    page = ArticlePage.objects.get(wire_id=story.item_id)
    assert page.live and page.wire_agency == "Reuters" and page.credit
    assert client.get(page.url).status_code == 200

    # Ingesting the same version again changes nothing.
    again = ingest_payload(REUTERS_V1.read_bytes(), source=source, filename=REUTERS_V1.name)
    assert [o for _, o in again.outcomes] == ["unchanged (older or same version)"]
    assert ArticlePage.objects.filter(wire_id=story.item_id).count() == 1

    killed = ingest_payload(REUTERS_KILL.read_bytes(), source=source, filename=REUTERS_KILL.name)
    assert killed.ok
    story.refresh_from_db()
    assert story.version == 1542761538 and story.status == WireStory.Status.KILLED
    page.refresh_from_db()
    assert not page.live
    assert ArticlePage.objects.filter(wire_id=story.item_id).count() == 1
    assert set(WireStoryVersion.objects.filter(story=story).values_list("version", flat=True)) == {
        978556838,
        1542761538,
    }
    response = client.get(page.url)
    assert response.status_code == 410
    assert "withdrawn by Reuters" in response.content.decode()

    # An older version arriving late does not bring the story back.
    late = ingest_payload(REUTERS_V1.read_bytes(), source=source, filename="late.xml")
    assert [o for _, o in late.outcomes] == ["unchanged (older or same version)"]
    page.refresh_from_db()
    assert not page.live


def test_embargo_that_has_lifted_publishes_at_once_without_editors_notes(client, source):
    # dpa's sample embargo: 23 January 2025, 19:00 Berlin time: long past.
    result = ingest_payload(DPA_EMBARGOED.read_bytes(), source=source, filename=DPA_EMBARGOED.name)
    assert result.ok, result.quarantined and result.quarantined.reason
    story = WireStory.objects.get()
    assert story.embargo == datetime(2025, 1, 23, 18, 0, tzinfo=dt_timezone.utc)
    page = ArticlePage.objects.get(pk=story.page_id)
    assert page.live
    html = client.get(page.url).content.decode()
    assert "Steinmeier" in html
    # Editors' notes (embargo note, closing line, internal notes) never reach the page.
    for private in ("Sperrfrist", "dpa sza yybb", "Zu diesem Text finden Sie Bilder", "Schreibweise der Stadt"):
        assert private not in html


def test_embargoed_story_goes_live_when_the_embargo_lifts_never_before(client, source):
    lifts = (timezone.now() + timedelta(seconds=3)).replace(microsecond=0)
    payload = DPA_EMBARGOED.read_bytes().replace(b"2025-01-23T19:00:00+01:00", lifts.isoformat().encode())
    result = ingest_payload(payload, source=source, filename="embargoed.xml")
    assert result.ok, result.quarantined and result.quarantined.reason
    story = WireStory.objects.get()
    assert story.status == WireStory.Status.EMBARGOED and story.embargo == lifts
    page = ArticlePage.objects.get(pk=story.page_id)
    call_command("publish_scheduled", verbosity=0)  # the worker's job, before the embargo
    page.refresh_from_db()
    assert not page.live and page.go_live_at == lifts
    assert client.get(page.url).status_code == 404
    time.sleep(max(0.0, (lifts - timezone.now()).total_seconds()) + 0.5)
    call_command("publish_scheduled", verbosity=0)  # the same job, after it
    page.refresh_from_db()
    assert page.live and page.first_published_at >= lifts
    assert client.get(page.url).status_code == 200


def test_dateline_in_the_agency_body_is_not_doubled(client, source):
    ingest_payload(REUTERS_V1.read_bytes(), source=source, filename=REUTERS_V1.name)
    page = ArticlePage.objects.get()
    html = client.get(page.url).content.decode()
    doc = lxml_html.fromstring(html)
    first = " ".join(doc.xpath("//div[contains(@class,'story__body')]//p")[0].text_content().split())
    if page.dateline:
        assert first.startswith(page.dateline)
        assert html.count(page.dateline) == 1


@pytest.mark.parametrize(
    "payload,reason_part",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><newsItem>&lol2;</newsItem>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><newsItem>&e;</newsItem>',
            "DOCTYPE",
        ),
        (b"\xff\xfe\x00garbage\x80\x81", ""),
        (b'{"headline": "cut off', ""),
        (b"", ""),
    ],
    ids=["billion-laughs", "external-entity", "random-bytes", "truncated-json", "empty"],
)
def test_hostile_or_broken_files_are_quarantined_with_a_reason(source, payload, reason_part):
    result = ingest_payload(payload, source=source, filename="bad.xml")
    assert result.quarantined is not None
    assert reason_part in result.quarantined.reason and result.quarantined.reason.strip()
    assert not ArticlePage.objects.exists()


def test_a_quarantined_file_can_be_retried(source):
    broken = REUTERS_V1.read_bytes()[:500]
    first = ingest_payload(broken, source=source, filename="cut.xml")
    entry = first.quarantined
    assert entry is not None and not entry.resolved
    entry.raw = REUTERS_V1.read_bytes()  # the agency resent it whole
    entry.save()
    result = retry(entry)
    entry.refresh_from_db()
    assert result.ok and entry.resolved and entry.retried_at is not None
    assert ArticlePage.objects.filter(wire_agency="Reuters").count() == 1


def test_ingest_command_takes_files_by_hand_through_the_manual_source(newsroom, tmp_path, capsys):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / REUTERS_V1.name).write_bytes(REUTERS_V1.read_bytes())
    (drop / "broken.xml").write_bytes(b"<newsItem>")
    call_command("ingest", "--path", str(drop))
    out = capsys.readouterr().out
    assert "2 file(s) ingested" in out and "1 quarantined" in out
    page = ArticlePage.objects.get(wire_agency="Reuters")
    assert not page.live  # the manual source makes drafts
    assert page.get_parent().slug == "world"  # no section for its subjects here: World
    # Running it again ingests nothing twice.
    call_command("ingest", "--path", str(drop))
    assert "0 file(s) ingested, 2 already seen" in capsys.readouterr().out


def test_folder_source_poll_once(newsroom, tmp_path, capsys):
    drop = tmp_path / "reuters"
    drop.mkdir()
    (drop / REUTERS_V1.name).write_bytes(REUTERS_V1.read_bytes())
    WireSource.objects.create(name="Reuters drop", kind="folder", location=str(drop), auto_publish=True)
    call_command("ingest", "--source", "Reuters drop", "--once")
    assert "1 file(s) ingested" in capsys.readouterr().out
    assert ArticlePage.objects.get(wire_agency="Reuters").live
