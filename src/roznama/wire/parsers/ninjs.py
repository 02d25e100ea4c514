"""IPTC ninjs (News in JSON), versions 1.x, 2.x and 3.x, read leniently.

The three versions name things differently: 1.x has ``headline`` plus pattern properties
such as ``headline_main``, ``body_html``, ``body_richtext`` and ``description_text``, and
``associations`` as an object; 2.x has arrays (``headlines``, ``bodies``, ``descriptions``,
``associations``) and ``by``; 3.x is 2.x in camelCase (``versionCreated``). Agencies' own
ninjs (Superdesk's, AP's, NTB's) mixes these and often fails the official schema, so every
name is looked up case-insensitively and every variant is tried rather than validated.

A ninjs document is one item; its picture, graphic and video associations become ``media``.
A JSON array of ninjs objects is read as that many items.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..datelines import dateline_from_field
from ..items import MediaItem, UnknownFormat
from ..sanitize import collapse_whitespace, plain_text, text_to_html
from .common import (
    parse_datetime,
    parse_embargo,
    parse_int,
    parse_pub_status,
    split_versioned_id,
    subject_from_qcode,
    subject_from_uri,
)
from .draft import Draft, make_rendition

FORMAT = "ninjs"
_MEDIA_TYPES = {"picture", "graphic", "video", "audio"}
_AP_CONTENT_ID = re.compile(r"/content/([0-9a-f]{32})", re.IGNORECASE)
_CAPTION_ROLES = {"caption", "drol:caption"}
_NOT_STANDFIRST_ROLES = _CAPTION_ROLES | {"creditline", "credit", "alt", "alttext"}


def lower_keys(value):
    """The document with every object key in lower case (3.x camelCase reads like 2.x)."""
    if isinstance(value, dict):
        return {str(key).lower(): lower_keys(child) for key, child in value.items()}
    if isinstance(value, list):
        return [lower_keys(child) for child in value]
    return value


def _text(value) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return collapse_whitespace(str(value))
    return ""


def _list(value) -> list:
    if isinstance(value, list):
        return value
    if value in (None, "", {}):
        return []
    return [value]


def _item_id(doc: dict) -> str:
    uri = _text(doc.get("uri")) or _text(doc.get("guid"))
    # AP's uri carries per-request tokens in its query string (?qt=...&et=...); the story is
    # the 32-hex content id in the path.
    if "ap.org" in uri or "associatedpress.com" in uri:
        match = _AP_CONTENT_ID.search(urlsplit(uri).path)
        if match:
            return match.group(1)
    return uri


def _role_values(doc: dict, plural: str, singular: str) -> list[tuple[str, str, str]]:
    """(role, content type, value) for ``headlines``/``headline``/``headline_<role>`` and the like."""
    found = []
    for entry in _list(doc.get(plural)):
        if isinstance(entry, dict):
            found.append(
                (_text(entry.get("role")).lower(), _text(entry.get("contenttype")).lower(), entry.get("value") or "")
            )
        elif isinstance(entry, str):
            found.append(("", "", entry))
    if isinstance(doc.get(singular), str):
        found.append(("", "", doc[singular]))
    prefix = singular + "_"
    for key, value in doc.items():
        if key.startswith(prefix) and isinstance(value, str):
            found.append((key[len(prefix) :], "", value))
    return [(role, kind, value) for role, kind, value in found if isinstance(value, str) and value.strip()]


def _looks_like_html(role: str, kind: str, value: str) -> bool:
    return (
        "html" in kind
        or "xml" in kind
        or role in {"html", "richtext", "xhtml"}
        or bool(re.search(r"<(p|br|div|h\d)\b", value))
    )


def _pick_headline(doc: dict) -> str:
    headlines = _role_values(doc, "headlines", "headline")
    for role, _kind, value in headlines:
        if role in {"main", ""}:
            return value
    return headlines[0][2] if headlines else _text(doc.get("title"))


def _pick_body(doc: dict) -> str:
    bodies = _role_values(doc, "bodies", "body")
    html = [value for role, kind, value in bodies if _looks_like_html(role, kind, value)]
    if html:
        return html[0]
    return text_to_html(bodies[0][2]) if bodies else ""


def _descriptions(doc: dict) -> tuple[str, str, str]:
    """(standfirst, caption, creditline) from the description fields."""
    standfirst = caption = credit = ""
    for role, _kind, value in _role_values(doc, "descriptions", "description"):
        if role in _CAPTION_ROLES:
            caption = caption or value
        elif role in {"creditline", "credit"}:
            credit = credit or value
        elif role not in _NOT_STANDFIRST_ROLES and not standfirst:
            standfirst = value
    return standfirst, caption, credit


def _renditions(value, warnings: list[str]) -> tuple:
    entries = value.items() if isinstance(value, dict) else ((None, entry) for entry in _list(value))
    renditions = []
    for name, entry in entries:
        if not isinstance(entry, dict):
            continue
        rendition = make_rendition(
            entry.get("href"),
            warnings,
            name=name or entry.get("name") or "",
            width=entry.get("width"),
            height=entry.get("height"),
            mime_type=entry.get("mimetype") or entry.get("contenttype") or "",
            size_bytes=entry.get("sizeinbytes"),
        )
        if rendition:
            renditions.append(rendition)
    return tuple(renditions)


def media_from(doc: dict, warnings: list[str]) -> MediaItem:
    """A picture/video/graphic ninjs object (an association, or the item itself) as media."""
    standfirst, caption, credit = _descriptions(doc)
    return MediaItem(
        kind=_text(doc.get("type")) or "picture",
        item_id=_item_id(doc),
        headline=plain_text(_pick_headline(doc)),
        caption=plain_text(caption or standfirst),
        credit=collapse_whitespace(credit or _text(doc.get("creditline"))),
        byline=_text(doc.get("byline")) or _text(doc.get("by")),
        usage_terms=_text(doc.get("usageterms")),
        renditions=_renditions(doc.get("renditions"), warnings),
    )


def _subjects(doc: dict) -> list:
    found = []
    for key, kind in (("subjects", "abstract"), ("subject", "abstract")):
        for entry in _list(doc.get(key)):
            if not isinstance(entry, dict):
                continue
            name = _text(entry.get("name"))
            if entry.get("uri"):
                subject = subject_from_uri(_text(entry.get("uri")), name, kind=kind)
            elif entry.get("scheme"):
                subject = subject_from_uri(_text(entry.get("scheme")), name, code=_text(entry.get("code")), kind=kind)
            else:
                subject = subject_from_qcode(_text(entry.get("code")) or _text(entry.get("literal")), name, kind)
            if subject:
                found.append(subject)
    return found


def _read_ednotes(doc: dict, draft: Draft) -> None:
    for note in _list(doc.get("ednote")) + _list(doc.get("ednotes")):
        if isinstance(note, dict):
            confidential = (
                note.get("is_publishable") is False or "nonpublic" in _text(note.get("pubconstraint")).lower()
            )
            draft.add_ednote(
                _text(note.get("ednote")) or _text(note.get("value")), _text(note.get("role")), confidential
            )
        else:
            draft.add_ednote(_text(note))


def read_document(doc: dict) -> Draft:
    """One ninjs object (keys already lower-cased) as a draft."""
    draft = Draft(format=FORMAT)
    warnings = draft.warnings
    draft.item_id, version_in_id = split_versioned_id(_item_id(doc))
    draft.version = parse_int(doc.get("version"), warnings, "version")
    if draft.version is None:
        draft.version = version_in_id
    draft.item_type = (_text(doc.get("type")) or "text").lower()
    draft.version_created = parse_datetime(doc.get("versioncreated"), warnings, "versioncreated")
    draft.first_created = parse_datetime(doc.get("firstcreated"), warnings, "firstcreated")
    draft.embargo = parse_embargo(doc.get("embargoed"), warnings)
    draft.pub_status = parse_pub_status(doc.get("pubstatus"), warnings, has_embargo_time=draft.embargo is not None)
    draft.signals.extend(_text(signal) for signal in _list(doc.get("signals")))
    draft.agency_names.extend(
        filter(
            None,
            [
                _text(doc.get("provider")),
                _text(doc.get("copyrightholder")),
                _text(doc.get("source")),
                _text(doc.get("uri")),
            ],
        )
    )
    # ninjs text fields are plain text in the standard, but agencies put entities and
    # tags in them (Superdesk's description_html); read them as HTML and keep the text.
    draft.headline = plain_text(_pick_headline(doc))
    standfirst, caption, credit = _descriptions(doc)
    draft.standfirst = plain_text(standfirst)
    draft.body_html = _pick_body(doc)
    draft.slugline = _text(doc.get("slugline"))
    draft.byline = _text(doc.get("byline")) or _text(doc.get("by"))
    draft.credit = credit or _text(doc.get("creditline"))
    draft.copyright_notice = _text(doc.get("copyrightnotice"))
    draft.usage_terms = _text(doc.get("usageterms"))
    draft.language = _text(doc.get("language"))
    draft.urgency = parse_int(doc.get("urgency"), warnings, "urgency")
    draft.priority = parse_int(doc.get("priority"), warnings, "priority")
    draft.subjects.extend(_subjects(doc))
    draft.keywords.extend(_text(keyword) for keyword in _list(doc.get("keywords")))
    located = _text(doc.get("located"))
    if located:
        draft.structured_dateline = dateline_from_field(located, source="located")
    _read_ednotes(doc, draft)
    if draft.item_type in _MEDIA_TYPES:
        draft.media.append(media_from(doc, warnings))
    associations = doc.get("associations")
    entries = associations.values() if isinstance(associations, dict) else _list(associations)
    for association in entries:
        if isinstance(association, dict) and _text(association.get("type")).lower() in _MEDIA_TYPES:
            draft.media.append(media_from(association, warnings))
    return draft


def parse_ninjs(document) -> list[Draft]:
    """Drafts from a ninjs object, or from an array of them."""
    documents = document if isinstance(document, list) else [document]
    drafts = []
    for doc in documents:
        if not isinstance(doc, dict):
            raise UnknownFormat("a JSON array that holds something other than ninjs objects")
        drafts.append(read_document(lower_keys(doc)))
    return drafts


def looks_like_ninjs(document) -> bool:
    """True for a JSON object (or array of objects) with a ninjs identity and content fields."""
    sample = document[0] if isinstance(document, list) and document else document
    if not isinstance(sample, dict):
        return False
    keys = {str(key).lower() for key in sample}
    identity = keys & {"uri", "guid"}
    content = keys & {
        "type",
        "headline",
        "headlines",
        "versioncreated",
        "body_html",
        "bodies",
        "body_text",
        "renditions",
    }
    return bool(identity and content) or bool(
        {key for key in keys if key.startswith(("headline_", "body_"))} and identity
    )
