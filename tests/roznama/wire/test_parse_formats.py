"""Behaviour of the parsers on small hand-written payloads: statuses, versions, ids,
agencies, feeds and format detection."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from roznama.wire import (
    InvalidValue,
    MissingField,
    PubStatus,
    UnknownFormat,
    detect_format,
    parse,
)


def ninjs(**fields) -> bytes:
    document = {
        "uri": "urn:example:item-1",
        "type": "text",
        "version": "1",
        "copyrightholder": "Reuters",
        "headline": "A headline",
    }
    document.update(fields)
    return json.dumps({key: value for key, value in document.items() if value is not None}).encode()


def g2(
    item_meta: str = "",
    *,
    guid: str = "urn:newsml:example.com:20260101:ONE",
    version: str | None = "4",
    content_set: str = "",
) -> bytes:
    version_attribute = f' version="{version}"' if version is not None else ""
    return (
        f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}"{version_attribute}>'
        f'<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:REUTERS"/>'
        f"<versionCreated>2026-01-01T10:00:00Z</versionCreated>{item_meta}</itemMeta>"
        f"<contentMeta><headline>Headline</headline></contentMeta>{content_set}</newsItem>"
    ).encode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("usable", PubStatus.USABLE),
        ("withheld", PubStatus.WITHHELD),
        ("canceled", PubStatus.CANCELED),
        ("cancelled", PubStatus.CANCELED),
        ("Killed", PubStatus.CANCELED),
        ("deleted", PubStatus.CANCELED),
        ("stat:canceled", PubStatus.CANCELED),
        ("embargoed", PubStatus.WITHHELD),  # embargoed with no time given: hold it
        (None, PubStatus.USABLE),  # the ninjs and NewsML-G2 default
    ],
)
def test_publication_statuses(status, expected):
    (item,) = parse(ninjs(pubstatus=status))
    assert item.pub_status is expected


def test_an_unknown_status_holds_the_item_back_with_a_warning():
    (item,) = parse(ninjs(pubstatus="frobnicated"))
    assert item.pub_status is PubStatus.WITHHELD
    assert any("frobnicated" in warning for warning in item.warnings)


@pytest.mark.parametrize("qcode", ["stat:canceled", "stat:withheld", "stat:usable"])
def test_newsml_g2_pub_status(qcode):
    (item,) = parse(g2(f'<pubStatus qcode="{qcode}"/>'))
    assert item.pub_status.value == qcode.split(":")[1]


def test_an_empty_embargoed_element_withholds():
    (item,) = parse(g2("<embargoed/>"))
    assert item.pub_status is PubStatus.WITHHELD and item.embargo is None
    assert item.warnings


def test_an_unreadable_embargo_stops_the_item():
    with pytest.raises(InvalidValue) as raised:
        parse(ninjs(embargoed="tomorrow at noon"))
    assert "tomorrow at noon" in raised.value.reason


def test_a_reuters_guid_with_a_version_suffix():
    (item,) = parse(g2(guid="tag:reuters.com,2016:newsml_L1N14N0FF:1542761538", version=None))
    assert (item.item_id, item.version, item.version_source) == (
        "tag:reuters.com,2016:newsml_L1N14N0FF",
        1542761538,
        "explicit",
    )


def test_a_newsml_urn_with_a_revision():
    (item,) = parse(ninjs(uri="urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71:3", version=None))
    assert (item.item_id, item.version) == ("urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71", 3)
    assert item.agency == "Reuters"  # copyrightholder; the urn's afp.com does not override a named agency


def test_without_a_version_number_the_version_time_is_the_version():
    early = parse(ninjs(version=None, versioncreated="2026-01-01T10:00:00Z"))[0]
    later = parse(ninjs(version=None, versioncreated="2026-01-01T12:30:00+02:00"))[0]
    assert early.version_source == later.version_source == "versioncreated"
    assert early.version == int(datetime(2026, 1, 1, 10, 0, tzinfo=timezone.utc).timestamp())
    assert later.version > early.version


def test_without_any_version_the_item_is_refused():
    with pytest.raises(MissingField) as raised:
        parse(ninjs(version=None))
    assert "version" in raised.value.reason


def test_without_an_id_the_item_is_refused():
    with pytest.raises(MissingField):
        parse(ninjs(uri=""))


def test_a_time_without_a_zone_is_read_as_utc_with_a_warning():
    (item,) = parse(ninjs(versioncreated="2026-01-01T10:00:00"))
    assert item.version_created == datetime(2026, 1, 1, 10, 0, tzinfo=timezone.utc)
    assert any("no time zone" in warning for warning in item.warnings)


@pytest.mark.parametrize(
    ("holder", "hint", "expected"),
    [
        ("Reuters", "APP", "Reuters"),  # a known agency in the payload wins
        ("Thomson Reuters", None, "Reuters"),
        ("", "APP", "APP"),
        ("", "associated press of pakistan", "APP"),
        ("Some Syndicate", "APP", "APP"),  # an unknown name loses to the source's own agency
        ("Some Syndicate", None, "Some Syndicate"),
    ],
)
def test_choosing_the_agency(holder, hint, expected):
    (item,) = parse(ninjs(copyrightholder=holder or None), agency_hint=hint)
    assert item.agency == expected


def test_no_agency_anywhere_is_refused():
    with pytest.raises(MissingField) as raised:
        parse(ninjs(copyrightholder=None))
    assert "agency" in raised.value.reason


def test_ninjs_3_camel_case_and_plain_text_bodies():
    payload = json.dumps(
        {
            "uri": "urn:example:3",
            "type": "text",
            "version": "2",
            "pubStatus": "canceled",
            "versionCreated": "2026-01-02T03:04:05Z",
            "firstCreated": "2026-01-01T00:00:00Z",
            "copyrightHolder": "AFP",
            "headlines": [{"role": "main", "value": "Title"}],
            "bodies": [
                {"role": "main", "contentType": "text/plain", "value": "PARIS (AFP) - One & two.\nThree < four."}
            ],
        }
    ).encode()
    (item,) = parse(payload)
    assert (item.agency, item.version, item.pub_status) == ("AFP", 2, PubStatus.CANCELED)
    assert item.first_created == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert item.body_html == "<p>PARIS (AFP) - One &amp; two.</p>\n<p>Three &lt; four.</p>"
    assert item.body_html_without_dateline == "<p>One &amp; two.</p>\n<p>Three &lt; four.</p>"


def test_newsml_g2_plain_text_body():
    (item,) = parse(
        g2(
            content_set='<contentSet><inlineData contenttype="text/plain">First line\nSecond line</inlineData></contentSet>'
        )
    )
    assert item.body_html == "<p>First line</p>\n<p>Second line</p>"


def test_an_empty_news_message_is_refused():
    with pytest.raises(MissingField):
        parse(b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet/></newsMessage>')


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>National news</title><link>https://www.app.com.pk/national/</link><language>en</language>
<item><title>Cabinet meets</title><link>https://www.app.com.pk/national/cabinet-meets/</link>
<guid isPermaLink="false">https://www.app.com.pk/?p=101</guid><pubDate>Mon, 02 Mar 2026 05:00:00 +0000</pubDate>
<description><![CDATA[<p>ISLAMABAD, Mar 2 (APP): The cabinet met.</p><script>x()</script>]]></description>
<category>National</category>
<enclosure url="https://www.app.com.pk/wp-content/uploads/cabinet.jpg" length="12345" type="image/jpeg"/></item>
<item><title>Second</title><link>https://www.app.com.pk/national/second/</link><pubDate>Mon, 02 Mar 2026 06:00:00 +0000</pubDate>
<description>Plain summary</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:example:feed</id>
<updated>2026-03-02T05:00:00Z</updated>
<entry><title>Atom story</title><id>urn:example:entry-1</id><updated>2026-03-02T05:00:00Z</updated>
<author><name>Staff</name></author><summary>Short</summary>
<content type="html">&lt;p&gt;BERLIN (dpa) - Full text.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_feed():
    first, second = parse(RSS)
    assert first.format == "rss" and first.agency == "APP"  # from the feed's link
    assert (first.item_id, first.headline) == ("https://www.app.com.pk/?p=101", "Cabinet meets")
    assert first.version == int(datetime(2026, 3, 2, 5, 0, tzinfo=timezone.utc).timestamp())
    assert first.version_source == "versioncreated"
    assert first.body_html == "<p>ISLAMABAD, Mar 2 (APP): The cabinet met.</p>"
    assert first.body_html_without_dateline == "<p>The cabinet met.</p>"
    assert (first.dateline.place, first.dateline.agency) == ("ISLAMABAD", "APP")
    assert first.keywords == ("National",)
    assert first.media[0].renditions[0].href == "https://www.app.com.pk/wp-content/uploads/cabinet.jpg"
    assert second.item_id == "https://www.app.com.pk/national/second/"  # no guid: the link
    assert second.body_html == "Plain summary"


def test_atom_feed_uses_the_hint_for_the_agency():
    (entry,) = parse(ATOM, agency_hint="dpa")
    assert (entry.format, entry.agency, entry.headline, entry.byline) == ("atom", "dpa", "Atom story", "Staff")
    assert entry.standfirst == "Short"
    assert entry.body_has_dateline and entry.body_html_without_dateline == "<p>Full text.</p>"


def test_an_empty_feed_gives_no_items():
    assert parse(b"<rss version='2.0'><channel><title>Empty</title></channel></rss>") == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (ninjs(), "ninjs"),
        (g2(), "newsml-g2"),
        (RSS, "rss"),
        (ATOM, "atom"),
        (b'<nitf><head><docdata><doc-id id-string="x"/></docdata></head></nitf>', "nitf"),
        (b'{"data": {"items": []}}', "ap-media"),
        (b'{"format": "digitalwires@0.9.1", "urn": "urn:x"}', "dpa-digitalwires"),
        (b"<NewsML Version='1.2'/>", "newsml-1"),
    ],
)
def test_format_detection(payload, expected):
    assert detect_format(payload) == expected


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        (b'{"hello": "world"}', "not ninjs"),
        (b"<html><body>Page</body></html>", "HTML page"),
        (b'<conceptItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>', "conceptItem"),
        (b"<something/>", "<something>"),
        (b"42", "neither JSON nor XML"),
        (b'"just a string"', "neither JSON nor XML"),
    ],
)
def test_unknown_formats_say_what_they_are(payload, phrase):
    with pytest.raises(UnknownFormat) as raised:
        parse(payload, filename="upload.bin")
    assert phrase in raised.value.reason
