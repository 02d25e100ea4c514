"""Reading untrusted bytes safely: a size limit, then XML or JSON with hard limits.

Agency files come from outside, so the parsers never let the XML parser fetch anything or
expand entities: a document that declares a DOCTYPE (where entities and external references
live) is refused with a reason instead of being parsed. lxml is run with DTD loading,
entity resolution and network access off and ``huge_tree`` off (libxml2's own limits on text
size and nesting stay on); on top of that, nesting depth and the number of elements are
capped. The size limit is checked before any parsing starts.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from lxml import etree

from .items import NotWellFormed, TooLarge, UnsafeDocument, WireParseError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Real NewsML-G2 with an XHTML body nests about 15 levels; tables a few more.
MAX_XML_DEPTH = 100
MAX_XML_ELEMENTS = 250_000
# Python's json module recurses per level; refuse well before the interpreter's limit.
MAX_JSON_DEPTH = 64


def as_bytes(payload: Any) -> bytes:
    """The payload as bytes; str is accepted as UTF-8 so a caller's slip is not a crash."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, (bytearray, memoryview)):
        return bytes(payload)
    if isinstance(payload, str):
        return payload.encode("utf-8", errors="replace")
    raise WireParseError(f"the payload must be bytes, not {type(payload).__name__}")


def check_size(payload: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a payload over ``max_bytes`` (and an empty one) before anything reads it."""
    if len(payload) > max_bytes:
        raise TooLarge(f"the file is {len(payload):,} bytes, over the limit of {max_bytes:,} bytes; it was not parsed")
    if not payload.strip():
        raise NotWellFormed("the file is empty")


_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def leading_text(payload: bytes) -> str:
    """The first 64 KiB as text (by byte order mark or NULs), to see what precedes the root."""
    head = payload[:65536]
    for bom, codec in _BOM_CODECS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore")
    if b"\x00" in head[:4]:
        # UTF-16/32 without a byte order mark; guess the byte order from the NUL position.
        codec = "utf-16-be" if head[:1] == b"\x00" else "utf-16-le"
        return head.decode(codec, errors="ignore")
    return head.decode("latin-1")


_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)


def refuse_declarations(payload: bytes) -> None:
    """Refuse a DOCTYPE or entity declaration before the root element.

    That is where billion-laughs entities and external (file: or http:) references are
    declared. Comments and processing instructions before the root are skipped over, so a
    DOCTYPE cannot hide behind them; text inside the document is not scanned, so an article
    quoting "<!DOCTYPE" in CDATA is not refused.
    """
    text = leading_text(payload)
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            return
        if text.startswith("<?", start):
            end = text.find("?>", start)
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
        elif _DECLARATION.match(text, start):
            kind = _DECLARATION.match(text, start).group(1).upper()
            raise UnsafeDocument(
                f"the document declares a {kind} (entities or external references); "
                "wire documents must not, so it was refused without being expanded"
            )
        else:
            return  # the root element: the prolog is over
        if end < 0:
            return  # an unterminated comment; the XML parser will report it
        position = end + 2


def _xml_parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers keep state and are not thread-safe.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        recover=False,
    )


def _explain_xml_error(error: etree.XMLSyntaxError) -> WireParseError:
    message = (error.msg or str(error)).strip()
    line = f" (line {error.lineno})" if error.lineno else ""
    lowered = message.lower()
    if "excessive depth" in lowered or "huge" in lowered:
        return UnsafeDocument(f"the XML is nested too deeply or too large to parse safely{line}")
    if "amplification" in lowered or "entity loop" in lowered:
        return UnsafeDocument(f"the XML's entities would expand explosively (a billion-laughs attack){line}")
    if "utf-8" in lowered or "encoding" in lowered or ("char" in lowered and "range" in lowered):
        return NotWellFormed(f"the XML has bytes that are not valid text in its encoding{line}: {message}")
    if "entity" in lowered and "not defined" in lowered:
        return NotWellFormed(
            f"the XML uses an entity that is not declared (XML knows only &lt; &gt; &amp; &quot; &apos;){line}: {message}"
        )
    return NotWellFormed(f"the XML is not well-formed{line}: {message}")


def check_tree_limits(root: etree._Element) -> None:
    """Refuse trees deeper than ``MAX_XML_DEPTH`` or bigger than ``MAX_XML_ELEMENTS``."""
    depth = 0
    count = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            count += 1
            if depth > MAX_XML_DEPTH:
                raise UnsafeDocument(f"the XML nests more than {MAX_XML_DEPTH} elements deep")
            if count > MAX_XML_ELEMENTS:
                raise UnsafeDocument(f"the XML has more than {MAX_XML_ELEMENTS:,} elements")
        else:
            depth -= 1


def parse_xml(payload: bytes) -> etree._Element:
    """Parse untrusted XML into an lxml element, or raise a :class:`WireParseError`."""
    refuse_declarations(payload)
    try:
        root = etree.fromstring(payload, parser=_xml_parser())
    except etree.XMLSyntaxError as error:
        raise _explain_xml_error(error) from error
    except ValueError as error:  # e.g. an unknown encoding name in the declaration
        raise NotWellFormed(f"the XML could not be read: {error}") from error
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        # Belt and braces: the prolog scan should already have refused this.
        raise UnsafeDocument("the document declares a DOCTYPE, which wire documents must not")
    check_tree_limits(root)
    return root


def _json_depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            return depth
        if isinstance(current, dict):
            stack.extend((child, depth + 1) for child in current.values())
        elif isinstance(current, list):
            stack.extend((child, depth + 1) for child in current)
    return deepest


def parse_json(payload: bytes) -> Any:
    """Parse untrusted JSON (UTF-8, -16 or -32), or raise a :class:`WireParseError`."""
    try:
        value = json.loads(payload)
    except UnicodeDecodeError as error:
        raise NotWellFormed(f"the JSON is not valid UTF-8 (byte {error.start}: {error.reason})") from error
    except json.JSONDecodeError as error:
        raise NotWellFormed(
            f"the JSON is not well-formed (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from error
    except RecursionError as error:
        raise UnsafeDocument("the JSON is nested too deeply to parse safely") from error
    except ValueError as error:  # e.g. an integer with more digits than Python allows
        raise NotWellFormed(f"the JSON has a value that cannot be read: {error}") from error
    if _json_depth(value) > MAX_JSON_DEPTH:
        raise UnsafeDocument(f"the JSON nests more than {MAX_JSON_DEPTH} levels deep")
    return value
