"""Hostile and broken input: refused with a reason, quickly, and never by any exception
other than WireParseError. Agency HTML comes out cut down to the allow-list."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roznama.wire import (
    NotWellFormed,
    TooLarge,
    UnknownFormat,
    UnsafeDocument,
    WireParseError,
    parse,
)
from roznama.wire import safety
from roznama.wire.sanitize import clean_html, plain_text, safe_url

REPOSITORY = Path(__file__).resolve().parents[3]
SAMPLES = REPOSITORY / "tests" / "data" / "wire-samples"
DEMO_ITEMS = REPOSITORY / "src" / "roznama" / "wire" / "demo_items"


def payload_files() -> list[Path]:
    samples = (
        [p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith(("LICENSE", "NOTICE", "SOURCES"))]
        if SAMPLES.is_dir()
        else []
    )
    demo = [p for p in DEMO_ITEMS.iterdir() if p.suffix in {".json", ".xml"}]
    return sorted(samples + demo)


def refusal(payload: bytes, **options) -> WireParseError:
    """The error ``parse`` raises; fails the test if it returns or raises anything else."""
    with pytest.raises(WireParseError) as raised:
        parse(payload, **options)
    assert raised.value.reason.strip()
    return raised.value


def assert_parsed_or_refused_specifically(payload: bytes) -> None:
    """Either items, or a refusal of a known kind (the bare base class only comes from the
    catch-all for unexpected exceptions, which would mean a parser bug)."""
    try:
        parse(payload)
    except WireParseError as error:
        assert type(error) is not WireParseError, error.reason
        assert error.reason.strip()


NEWS_ITEM = (
    b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:1" version="1">'
    b'<itemMeta><provider literal="Reuters"/></itemMeta><contentMeta><headline>%s</headline></contentMeta></newsItem>'
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<newsItem guid="urn:test:1" version="1"><contentMeta><headline>&lol9;</headline></contentMeta></newsItem>"""

EXTERNAL_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<newsItem guid="urn:test:1" version="1"><contentMeta><headline>&secret;</headline></contentMeta></newsItem>"""

EXTERNAL_HTTP = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY remote SYSTEM "http://127.0.0.1:9/entity.xml">]>
<newsItem guid="urn:test:1" version="1"><contentMeta><headline>&remote;</headline></contentMeta></newsItem>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf.dtd">
<nitf><head><docdata><doc-id id-string="x"/></docdata></head></nitf>"""

