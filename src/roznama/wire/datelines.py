"""Datelines: “MOSCOW (Reuters) -”, “GROSSETO, Italy (AP) --”, “Berlin (dpa) - ”, “(AP) —”,
“ISLAMABAD, Mar 2 (APP):”.

Agencies put the dateline in two places: in structured fields (NewsML-G2 ``located`` and
``dateline``, ninjs ``located``, AP ``datelinelocation``, NITF ``dateline``), and at the start
of the first paragraph of the body. A site that prints its own dateline above the text must
know whether the body already carries one, or readers see it twice. This module reads both,
and cuts the body's dateline off when asked.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .items import Dateline
from .sanitize import clean_html, collapse_whitespace

# Hyphens and dashes, and the colon APP writes: "ISLAMABAD, Mar 2 (APP):".
_DASH = r"(?:--|[-\u2010-\u2015\u2212:])"
# location (optional) + "(Agency)" + dash. The location may hold commas and a date
# ("Gaza City, Palestinian Territories, May 16, 2021"), never brackets or a line break.
_DATELINE = re.compile(
    rf"""^\s*
    (?P<location>[^()\n]{{0,100}}?)
    \s*\(\s*(?P<agency>[^()\n]{{1,40}}?)\s*\)
    \s*(?P<dash>{_DASH})?[ \t\u00a0]*""",
    re.VERBOSE,
)
_AGENCY_NAME = re.compile(r"^[^\W_][\w .&'/-]{0,39}$")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_SEGMENT = re.compile(
    rf"^(?:{_WEEKDAY}|{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\.?\s*{_MONTH}|\d{{1,4}}"
    rf"|{_WEEKDAY}\s+{_MONTH}\s*\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)$",
    re.IGNORECASE,
)
# Commas, and the Arabic comma of Urdu datelines.
_SEGMENT_SEPARATOR = re.compile(r"\s*[,\u060c]\s*")
# A paragraph that is only a bracketed note, like Reuters' "(In Jan. 3 story, corrects ...)".
_EDITORIAL_NOTE = re.compile(r"^\s*\(.*\)\s*$", re.DOTALL)
_PARAGRAPHS_TO_SEARCH = 3


def _split_location(location: str) -> tuple[str, str]:
    """("GROSSETO", "Italy") from "GROSSETO, Italy"; dates and weekdays are left out."""
    segments = [segment for segment in _SEGMENT_SEPARATOR.split(location.strip()) if segment]
    places = [segment for segment in segments if not _DATE_SEGMENT.match(segment)]
    place = places[0] if places else ""
    country = places[1] if len(places) > 1 else ""
    return place, country


def parse_dateline(text: str, *, require_dash: bool = False) -> tuple[Dateline, int] | None:
    """Read a dateline at the start of ``text``; return it and how many characters it takes.

    The length includes the dash and the space after it, so ``text[length:]`` is the story.
    A bare place with no agency in brackets (NITF's ``<dateline>Unnao</dateline>``) is not
    matched here; see :func:`dateline_from_field`.
    """
    match = _DATELINE.match(text)
    if not match:
        return None
    if require_dash and not match.group("dash"):
        return None
    agency = match.group("agency").strip()
    location = collapse_whitespace(match.group("location"))
    if not _AGENCY_NAME.match(agency) or len(agency.split()) > 4:
        return None
    if len(location.split()) > 12 or not _looks_abbreviated(location):
        return None
    place, country = _split_location(location)
    raw = collapse_whitespace(text[: match.end()].rstrip(" \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212:"))
    return Dateline(place=place, country=country, agency=agency, raw=raw), match.end()


def _looks_abbreviated(location: str) -> bool:
    # "ST. LOUIS", "WASHINGTON, D.C.", "Jan. 3": full stops that end abbreviations, not sentences.
    without_abbreviations = re.sub(r"\b[A-Za-z]{1,4}\.", "", location)
    return not any(mark in without_abbreviations for mark in '."“”:;!?')


def dateline_from_field(text: str | None, *, source: str = "dateline") -> Dateline | None:
    """A dateline from a structured field: "MOSCOW, Monday (Reuters)", "Berlin (dpa) - ", "Unnao"."""
    text = collapse_whitespace(text)
    if not text:
        return None
    parsed = parse_dateline(text)
    if parsed:
        dateline, _length = parsed
        return Dateline(
            place=dateline.place,
            country=dateline.country,
            agency=dateline.agency,
            raw=dateline.raw,
            source=source,
        )
    place, country = _split_location(text.rstrip(" -\u2013\u2014"))
    if not place or len(place) > 80:
        return None
    return Dateline(place=place, country=country, raw=text.rstrip(" -\u2013\u2014"), source=source)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _concept_name(element: etree._Element) -> str:
    """The ``name`` of a NewsML-G2 concept, or the code part of its qcode ("city:Moscow")."""
    names = _children(element, "name")
    if names and collapse_whitespace(names[0].text):
        return collapse_whitespace(names[0].text)
    qcode = element.get("qcode") or element.get("literal") or ""
    code = qcode.split(":", 1)[-1]
    # Only a readable code stands in for a name ("city:Moscow"), not an opaque id ("geo:345678").
    return code if re.search(r"[A-Za-z]{3}", code) else ""


def dateline_from_newsml_g2(content_meta: etree._Element) -> Dateline | None:
    """A dateline from NewsML-G2 ``contentMeta``: its ``dateline`` text, else ``located``."""
    for element in _children(content_meta, "dateline"):
        dateline = dateline_from_field("".join(element.itertext()))
        if dateline:
            located = _located(content_meta)
            if located and not dateline.country and located.place.lower() == dateline.place.lower():
                return Dateline(
                    place=dateline.place,
                    country=located.country,
                    agency=dateline.agency,
                    raw=dateline.raw,
                    source=dateline.source,
                )
            return dateline
    return _located(content_meta)


def _located(content_meta: etree._Element) -> Dateline | None:
    for located in _children(content_meta, "located"):
        place = _concept_name(located)
        country = ""
        for broader in _children(located, "broader"):
            kind = (broader.get("type") or "") + " " + (broader.get("qcode") or "")
            if "country" in kind.lower() or "cntry" in kind.lower() or "iso3166" in kind.lower():
                country = _concept_name(broader)
        if place:
            return Dateline(
                place=place, country=country, raw=", ".join(filter(None, (place, country))), source="located"
            )
    return None


def _is_known_agency(name: str, expected: tuple[str, ...]) -> bool:
    from .parsers.agencies import normalise_agency  # here to keep the import graph one-way

    lowered = name.lower()
    return normalise_agency(name) is not None or any(lowered == other.lower() for other in expected if other)


def _plausible(dateline: Dateline, expected_agencies: tuple[str, ...]) -> bool:
    # "The company (Acme) - said" must not be taken for a dateline: the bracket must name a
    # news agency we know (or the item's own), or the place must be written in capitals.
    if _is_known_agency(dateline.agency, expected_agencies):
        return True
    return (
        bool(dateline.place) and dateline.place.upper() == dateline.place and any(c.isalpha() for c in dateline.place)
    )


def _consume_leading(element: lxml.html.HtmlElement, count: int) -> int:
    """Delete the first ``count`` characters of ``element``'s text; return what is left to delete."""
    if count and element.text:
        taken = min(count, len(element.text))
        element.text = element.text[taken:]
        count -= taken
    for child in list(element):
        if not count:
            break
        count = _consume_leading(child, count)
        if count and child.tail:
            taken = min(count, len(child.tail))
            child.tail = child.tail[taken:]
            count -= taken
        if not child.text_content().strip() and child.tag != "br":
            child.drop_tree()  # keeps the child's tail text
    return count


def _strip_leading_space(element: lxml.html.HtmlElement) -> None:
    if element.text:
        element.text = element.text.lstrip()
        if element.text:
            return
    if len(element):
        _strip_leading_space(element[0])


def _candidate_paragraphs(container: lxml.html.HtmlElement):
    seen = 0
    for paragraph in container.iter("p"):
        text = paragraph.text_content()
        if not text.strip():
            continue
        seen += 1
        if seen > _PARAGRAPHS_TO_SEARCH:
            return
        if _EDITORIAL_NOTE.match(text):
            continue
        yield paragraph, text
        return


def split_body_dateline(body_html: str, expected_agencies: tuple[str, ...] = ()) -> tuple[Dateline | None, str]:
    """Find a dateline at the start of the body's first paragraph.

    Returns the dateline (or None) and the body with that dateline cut off (or the body
    unchanged). Bracketed editorial notes before the first paragraph, such as a Reuters
    correction notice, are skipped over. ``body_html`` must already be sanitised.
    """
    if not body_html.strip():
        return None, body_html
    container = lxml.html.fragment_fromstring(body_html, create_parent="div")
    for paragraph, text in _candidate_paragraphs(container):
        parsed = parse_dateline(text, require_dash=True)
        if not parsed:
            return None, body_html
        dateline, length = parsed
        if not _plausible(dateline, expected_agencies):
            return None, body_html
        _consume_leading(paragraph, length)
        _strip_leading_space(paragraph)
        if not paragraph.text_content().strip():
            paragraph.drop_tree()
        parts = [container.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in container]
        body = clean_html("".join(parts))
        return Dateline(
            place=dateline.place, country=dateline.country, agency=dateline.agency, raw=dateline.raw, source="body"
        ), body
    return None, body_html
