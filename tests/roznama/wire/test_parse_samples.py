"""Every real agency sample beside the repository is parsed (or refused with a reason), and
the fields a reader of the file can see for themselves come out right.

The samples live in ``tests/data/wire-samples`` (see its SOURCES.md). Their text
is agency copy: the expectations below quote only identifiers, versions, statuses, embargo
times, datelines and headlines, read off the files by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from roznama.wire import (
    MissingField,
    PubStatus,
    UnknownFormat,
    WireParseError,
    attach_text_rendition,
    parse,
)
from roznama.wire.datelines import dateline_from_newsml_g2
from roznama.wire.safety import parse_xml

REPOSITORY = Path(__file__).resolve().parents[3]
SAMPLES = REPOSITORY / "tests" / "data" / "wire-samples"
NOT_NEWS_ITEMS = ("LICENSE", "NOTICE", "SOURCES")


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(path for path in SAMPLES.iterdir() if path.is_file() and not path.name.startswith(NOT_NEWS_ITEMS))


def read(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def seconds(iso: str) -> int:
    """A version derived from a versioncreated time: whole seconds since 1970."""
    return int(datetime.fromisoformat(iso).timestamp())


# One entry per sample: a list with one dict per item, in document order, or the error
# class and a phrase of the reason for samples that must be refused. Values come from
# reading the files. "dateline" is (place, country, agency) or None; "body" says whether
# the item has story text.
GROSSETO_ARTICLE = {
    "agency": "ninjs.example.com",
    "item_id": "http://ninjs.example.com/newsitems/20130709med123",
    "version": seconds("2013-07-09T10:37:00+00:00"),
    "version_source": "versioncreated",
    "pub_status": PubStatus.USABLE,
    "embargo": None,
    "headline": "Captain of wrecked cruise ship on trial in Italy",
    "dateline": ("GROSSETO", "Italy", "AP"),
    "body": True,
    "body_has_dateline": True,
}
EXPECTED = {
    "dpa-digitalwires-to-newsmlg2__input_embargoed.json": [
        {
            "agency": "dpa",
            "item_id": "urn:newsml:dpa.com:20090101:250123-930-353124",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": utc(2025, 1, 23, 18, 0),
            "headline": "Steinmeier: Russland zerstört kulturelles Erbe der Ukraine",
            "dateline": ("Berlin", "", "dpa"),
            "body": True,
            "body_has_dateline": False,  # digitalwires sends the dateline apart from the body
        }
    ],
    "dpa-digitalwires-to-newsmlg2__output_embargoed.xml": [
        {
            "agency": "dpa",
            "item_id": "urn:newsml:dpa.com:20090101:250123-930-353124",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": utc(2025, 1, 23, 18, 0),
            "headline": "Steinmeier: Russland zerstört kulturelles Erbe der Ukraine",
            "dateline": ("Berlin", "", "dpa"),
            "body": True,
            "body_has_dateline": True,
        }
    ],
    "newsinjson__1.6_005_complex_text_article.json": [GROSSETO_ARTICLE],
    "newsinjson__1.6_007_multimedia.json": [
        {
            **GROSSETO_ARTICLE,
            "item_id": "http://ninjs.example.com/newsitems/20130709cplx456",
            "version": seconds("2013-07-09T10:39:00+00:00"),
            "item_type": "composite",
        }
    ],
    "newsinjson__2.2_005_complex_text_article.json": [GROSSETO_ARTICLE],
    "newsinjson__3.1_005_complex_text_article.json": [GROSSETO_ARTICLE],
    "newsinjson__2.1_ap_image.json": [
        {
            "agency": "AP",
            "item_id": "b2b6c3f4642f46deac7509d4db315ca0",
            "version": 0,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Turkey Islamic State",
            "item_type": "picture",
            "dateline": None,
            "body": False,
        }
    ],
    "newsinjson__2.1_ntb_text.json": [
        {
            "agency": "NTB",
            "item_id": "urn:8d19cf88-b3ab-4972-8fec-1207599f2872",
            "version": 6,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Google har kjøpt giganttomt i Skien",
            "dateline": None,
            "body": False,  # the sample has a description but no body
        }
    ],
    "newsinjson__2.2_003_associations_example.json": [
        {
            "agency": "businesswire.com",
            "item_id": "http://www.businesswire.com/news/home/20130515006361/en",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Dell Redefines Workstation Computing Boundaries with Smallest Tower and Most Powerful Rack Workstations",
            "item_type": "composite",
            "dateline": None,
            "body": True,
        }
    ],
    "newsinjson__NTB_nitf_sample.xml": [
        {
            "agency": "NTB",
            "item_id": "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Pandemien herjer på den legeløse indiske landsbygda",
            "dateline": ("Unnao", "", ""),
            "body": True,
            "body_has_dateline": False,
        }
    ],
    "newsinjson__TT_newsmlg2_sample.xml": [
        {
            "agency": "TT",
            "item_id": "http://tt.se/media/text/210919-janguillou-879f202b-pack",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "item_type": "package",
            "dateline": None,
            "body": False,
        },
        {
            "agency": "TT",
            "item_id": "http://tt.se/media/text/210919-janguillou-879f202b",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": 'Jan Guillou skriver på ny "Hamilton"-bok',
            "dateline": None,
            "body": True,
            "body_has_dateline": False,
        },
        {
            "agency": "TT",
            "item_id": "http://tt.se/media/image/sdlm1btzmKu8WU",
            "version": 1,
            "pub_status": PubStatus.USABLE,  # no pubStatus: the NewsML-G2 default
            "embargo": None,
            "item_type": "picture",
            "body": False,
        },
    ],
    "newsinjson__afp.com_newsml1.2_sample.xml": [
        {
            "agency": "AFP",
            "item_id": "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71",
            "version": 1,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Israel strikes key Hamas targets as UN Security Council to meet",
            "dateline": ("Gaza City", "Palestinian Territories", "AFP"),
            "body": True,
            "body_has_dateline": False,
        }
    ],
    "newsml-g2__LISTING_1_A_NewsML-G2_News_Item.xml": [
        {
            "agency": "Reuters",  # provider qcode="nprov:REUTERS"
            "item_id": "urn:newsml:acmenews.com:20161018:US-FINANCE-FED",
            "version": 11,
            "pub_status": PubStatus.USABLE,
            "embargo": utc(2018, 10, 23, 12, 0),
            "headline": 'Fed to halt QE to avert "bubble"',
            "dateline": ("Berlin", "Germany", ""),
            "body": False,  # its inlineXML holds only comments
        }
    ],
    "newsml-g2__LISTING_2_NewsML-G2_Text_Document.xml": [
        {
            "agency": "acmenews.com",
            "item_id": "urn:newsml:acmenews.com:20161121:US-FINANCE-FED",
            "version": 11,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": 'Fed to halt QE to avert "bubble"',
            "dateline": ("New York, NY", "", ""),
            "body": True,
            "body_has_dateline": False,
        }
    ],
    "newsml-g2__LISTING_3_Photo_in_NewsML-G2.xml": [
        {
            "agency": "Getty Images",
            "item_id": "tag:gettyimages.com,2010:GYI0062134533",
            "version": 11,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred",
            "item_type": "picture",
            "dateline": None,
            "body": False,
        }
    ],
    "newsml-g2__LISTING_6_Simple_NewsML-G2_Package.xml": [
        {
            "agency": "AcmeNews",
            "item_id": "tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658",
            "version": 11,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "UK",
            "item_type": "package",
            "body": False,
        }
    ],
    "newsml-g2__LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": (UnknownFormat, "fragment"),
    "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml": [
        {
            "agency": "Reuters",
            "item_id": "tag:reuters.com,0000:newsml_L1N14N0FF",
            "version": 978556838,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream",
            "dateline": ("", "", "Reuters"),  # "Jan 3 (Reuters) -": a date, not a place
            "body": True,
            "body_has_dateline": True,
        }
    ],
    "superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml": [
        {
            "agency": "Reuters",
            "item_id": "tag:reuters.com,0000:newsml_L1N14N0FF",
            "version": 1542761538,
            "pub_status": PubStatus.CANCELED,
            "embargo": None,
            "headline": "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream",
            "dateline": None,
            "body": False,
        }
    ],
    "superdesk-core__ap_media_feed.json": [
        {
            "agency": "AP",
            "item_id": "95e8bd71fed448cda1a0be35d8ddbd2f",
            "version": 0,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "AC2: An Intimate Evening with Anderson Cooper and Andy Cohen",
            "item_type": "picture",
            "dateline": ("New York", "UNITED STATES", ""),
            "body": False,
        }
    ],
    "superdesk-core__ap_media_text_item.json": [
        {
            "agency": "AP",
            "item_id": "5ee9b4b40ea5fe9c9ca60f890fb2e1d9",
            "version": 0,
            "pub_status": PubStatus.USABLE,
            "embargo": None,
            "headline": "BC-BBN--Top Ten",
            "dateline": None,
            "body": False,  # the text is a separate NITF rendition
        }
    ],
    "superdesk-core__ap_media_text_nitf.xml": (MissingField, "doc-id"),
    "superdesk-core__ninjs_embargoed.json": [
        {
            "agency": "360info",
            "item_id": "fd8e441b-a698-4411-9246-7d5de21cced9",
            "version": 11,
            "pub_status": PubStatus.USABLE,
            "embargo": utc(2022, 6, 29, 2, 30),
            "headline": "Trouble is brewing for the future of beer",
            "body": True,
            "body_has_dateline": False,
        }
    ],
}


def test_the_sample_folder_is_there():
    assert len(sample_files()) >= 20, f"expected the wire samples in {SAMPLES.name} beside the repository"


@pytest.mark.parametrize("path", sample_files(), ids=lambda path: path.name)
def test_every_sample_is_parsed_or_refused_with_a_reason(path):
    try:
        items = parse(path.read_bytes(), filename=path.name)
    except WireParseError as error:
        assert error.reason and len(error.reason) > 20
        return
    assert items
    for item in items:
        assert item.agency and item.item_id
        assert isinstance(item.version, int)
        assert item.raw == path.read_bytes() and item.source_filename == path.name
        assert item.headline or item.item_type != "text"
        assert "<script" not in item.body_html


def test_every_sample_has_expectations_written_down():
    missing = [path.name for path in sample_files() if path.name not in EXPECTED]
    assert not missing, f"write down the expected fields of the new samples: {missing}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_gives_the_expected_fields(name):
    expected = EXPECTED[name]
    if isinstance(expected, tuple):
        error_class, phrase = expected
        with pytest.raises(error_class) as raised:
            parse(read(name))
        assert phrase in raised.value.reason
        return
    items = parse(read(name), filename=name)
    assert len(items) == len(expected)
    for item, fields in zip(items, expected):
        for field, value in fields.items():
            if field == "dateline":
                actual = (item.dateline.place, item.dateline.country, item.dateline.agency) if item.dateline else None
                assert actual == value, field
            elif field == "body":
                assert bool(item.body_html.strip()) == value, field
            else:
                assert getattr(item, field) == value, field


def test_the_reuters_kill_is_a_later_version_of_the_same_story():
    (first,) = parse(read("superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"))
    (kill,) = parse(read("superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml"))
    assert kill.key == first.key
    assert kill.version > first.version
    assert (first.pub_status, kill.pub_status) == (PubStatus.USABLE, PubStatus.CANCELED)


def test_the_reuters_dateline_is_cut_after_the_correction_note():
    (item,) = parse(read("superdesk-core__tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"))
    assert "Jan 3 (Reuters) - Residents" in item.body_html
    assert "(Reuters)" not in item.body_html_without_dateline
    assert "<p>Residents of flooded areas" in item.body_html_without_dateline
    assert item.body_html_without_dateline.startswith("<p>(In Jan. 3 story, corrects")


def test_dpa_embargo_is_the_right_instant():
    (item,) = parse(read("dpa-digitalwires-to-newsmlg2__output_embargoed.xml"))
    # <embargoed>2025-01-23T19:00:00+01:00</embargoed>
    assert item.embargo == datetime(2025, 1, 23, 19, 0, tzinfo=timezone(timedelta(hours=1)))
    assert item.is_embargoed_at(utc(2025, 1, 23, 17, 59))
    assert not item.is_embargoed_at(utc(2025, 1, 23, 18, 0))


def test_dpa_non_public_ednotes_are_kept_apart_and_never_published():
    (item,) = parse(read("dpa-digitalwires-to-newsmlg2__output_embargoed.xml"))
    confidential = [note.text for note in item.ednotes if note.confidential]
    # The two edNotes marked pubconstraint="dpapconstraint:nonpublic", and the notepad's
    # np-nonpublic section.
    assert any(text.startswith("Autor/in: Sabrina Szameitat") for text in confidential)
    assert any(text.startswith("Redaktion: Foto: Newsdesk") for text in confidential)
    assert any("nicht zur Veröffentlichung bestimmt" in text for text in confidential)
    public_notes = [note.text for note in item.ednotes if not note.confidential]
    assert not any("Szameitat" in text or "+49" in text for text in public_notes)
    published = " ".join([item.headline, item.standfirst, item.body_html, item.body_html_without_dateline])
    for forbidden in ("Szameitat", "+49", "dpa.com", "Newsdesk", "Sperrfrist", "Notizblock", "dpa sza yybb"):
        assert forbidden not in published


def test_dpa_body_is_the_story_only():
    (item,) = parse(read("dpa-digitalwires-to-newsmlg2__output_embargoed.xml"))
    assert item.body_html.startswith("<p>Berlin (dpa) - Bundespräsident")
    assert item.body_html_without_dateline.startswith("<p>Bundespräsident")
    # The header (slugline list, embargo line, repeated headline) and the teaser are not body.
    assert item.standfirst.startswith("Eine Ausstellung in Berlin zeigt")
    assert "Eine Ausstellung in Berlin zeigt" not in item.body_html
    assert "<h2>Gemälde aus Odessa mit Werken aus Berliner Sammlungen im Dialog</h2>" in item.body_html


def test_dpa_json_and_its_newsml_g2_conversion_agree():
    (from_json,) = parse(read("dpa-digitalwires-to-newsmlg2__input_embargoed.json"))
    (from_xml,) = parse(read("dpa-digitalwires-to-newsmlg2__output_embargoed.xml"))
    assert from_json.key == from_xml.key and from_json.version == from_xml.version
    assert from_json.embargo == from_xml.embargo
    assert from_json.body_html == from_xml.body_html_without_dateline
    assert {note.text for note in from_json.ednotes if note.confidential} >= {
        note.text for note in from_xml.ednotes if note.confidential and note.role == "dpaednoterole:dpacontacts"
    }


def test_ap_text_item_is_completed_by_its_nitf_rendition():
    (item,) = parse(read("superdesk-core__ap_media_text_item.json"))
    assert item.text_rendition_url.startswith(
        "https://d.e.f/media/v/content/5ee9b4b40ea5fe9c9ca60f890fb2e1d9.0/download?type=text&format=NITF"
    )
    completed = attach_text_rendition(item, read("superdesk-core__ap_media_text_nitf.xml"))
    assert completed.key == item.key and completed.version == item.version
    assert "<td>McNeil NYM</td>" in completed.body_html
    assert completed.body_html.count("<table>") == 3
    assert "BC-BBN--Top Ten" not in completed.body_html  # the repeated headline
    with pytest.raises(WireParseError):
        attach_text_rendition(item, b"<nitf><body><body.content><p>cut")


def test_tt_package_lists_its_members_and_the_story_gets_its_picture():
    package, story, picture = parse(read("newsinjson__TT_newsmlg2_sample.xml"))
    assert package.members == (story.item_id, picture.item_id)
    assert [media.item_id for media in story.media] == ["http://tt.se/media/image/sdlm1btzmKu8WU"]
    assert len(story.media[0].renditions) == 4
    assert story.media[0].renditions[0].width == 4928
    assert "<h1>" not in story.body_html and "<img" not in story.body_html and "<figure" not in story.body_html
    assert '<a href="https://www.aftonbladet.se/' in story.body_html


def test_getty_picture_keeps_the_file_beside_it_and_drops_file_urls():
    (item,) = parse(read("newsml-g2__LISTING_3_Photo_in_NewsML-G2.xml"))
    (picture,) = item.media
    # The remoteContent hrefs are "./GYI0062134533.jpg" and two "file:///./..." URLs.
    (beside,) = picture.renditions
    assert beside.local_path == "GYI0062134533.jpg" and beside.href == "" and beside.width == 1500
    assert len([warning for warning in item.warnings if "not an absolute http(s) URL" in warning]) == 2
    assert picture.credit == "Getty Images" and picture.byline == "Spencer Platt"


def test_newsml_g2_located_and_dateline_fragment():
    content_meta = parse_xml(read("newsml-g2__LISTING_28_Illustrating_Located_Subject_and_Dateline.xml"))
    dateline = dateline_from_newsml_g2(content_meta)
    # <dateline>MOSCOW, Monday (Reuters)</dateline>, with located city:Moscow / cntry:Russia.
    assert (dateline.place, dateline.agency, dateline.source) == ("MOSCOW", "Reuters", "dateline")
    assert dateline.country == "Russia"


def test_afp_advisory_line_is_an_ednote_not_text():
    (item,) = parse(read("newsinjson__afp.com_newsml1.2_sample.xml"))
    assert any(note.text.startswith("RECASTS with attack on Hamas targets") for note in item.ednotes)
    assert "RECASTS" not in item.body_html
    assert item.keywords[:3] == ("Israel", "Palestinians", "conflict")


def test_ap_image_renditions_and_rights():
    (item,) = parse(read("newsinjson__2.1_ap_image.json"))
    (picture,) = item.media
    main = picture.renditions[0]
    assert (main.name, main.width, main.height, main.mime_type) == ("main", 3000, 2208, "image/jpeg")
    assert item.credit == "ASSOCIATED PRESS"
    assert item.usage_terms.startswith("This content is intended for editorial use only.")
    assert [note.text for note in item.ednotes] == ["TURKEY OUT NOV. 11, 2019 FILE PHOTO"]
