"""The AP Media API: feed pages (``data.items[].item``) and item metadata (``data.item``).

AP's metadata is ninjs-like but not ninjs: the story id is ``altids.itemid`` (the ``uri``
carries per-request tokens), the version is ``version`` (0 for the first), and the story
text is not inside: it is a separate NITF document at ``renditions.nitf.href``. That URL is
given as ``text_rendition_url``; the caller downloads it and joins it to the item with
:func:`attach_text_rendition`, which parses it with the NITF reader.
"""

from __future__ import annotations

import dataclasses

from ..datelines import split_body_dateline
from ..items import Dateline, MediaItem, UnknownFormat, WireItem
from ..safety import DEFAULT_MAX_BYTES, as_bytes, check_size, parse_xml
from ..sanitize import clean_html, collapse_whitespace, plain_text, safe_url
from .common import (
    parse_datetime,
    parse_embargo,
    parse_int,
    parse_pub_status,
    subject_from_qcode,
    subject_from_uri,
    unique,
)
from .draft import Draft
from .ninjs import _list, _renditions, _text
from .nitf import is_nitf, read_nitf

FORMAT = "ap-media"
_SUBJECT_KINDS = (
    ("subject", "abstract"),
    ("person", "person"),
    ("organisation", "organisation"),
    ("organization", "organisation"),
    ("place", "geoArea"),
    ("event", "event"),
)
_MEDIA_TYPES = {"picture", "graphic", "video", "audio"}


def _subjects(item: dict) -> list:
    found = []
    for key, kind in _SUBJECT_KINDS:
        for entry in _list(item.get(key)):
            if not isinstance(entry, dict):
                continue
            name, code, scheme = _text(entry.get("name")), _text(entry.get("code")), _text(entry.get("scheme"))
            subject = (
                subject_from_uri(scheme, name, code=code, kind=kind) if scheme else subject_from_qcode(code, name, kind)
            )
            if subject:
                found.append(subject)
    return found


def _dateline(item: dict) -> Dateline | None:
    location = item.get("datelinelocation")
    if not isinstance(location, dict):
        return None
    place = _text(location.get("city")) or _text(location.get("countryareaname"))
    country = _text(location.get("countryname"))
    if not place:
        return None
    return Dateline(place=place, country=country, raw=", ".join(filter(None, (place, country))), source="located")


def read_item(item: dict) -> Draft:
    """One AP item's metadata as a draft (with no body until its NITF is attached)."""
    draft = Draft(format=FORMAT)
    warnings = draft.warnings
    altids = item.get("altids") if isinstance(item.get("altids"), dict) else {}
    draft.item_id = _text(altids.get("itemid"))
    draft.version = parse_int(item.get("version"), warnings, "version")
    draft.item_type = (_text(item.get("type")) or "text").lower()
    draft.version_created = parse_datetime(item.get("versioncreated"), warnings, "versioncreated")
    draft.first_created = parse_datetime(item.get("firstcreated"), warnings, "firstcreated")
    draft.embargo = parse_embargo(item.get("embargoed"), warnings)
    draft.pub_status = parse_pub_status(item.get("pubstatus"), warnings, has_embargo_time=draft.embargo is not None)
    draft.signals.extend(_text(signal) for signal in _list(item.get("signals")))
    draft.agency_names.extend(filter(None, [_text(item.get("provider")), "AP"]))
    draft.headline = plain_text(_text(item.get("headline")) or _text(item.get("title")))
    draft.standfirst = plain_text(_text(item.get("summary")) or _text(item.get("headline_extended")))
    draft.slugline = _text(item.get("slugline"))
    bylines = [_text(entry.get("by")) for entry in _list(item.get("bylines")) if isinstance(entry, dict)]
    draft.byline = ", ".join(filter(None, bylines))
    draft.credit = _text(item.get("description_creditline"))
    draft.copyright_notice = _text(item.get("copyrightnotice"))
    draft.usage_terms = " ".join(_text(term) for term in _list(item.get("usageterms")))
    draft.language = _text(item.get("language"))
    draft.urgency = parse_int(item.get("urgency"), warnings, "urgency")
    draft.subjects.extend(_subjects(item))
    draft.keywords.extend(_text(keyword) for keyword in _list(item.get("keywords")))
    draft.structured_dateline = _dateline(item)
    draft.add_ednote(_text(item.get("ednote")))
    renditions = item.get("renditions") if isinstance(item.get("renditions"), dict) else {}
    nitf = renditions.get("nitf")
    if isinstance(nitf, dict):
        draft.text_rendition_url = safe_url(_text(nitf.get("href")), frozenset({"https", "http"})) or ""
    if draft.item_type in _MEDIA_TYPES:
        pictures = {
            name: entry
            for name, entry in renditions.items()
            if isinstance(entry, dict) and _text(entry.get("type")).lower() in _MEDIA_TYPES | {""}
        }
        draft.media.append(
            MediaItem(
                kind=draft.item_type,
                item_id=draft.item_id,
                headline=draft.headline,
                caption=_text(item.get("description_caption")),
                credit=draft.credit,
                byline=draft.byline,
                usage_terms=draft.usage_terms,
                renditions=_renditions(pictures, warnings),
            )
        )
    return draft


def parse_ap_media(document: dict) -> list[Draft]:
    """Drafts from a feed page (every ``data.items[].item``) or from one item's metadata."""
    data = document.get("data") if isinstance(document.get("data"), dict) else document
    if isinstance(data.get("items"), list):
        items = [entry.get("item") for entry in data["items"] if isinstance(entry, dict)]
    elif isinstance(data.get("item"), dict):
        items = [data["item"]]
    elif "altids" in data:
        items = [data]
    else:
        raise UnknownFormat("AP Media API JSON without data.items or data.item")
    if any(not isinstance(item, dict) for item in items):
        raise UnknownFormat("an AP Media API feed entry without an item object")
    return [read_item(item) for item in items]


def looks_like_ap_media(document) -> bool:
    if not isinstance(document, dict):
        return False
    data = document.get("data")
    if isinstance(data, dict) and ("items" in data or "item" in data):
        return True
    return isinstance(document.get("altids"), dict)


def attach_text_rendition(item: WireItem, payload: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> WireItem:
    """``item`` with its body taken from its NITF text rendition (AP's ``renditions.nitf``).

    The NITF is parsed as safely as any payload; its dateline is looked for the same way.
    Everything else (id, version, status, embargo) stays the item's own. Raises
    :class:`WireParseError` like :func:`roznama.wire.parse`.
    """
    from . import guarded  # the same catch-all wrapper parse() uses

    def attach() -> WireItem:
        data = as_bytes(payload)
        check_size(data, max_bytes)
        root = parse_xml(data)
        if not is_nitf(root):
            raise UnknownFormat("the text rendition is not an NITF document")
        draft = Draft(format=item.format)
        read_nitf(root, draft)
        body_html = clean_html(draft.body_html)
        expected = tuple(unique([item.agency, item.credit]))
        body_dateline, without = split_body_dateline(body_html, expected)
        return dataclasses.replace(
            item,
            body_html=body_html,
            body_has_dateline=body_dateline is not None,
            body_html_without_dateline=without,
            dateline=body_dateline or item.dateline or draft.structured_dateline,
            byline=item.byline or collapse_whitespace(draft.byline),
            media=item.media + tuple(draft.media),
            warnings=item.warnings + tuple(draft.warnings),
        )

    return guarded("AP text rendition", attach)