INTERNAL_SUBSET = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ELEMENT newsItem ANY><!ATTLIST newsItem guid CDATA "urn:injected">]>
<newsItem version="1"/>"""


@pytest.mark.parametrize(
    "payload",
    [BILLION_LAUGHS, EXTERNAL_FILE, EXTERNAL_HTTP, EXTERNAL_DTD, INTERNAL_SUBSET],
    ids=["billion-laughs", "external-file", "external-http", "external-dtd", "internal-subset"],
)
def test_documents_with_a_doctype_are_refused_unexpanded(payload):
    started = time.perf_counter()
    error = refusal(payload)
    assert isinstance(error, UnsafeDocument)
    assert "DOCTYPE" in error.reason
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?>\n<!-- a comment first -->\n<?pi before?>\n<!DOCTYPE x [<!ENTITY a "b">]><newsItem/>',
        b"\xef\xbb\xbf<!DOCTYPE x [<!ENTITY a 'b'>]><newsItem/>",
        b"   <!doctype x><newsItem/>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><newsItem/>'.encode("utf-16"),
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><newsItem/>'.encode("utf-16-be"),
    ],
    ids=["after-comment-and-pi", "after-bom", "lower-case", "utf-16", "utf-16-without-bom"],
)
def test_a_doctype_cannot_hide(payload):
    assert isinstance(refusal(payload), UnsafeDocument)


def test_the_xml_parser_itself_does_not_expand_entities(monkeypatch):
    # Take away the DOCTYPE scan: the lxml settings alone must still keep the file out.
    monkeypatch.setattr(safety, "refuse_declarations", lambda payload: None)
    for payload in (EXTERNAL_FILE, BILLION_LAUGHS):
        with pytest.raises(UnsafeDocument) as raised:
            safety.parse_xml(payload)
        assert "root:" not in raised.value.reason and "lollol" not in raised.value.reason


def test_doctype_text_inside_the_story_is_not_a_doctype():
    payload = NEWS_ITEM % b"<![CDATA[How to write <!DOCTYPE html> correctly]]>"
    (item,) = parse(payload)
    assert item.headline == "How to write <!DOCTYPE html> correctly"


def test_undeclared_entities_are_refused():
    error = refusal(NEWS_ITEM % b"caf&eacute;")
    assert isinstance(error, NotWellFormed) and "eacute" in error.reason


def test_a_50_megabyte_body_is_refused_by_size_before_parsing(monkeypatch):
    def must_not_parse(payload):
        raise AssertionError("parsed before the size check")

    monkeypatch.setattr("roznama.wire.parsers.parse_json", must_not_parse)
    monkeypatch.setattr("roznama.wire.parsers.parse_xml", must_not_parse)
    payload = b'{"uri": "urn:test:big", "type": "text", "body_html": "' + b"a" * (50 * 1024 * 1024) + b'"}'
    started = time.perf_counter()
    error = refusal(payload)
    assert time.perf_counter() - started < 0.5
    assert isinstance(error, TooLarge)
    assert "52,428," in error.reason and "20,971,520" in error.reason


def test_the_size_limit_is_configurable():
    payload = NEWS_ITEM % b"Headline"
    assert isinstance(refusal(payload, max_bytes=len(payload) - 1), TooLarge)
    assert parse(payload, max_bytes=len(payload))[0].headline == "Headline"


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>' + NEWS_ITEM % b"caf\xe9 \xff\xfe",
        b'{"uri": "urn:test:1", "type": "text", "headline": "caf\xe9 \xff"}',
    ],
    ids=["xml", "json"],
)
def test_invalid_utf8_is_refused_with_a_reason(payload):
    error = refusal(payload)
    assert isinstance(error, NotWellFormed)
    assert "UTF-8" in error.reason or "encoding" in error.reason


def test_xml_in_a_declared_legacy_encoding_is_read():
    payload = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + NEWS_ITEM % b"caf\xe9"
    assert parse(payload)[0].headline == "café"


@pytest.mark.parametrize(
    "payload",
    [
        b"<newsItem guid='x' version='1'>" + b"<a>" * 150 + b"</a>" * 150 + b"</newsItem>",
        b"<newsItem guid='x' version='1'>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</newsItem>",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"uri": "x", "type": "text", "a": ' + b"[" * 200 + b"]" * 200 + b"}",
    ],
    ids=["xml-150-deep", "xml-5000-deep", "json-100000-deep", "json-200-deep"],
)
def test_deep_nesting_is_refused(payload):
    started = time.perf_counter()
    assert isinstance(refusal(payload), UnsafeDocument)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("payload", [b"", b"   \n", b"\x00\x01\x02", b"GARBAGE", b"%PDF-1.7"])
def test_empty_and_unknown_payloads(payload):
    assert isinstance(refusal(payload), (NotWellFormed, UnknownFormat))


def test_a_payload_that_is_not_bytes_is_refused_not_crashed():
    assert refusal(12345).reason.startswith("the payload must be bytes")


@pytest.mark.parametrize("path", payload_files(), ids=lambda path: path.name)
def test_truncated_files_are_refused_with_a_reason(path):
    data = path.read_bytes()
    for fraction in (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        cut = int(len(data) * fraction)
        assert_parsed_or_refused_specifically(data[:cut])
        assert_parsed_or_refused_specifically(data[cut:])
    # A cut inside the document is never silently accepted as a whole document.
    with pytest.raises(WireParseError):
        parse(data[: len(data) // 2])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(payload):
    assert_parsed_or_refused_specifically(payload)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([b"<", b"{", b"[", b"<newsItem ", b"<nitf><head>", b'{"uri": "u", "type": ']),
    st.binary(max_size=300),
)
def test_random_bytes_behind_a_plausible_start(start, rest):
    assert_parsed_or_refused_specifically(start + rest)


NINJS_KEYS = [
    "uri",
    "guid",
    "type",
    "version",
    "versioncreated",
    "versionCreated",
    "firstcreated",
    "pubstatus",
    "embargoed",
    "headline",
    "headlines",
    "bodies",
    "body_html",
    "body_text",
    "descriptions",
    "description_text",
    "by",
    "byline",
    "located",
    "subjects",
    "subject",
    "keywords",
    "associations",
    "renditions",
    "urgency",
    "ednote",
    "ednotes",
    "role",
    "value",
    "contenttype",
    "href",
    "width",
    "name",
    "code",
    "scheme",
    "altids",
    "itemid",
    "data",
    "items",
    "item",
    "format",
    "urn",
    "article_html",
    "categories",
    "notepad",
    "language",
    "usageterms",
    "signals",
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(NINJS_KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=12,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=20), st.dictionaries(st.sampled_from(NINJS_KEYS), JSON_VALUES, max_size=10))
def test_json_of_the_right_shape_with_the_wrong_types(uri, fields):
    document = {"uri": uri, "type": "text", **fields}
    assert_parsed_or_refused_specifically(json.dumps(document).encode())


WRONG_VALUES = [
    None,
    True,
    -1,
    1.5,
    1e308,
    "",
    "x",
    "2026-13-45T99:99:99Z",
    [],
    {},
    [None],
    [{}],
    ["x"],
    {"value": 1},
    [{"value": []}],
]
BASE_DOCUMENTS = {
    "ninjs": {
        "uri": "urn:test:1",
        "type": "text",
        "version": "1",
        "copyrightholder": "Reuters",
        "headlines": [{"role": "main", "value": "H"}],
        "bodies": [{"role": "richtext", "value": "<p>B</p>"}],
        "associations": {"pic": {"type": "picture", "renditions": {"main": {"href": "https://example.org/a.jpg"}}}},
    },
    "ap": {
        "data": {
            "items": [
                {
                    "item": {
                        "altids": {"itemid": "abc"},
                        "version": 0,
                        "type": "picture",
                        "headline": "H",
                        "renditions": {"main": {"href": "https://example.org/a.jpg", "type": "picture"}},
                    }
                }
            ]
        }
    },
    "dpa": {
        "format": "digitalwires@0.9.1",
        "urn": "urn:newsml:dpa.com:20090101:1",
        "version": 1,
        "headline": "H",
        "article_html": "<p>B</p>",
        "notepad": {"public_html": "<p>x</p>"},
        "categories": [{"type": "dnltype:keyword", "name": "k"}],
    },
}


def _with_value(document, path: tuple, value):
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix + (key,)
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


@pytest.mark.parametrize("shape", sorted(BASE_DOCUMENTS))
def test_every_field_with_every_wrong_type(shape):
    base = BASE_DOCUMENTS[shape]
    assert parse(json.dumps(base).encode())  # the untouched document is fine
    for path in list(_paths(base)) + [(key,) for key in NINJS_KEYS]:
        for value in WRONG_VALUES:
            assert_parsed_or_refused_specifically(json.dumps(_with_value(base, path, value)).encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({"data": st.fixed_dictionaries({}, optional={"items": JSON_VALUES, "item": JSON_VALUES})}))
def test_ap_shaped_json_with_the_wrong_types(document):
    assert_parsed_or_refused_specifically(json.dumps(document).encode())


# Sanitising ---------------------------------------------------------------------------

HOSTILE_HTML = """
<p onclick="steal()">Hello <script>alert(1)</script><b>bold</b> <i style="color:red">i</i></p>
<style>body { display: none }</style>
<iframe src="https://evil.example/"></iframe>
<p><a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt:alert(2)">js2</a>
<a href="java&#9;script:alert(3)">js3</a> <a href="data:text/html,<script>x</script>">data</a>
<a href="/relative/page">rel</a> <a href="vbscript:msgbox">vb</a> <a href="file:///etc/passwd">file</a>
<a href="https://user:pass@example.org/">creds</a>
<a href="https://example.org/story?id=1&amp;x=2" target="_blank" onmouseover="x()">ok</a>
<a href="mailto:desk@example.org">mail</a></p>
<img src="https://example.org/a.jpg" onerror="x()"><svg><script>alert(4)</script></svg>
<object data="x.swf"></object><form action="https://evil.example/"><input name="q"></form>
<h2>Sub</h2><h3>Sub3</h3><h4>Sub4</h4><h1>Big</h1><blockquote>Quote</blockquote>
<ul><li>one</li></ul><ol><li>two</li></ol><em>em</em><strong>strong</strong><br>
<table><tbody><tr><th colspan="2">Head</th></tr><tr><td onclick="x()">1</td><td>2</td></tr></tbody></table>
"""


def test_scripts_styles_iframes_and_handlers_are_removed():
    cleaned = clean_html(HOSTILE_HTML)
    for forbidden in (
        "<script",
        "alert(",
        "<style",
        "display: none",
        "<iframe",
        "evil.example",
        "onclick",
        "onerror",
        "onmouseover",
        "style=",
        "<img",
        "<svg",
        "<object",
        "<form",
        "<input",
        "target=",
    ):
        assert forbidden not in cleaned, forbidden


def test_only_http_https_and_mailto_links_survive():
    cleaned = clean_html(HOSTILE_HTML)
    assert "javascript" not in cleaned.lower() and "vbscript" not in cleaned and "data:" not in cleaned
    assert "file:" not in cleaned and "/relative/page" not in cleaned and "user:pass" not in cleaned
    assert '<a href="https://example.org/story?id=1&amp;x=2" rel="noopener noreferrer nofollow">ok</a>' in cleaned
    assert '<a href="mailto:desk@example.org" rel="noopener noreferrer nofollow">mail</a>' in cleaned
    # The text of a refused link stays, as plain text.
    for text in ("js", "js2", "rel", "file", "creds"):
        assert f">{text}</a>" not in cleaned and f" {text} " in f" {plain_text(cleaned)} "


def test_allowed_markup_is_kept():
    cleaned = clean_html(HOSTILE_HTML)
    for kept in (
        "<p>Hello <b>bold</b> <i>i</i></p>",
        "<h2>Sub</h2>",
        "<h3>Sub3</h3>",
        "<h4>Sub4</h4>",
        "<blockquote>Quote</blockquote>",
        "<ul><li>one</li></ul>",
        "<ol><li>two</li></ol>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<br>",
        '<th colspan="2">Head</th>',
        "<td>1</td>",
    ):
        assert kept in cleaned, kept
    assert "<h1>" not in cleaned and "Big" in cleaned


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("mailto:desk@example.org", True),
        ("  https://example.org/padded  ", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
        ("ftp://example.org/file", False),
        ("//example.org/protocol-relative", False),
        ("/relative", False),
        ("https://user:secret@example.org/", False),
        ("https:///no-host", False),
        ("mailto:nobody", False),
        ("", False),
    ],
)
def test_safe_url(url, safe):
    assert (safe_url(url) is not None) == safe


def test_agency_html_is_sanitised_end_to_end():
    document = {
        "uri": "urn:test:hostile",
        "type": "text",
        "version": "1",
        "copyrightholder": "Reuters",
        "headline": "Markets <script>alert(1)</script>rally",
        "body_html": '<p>LONDON (Reuters) - Shares <a href="javascript:x()">rose</a>.</p><script>alert(2)</script>'
        '<p onclick="x()">More <iframe src="https://evil.example"></iframe>text.</p>',
    }
    (item,) = parse(json.dumps(document).encode())
    assert item.headline == "Markets rally"
    assert item.body_html == "<p>LONDON (Reuters) - Shares rose.</p>\n<p>More text.</p>"
    assert item.body_html_without_dateline == "<p>Shares rose.</p>\n<p>More text.</p>"


@pytest.mark.parametrize(
    "href,expected",
    [
        ("photo.jpg", "photo.jpg"),
        ("./photos/photo.jpg", "photos/photo.jpg"),
        ("photos/../photo.jpg", "photo.jpg"),
        ("../photo.jpg", ""),
        ("photos/../../etc/passwd", ""),
        ("/etc/passwd", ""),
        ("file:///./photo.jpg", ""),
        ("https://example.org/photo.jpg", ""),
        ("C:\\photos\\photo.jpg", ""),
        ("\\\\server\\share\\photo.jpg", ""),
        ("", ""),
    ],
)
def test_a_picture_beside_an_item_never_names_a_file_outside_its_folder(href, expected):
    from roznama.wire.parsers.draft import local_file_path

    assert local_file_path(href) == expected
