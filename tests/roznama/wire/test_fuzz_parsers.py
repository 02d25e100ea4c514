"""Every wire parser fuzzed from the real samples: each sample of each format (ninjs,
NewsML-G2, NITF, NewsML 1, AP Media API, dpa digitalwires, RSS, Atom) is mutated the way
broken or hostile agency files are (elements dropped, copied and moved, texts and attributes
replaced, JSON fields deleted or given values of another type, bytes cut, flipped or
inserted) and handed to :func:`roznama.wire.parse`.  Each input must either parse into items
or be refused with one of the wire's own error types and a reason; the bare
``WireParseError`` that the parser's catch-all makes out of an unexpected exception (a bug
met on odd input) fails the test with that exception.  The examples are bounded and derived
from a fixed seed, so the run is the same each time.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from lxml import etree

from roznama.wire import WireItem, WireParseError, parse
from roznama.wire.parsers import detect_format

from .test_parse_formats import ATOM, RSS

pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parents[3]
SAMPLES = REPOSITORY / "tests" / "data" / "wire-samples"
DEMO_ITEMS = REPOSITORY / "src" / "roznama" / "wire" / "demo_items"
EXAMPLES = 150
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def seeds() -> dict[str, list[bytes]]:
    """The sample payloads by the format the parsers read them as."""
    found: dict[str, list[bytes]] = {"rss": [RSS], "atom": [ATOM]}
    for path in sorted(SAMPLES.glob("*.*")) + sorted(DEMO_ITEMS.glob("*.*")):
        if path.suffix not in {".json", ".xml"}:
            continue
        data = path.read_bytes()
        try:
            found.setdefault(detect_format(data), []).append(data)
        except WireParseError:
            continue  # a fragment (a NewsML-G2 listing of a contentMeta): refused whole, see test_safety
    return found


SEEDS = seeds()
FORMATS = ["ninjs", "newsml-g2", "nitf", "newsml-1", "ap-media", "dpa-digitalwires", "rss", "atom"]


def test_every_format_has_samples_to_fuzz():
    """Each format has a sample that parses as it is (AP's NITF text rendition alone does not:
    it is stored with its AP item), so the mutations start from working documents."""
    assert sorted(SEEDS) == sorted(FORMATS)
    for format_name, payloads in SEEDS.items():
        outcomes = [outcome(payload, agency_hint="APP") for payload in payloads]
        assert "parsed" in outcomes, format_name


def note_outcome(what: str) -> None:
    """Counted in ``--hypothesis-show-statistics``: how many mutants parse, how many are refused."""
    if currently_in_test_context():
        event(what)


# With and without a source's configured agency: a feed that names none is refused without.
HINTS = st.sampled_from([None, "APP"])


def outcome(payload: bytes, agency_hint: str | None = None) -> str:
    """``parsed`` or ``refused``; fails on anything else."""
    try:
        items = parse(payload, agency_hint=agency_hint)
    except WireParseError as error:
        assert error.reason.strip(), "a refusal without a reason"
        if (
            type(error) is WireParseError
            and error.__cause__ is not None
            and not isinstance(error.__cause__, (WireParseError, RecursionError))
        ):
            raise AssertionError(f"a parser crashed on this input: {error.reason}") from error.__cause__
        note_outcome(f"refused: {type(error).__name__}")
        return "refused"
    note_outcome("parsed")
    assert isinstance(items, list)
    for item in items:
        assert isinstance(item, WireItem)
        assert isinstance(item.headline, str) and isinstance(item.body_html, str)
    return "parsed"


# --- Values a mutation puts in ----------------------------------------------------------

XML_TEXT = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")) | st.sampled_from("\n\t")
TEXTS = st.one_of(
    st.text(XML_TEXT, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e309",
            "99999999999999999999999",
            "NaN",
            "2026-13-45T99:99:99Z",
            "2026-03-02T05:00:00+05:00",
            "Mon, 02 Mar 2026 05:00:00 +0000",
            "urn:x",
            "usable",
            "canceled",
            "withdrawn",
            "embargoed",
            "text",
            "picture",
            "composite",
            "<p>x</p>",
            "&lt;b&gt;",
            "ISLAMABAD (APP) -",
            "کراچی",
            "\u202e",
            "\ufeff",
        ]
    ),
    st.integers().map(str),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | TEXTS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXTS, children, max_size=4),
    max_leaves=10,
)


# --- Mutating XML -----------------------------------------------------------------------


def mutate_xml(data, payload: bytes) -> bytes:
    root = etree.fromstring(payload, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    for _ in range(data.draw(st.integers(1, 5), label="mutations")):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        element = data.draw(st.sampled_from(elements), label="element")
        parent = element.getparent()
        action = data.draw(st.sampled_from(["drop", "copy", "move", "text", "attribute", "empty", "rename"]))
        if action == "drop" and parent is not None:
            parent.remove(element)
        elif action == "copy" and parent is not None:
            parent.insert(data.draw(st.integers(0, len(parent))), copy.deepcopy(element))
        elif action == "move" and parent is not None:
            others = [
                e for e in elements if e is not element and element not in e.iterancestors() and e not in element.iter()
            ]
            if others:
                parent.remove(element)
                data.draw(st.sampled_from(others)).append(element)
        elif action == "text":
            element.text = data.draw(TEXTS)
        elif action == "attribute":
            names = list(element.attrib) or ["version", "guid", "role", "href", "contenttype", "type"]
            element.set(data.draw(st.sampled_from(names)), data.draw(TEXTS))
        elif action == "empty":
            for child in list(element):
                element.remove(child)
            element.text = None
        elif action == "rename" and parent is not None:
            other = data.draw(st.sampled_from(elements))
            element.tag = other.tag
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- Mutating JSON ----------------------------------------------------------------------


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


def mutate_json(data, payload: bytes) -> bytes:
    document = json.loads(payload)
    for _ in range(data.draw(st.integers(1, 5), label="mutations")):
        path = (
            data.draw(st.sampled_from([p for p in paths(document) if p]), label="path")
            if any(True for p in paths(document) if p)
            else ()
        )
        if not path:
            document = data.draw(JSON_VALUES)
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = data.draw(st.sampled_from(["replace", "delete", "copy", "wrap"]))
        if action == "replace":
            parent[key] = data.draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action == "copy":
            parent[data.draw(TEXTS)] = copy.deepcopy(parent[key])
        else:
            parent[key] = [parent[key]] if data.draw(st.booleans()) else {"value": parent[key]}
    return json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode()


# --- Mutating bytes ---------------------------------------------------------------------


def mutate_bytes(data, payload: bytes) -> bytes:
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if not payload:
            break
        at = data.draw(st.integers(0, len(payload) - 1), label="at")
        action = data.draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if action == "cut":
            payload = payload[:at] if data.draw(st.booleans()) else payload[at:]
        elif action == "flip":
            payload = payload[:at] + bytes([payload[at] ^ data.draw(st.integers(1, 255))]) + payload[at + 1 :]
        elif action == "insert":
            payload = payload[:at] + data.draw(st.binary(min_size=1, max_size=16)) + payload[at:]
        else:
            payload = payload[:at] + payload[at + data.draw(st.integers(1, 64)) :]
    return payload


def is_json(format_name: str) -> bool:
    return format_name in {"ninjs", "ap-media", "dpa-digitalwires"}


@pytest.mark.parametrize("format_name", FORMATS)
@FUZZ
@given(data=st.data())
def test_structured_mutations_of_the_samples(format_name, data):
    payload = data.draw(st.sampled_from(SEEDS[format_name]), label="sample")
    mutated = (mutate_json if is_json(format_name) else mutate_xml)(data, payload)
    outcome(mutated, data.draw(HINTS, label="agency hint"))


@pytest.mark.parametrize("format_name", FORMATS)
@FUZZ
@given(data=st.data())
def test_byte_mutations_of_the_samples(format_name, data):
    payload = data.draw(st.sampled_from(SEEDS[format_name]), label="sample")
    outcome(mutate_bytes(data, payload), data.draw(HINTS, label="agency hint"))


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(payload):
    outcome(payload)


# --- What the fuzzing found --------------------------------------------------------------


def test_an_item_inside_another_items_category_is_refused_not_crashed():
    """Found by the structured mutations: feedparser raised KeyError('tags') inside its own
    code for an item moved into another item's <category>."""
    from roznama.wire import NotWellFormed

    nested = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>'
        b"<link>https://www.app.com.pk/a/</link><category>National<item><title>x</title></item></category>"
        b"</item></channel></rss>"
    )
    with pytest.raises(NotWellFormed) as refused:
        parse(nested)
    assert refused.value.reason == "the feed has an <item> inside another <item>; each item must stand on its own"
    assert outcome(nested) == "refused"
