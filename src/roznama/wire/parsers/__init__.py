"""Format detection and the one entry point, :func:`parse`.

The bytes decide the format: JSON or XML first, then the shape of the document (the root
element's name; the keys of the JSON object). A file name and content type, when given,
only make the reason clearer when the bytes say nothing.

Format names, as found in ``WireItem.format``: ``ninjs``, ``newsml-g2``, ``nitf``,
``ap-media``, ``dpa-digitalwires``, ``newsml-1``, ``rss``, ``atom``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..items import UnknownFormat, WireItem, WireParseError
from ..safety import DEFAULT_MAX_BYTES, as_bytes, check_size, leading_text, parse_json, parse_xml
from .ap_media import looks_like_ap_media, parse_ap_media
from .dpa_digitalwires import looks_like_dpa_digitalwires, parse_dpa_digitalwires
from .draft import Draft, finish
from .feeds import FORMAT_ATOM, FORMAT_RSS, parse_feed
from .markup import local_name
from .newsml1 import parse_newsml1
from .newsml_g2 import parse_newsml_g2
from .ninjs import looks_like_ninjs, parse_ninjs
from .nitf import parse_nitf

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
_G2_ITEMS = {"newsMessage", "newsItem", "packageItem"}
_G2_NOT_NEWS = {"conceptItem", "knowledgeItem", "planningItem", "catalog", "conceptSet"}
_G2_FRAGMENTS = {"contentMeta", "itemMeta", "contentSet", "rightsInfo", "itemSet", "header"}

Result = TypeVar("Result")


def guarded(what: str, action: Callable[[], Result]) -> Result:
    """Run ``action``; let a :class:`WireParseError` through, turn anything else into one.

    Agency input is hostile or broken often enough that a parser bug on odd input must land
    in the quarantine list with a reason, never crash the worker.
    """
    try:
        return action()
    except WireParseError:
        raise
    except RecursionError as error:
        raise WireParseError(f"the {what} is nested too deeply to read") from error
    except Exception as error:  # noqa: BLE001 - the whole point is to catch everything
        raise WireParseError(f"the {what} could not be read ({type(error).__name__}: {error})") from error


def _describe(filename: str | None, content_type: str | None) -> str:
    parts = [f"file {filename!r}" if filename else "", f"content type {content_type!r}" if content_type else ""]
    described = " and ".join(part for part in parts if part)
    return f" ({described})" if described else ""


Reader = Callable[[], list[Draft]]


def _json_reader(document) -> tuple[str, str, Reader]:
    if looks_like_ap_media(document):
        return "ap-media", "AP Media API item", lambda: parse_ap_media(document)
    if looks_like_dpa_digitalwires(document):
        return "dpa-digitalwires", "dpa digitalwires entry", lambda: parse_dpa_digitalwires(document)
    if looks_like_ninjs(document):
        return "ninjs", "ninjs document", lambda: parse_ninjs(document)
    if isinstance(document, dict):
        keys = ", ".join(sorted(str(key) for key in document)[:8])
        raise UnknownFormat(f"JSON that is not ninjs, AP Media API or dpa digitalwires (its keys: {keys})")
    raise UnknownFormat(f"JSON whose top level is a {type(document).__name__}, not a news item")


def _xml_reader(root, payload: bytes) -> tuple[str, str, Reader]:
    name = local_name(root)
    if name in _G2_ITEMS:
        return "newsml-g2", "NewsML-G2 document", lambda: parse_newsml_g2(root)
    if name == "nitf":
        return "nitf", "NITF document", lambda: parse_nitf(root)
    if name == "NewsML":
        return "newsml-1", "NewsML 1 document", lambda: parse_newsml1(root)
    if name in {"rss", "RDF"}:
        return FORMAT_RSS, "RSS feed", lambda: parse_feed(payload, FORMAT_RSS, root)
    if name == "feed" and root.tag.startswith("{" + ATOM_NAMESPACE):
        return FORMAT_ATOM, "Atom feed", lambda: parse_feed(payload, FORMAT_ATOM, root)
    if name in _G2_NOT_NEWS:
        raise UnknownFormat(f"a NewsML-G2 {name}, which is not a news item")
    if name in _G2_FRAGMENTS:
        raise UnknownFormat(
            f"XML whose root is <{name}>, a fragment of a NewsML-G2 item without the item's guid "
            "and version; only whole newsItem, packageItem or newsMessage documents can be stored"
        )
    if name.lower() == "html":
        raise UnknownFormat("an HTML page, not a wire item")
    raise UnknownFormat(f"XML whose root element <{name}> is not a known wire format")


def _detect(payload: bytes, filename: str | None, content_type: str | None) -> tuple[str, str, Reader]:
    """(format name, description for messages, the reader that makes the drafts)."""
    start = leading_text(payload).lstrip("\ufeff \t\r\n")[:1]
    if start in {"{", "["}:
        return _json_reader(parse_json(payload))
    if start == "<":
        return _xml_reader(parse_xml(payload), payload)
    raise UnknownFormat(
        f"neither JSON nor XML{_describe(filename, content_type)}: the file starts with {payload[:12]!r}"
    )


def detect_format(
    payload: bytes, *, filename: str | None = None, content_type: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """The format name of a payload, read with the same limits and safety as :func:`parse`."""

    def run() -> str:
        data = as_bytes(payload)
        check_size(data, max_bytes)
        return _detect(data, filename, content_type)[0]

    return guarded("file", run)


def parse(
    payload: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    agency_hint: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[WireItem]:
    """Parse one payload of agency bytes into normalised items.

    A single item gives a list of one; a NewsML-G2 ``newsMessage``, an AP feed page or an
    RSS/Atom feed gives one item per item or entry (an empty feed gives an empty list); a
    NewsML-G2 package gives the package (``item_type="package"``) and, when they travel with
    it, its member items. ``agency_hint`` names the agency when the payload does not name a
    known one (set it from the source's configuration). ``filename`` is kept on the items.

    Anything wrong with the payload raises :class:`WireParseError` (or a subclass) with a
    reason for editors; nothing else is raised. A payload is all or nothing: if one item of
    a message cannot be read, the whole payload is refused.
    """

    def run() -> list[WireItem]:
        data = as_bytes(payload)
        check_size(data, max_bytes)
        _format, what, read = _detect(data, filename, content_type)
        drafts = guarded(what, read)
        return guarded(
            what,
            lambda: [
                finish(draft, payload=data, source_filename=filename, position=position, agency_hint=agency_hint)
                for position, draft in enumerate(drafts)
            ],
        )

    return guarded("file", run)
