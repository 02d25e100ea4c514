"""The demo's own wire files (written for the demo, fictional agencies) parse as intended."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from roznama.wire import PubStatus, parse
from roznama.wire.parsers.agencies import normalise_agency

DEMO_ITEMS = Path(__file__).resolve().parents[3] / "src" / "roznama" / "wire" / "demo_items"


def demo_files() -> list[Path]:
    return sorted(path for path in DEMO_ITEMS.iterdir() if path.suffix in {".json", ".xml"})


def items_of(name: str):
    return parse((DEMO_ITEMS / name).read_bytes(), filename=name)


def test_there_are_six_to_ten_demo_files_in_both_formats():
    files = demo_files()
    assert 6 <= len(files) <= 10
    assert {path.suffix for path in files} == {".json", ".xml"}


@pytest.mark.parametrize("path", demo_files(), ids=lambda path: path.name)
def test_demo_files_parse_cleanly_under_a_fictional_agency(path):
    items = parse(path.read_bytes(), filename=path.name)
    for item in items:
        assert item.agency in {"Indus Wire", "Meridian Wire"}
        assert normalise_agency(item.agency) is None  # not a real agency's name
        assert item.warnings == ()
        assert item.headline
        published = " ".join([item.headline, item.standfirst, item.body_html, item.body_html_without_dateline])
        for note in item.ednotes:
            assert note.text not in published


def test_the_version_pair():
    (first,) = items_of("induswire-transit-v1.json")
    (second,) = items_of("induswire-transit-v2.json")
    assert first.key == second.key == ("Indus Wire", "https://induswire.example/items/isb-transit-20260302")
    assert (first.version, second.version) == (1, 2)
    assert second.headline == "Rawal Valley transit authority to add 40 electric buses, second depot planned"
    assert "A second depot" in second.body_html and "A second depot" not in first.body_html
    assert (second.dateline.place, second.dateline.country, second.dateline.agency) == (
        "ISLAMABAD",
        "Pakistan",
        "Indus Wire",
    )
    assert second.body_html_without_dateline.startswith("<p>The Rawal Valley Transit Authority said")


def test_the_kill():
    (story,) = items_of("meridian-postal-v1.xml")
    (kill,) = items_of("meridian-postal-v2-kill.xml")
    assert kill.key == story.key
    assert kill.version > story.version
    assert (story.pub_status, kill.pub_status) == (PubStatus.USABLE, PubStatus.CANCELED)
    assert kill.body_html == ""
    assert kill.ednotes[0].text.startswith("KILL. The story about the parcel label format is withdrawn")


def test_the_embargoed_item():
    (item,) = items_of("meridian-farms-embargoed.xml")
    assert item.embargo == datetime(2030, 1, 15, 7, 0, tzinfo=timezone.utc)
    assert item.is_embargoed_at(datetime(2030, 1, 15, 6, 59, tzinfo=timezone.utc))
    assert [note.confidential for note in item.ednotes] == [False, True]
    assert "<h2>Yields held steady</h2>" in item.body_html
    assert item.byline == "Staff Correspondent"
    assert (item.dateline.place, item.dateline.country) == ("NAIROBI", "Kenya")


def test_the_story_in_urdu():
    (item,) = items_of("induswire-bookfair-ur.json")
    assert item.language == "ur"
    assert (item.dateline.place, item.dateline.agency) == ("لاہور", "انڈس وائر")
    assert item.body_has_dateline
    assert item.body_html_without_dateline.startswith("<p>شہر کی ایک لائبریری")


def test_the_news_message_with_two_items():
    snow, cranes = items_of("meridian-newsmessage-two-items.xml")
    assert snow.item_id == "tag:meridianwire.example,2026:MW-MOW-0306-SNOW"
    assert (cranes.version, cranes.signals) == (3, ("sig:correction",))
    assert (cranes.dateline.place, cranes.dateline.country) == ("KARACHI", "Pakistan")
    assert (snow.position, cranes.position) == (0, 1)
    assert snow.raw is cranes.raw


def test_the_picture_association():
    (item,) = items_of("induswire-saplings-picture.json")
    (picture,) = item.media
    assert (picture.kind, picture.credit, picture.byline) == ("picture", "Indus Wire", "Staff Photographer")
    assert [(r.name, r.width, r.height) for r in picture.renditions] == [
        ("original", 1600, 1067),
        ("thumbnail", 320, 213),
    ]
