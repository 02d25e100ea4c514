"""dpa's digitalwires JSON (the format of dpa's wireQ API).

One entry is one item: ``urn`` and ``version`` identify it, ``article_html`` is the body
(without the dateline, which comes separately in ``dateline``), ``teaser`` the standfirst.
Notes to editors come as ``ednotes`` (each with ``is_publishable``) and as a ``notepad``
whose ``nonpublic_html`` section must never be published: both go to ``ednotes`` only.
"""

from __future__ import annotations

from ..datelines import dateline_from_field
from ..items import MediaItem
from ..sanitize import plain_text
from .common import parse_datetime, parse_embargo, parse_int, parse_pub_status, split_versioned_id, subject_from_qcode
from .draft import Draft
from .markup import html_fragment, split_nonpublic
from .ninjs import _list, _renditions, _text

FORMAT = "dpa-digitalwires"
_CATEGORY_KINDS = {"dnltype:dpasubject": "abstract", "dnltype:geosubject": "geoArea", "dnltype:genre": "genre"}


def _read_categories(entry: dict, draft: Draft) -> None:
    for category in _list(entry.get("categories")):
        if not isinstance(category, dict):
            continue
        kind = _text(category.get("type"))
        if kind in _CATEGORY_KINDS:
            subject = subject_from_qcode(
                _text(category.get("qcode")), _text(category.get("name")), _CATEGORY_KINDS[kind]
            )
            if subject:
                draft.subjects.append(subject)
        elif kind == "dnltype:keyword":
            draft.keywords.append(_text(category.get("name")))
        elif kind == "dnltype:provider":
            draft.agency_names.insert(0, _text(category.get("qcode")) or _text(category.get("name")))


def _read_notes(entry: dict, draft: Draft) -> None:
    for note in _list(entry.get("ednotes")):
        if isinstance(note, dict):
            draft.add_ednote(_text(note.get("ednote")), _text(note.get("role")), note.get("is_publishable") is False)
    notepad = entry.get("notepad") if isinstance(entry.get("notepad"), dict) else {}
    for key, confidential in (("public_html", False), ("nonpublic_html", True)):
        markup = notepad.get(key)
        if isinstance(markup, str):
            public, nonpublic = split_nonpublic(html_fragment(markup))
            # Everything in nonpublic_html is confidential, whatever its classes say.
            draft.add_ednote(public, "notepad", confidential=confidential)
            draft.add_ednote(nonpublic, "notepad", confidential=True)


def _read_associations(entry: dict, draft: Draft) -> None:
    for association in _list(entry.get("associations")):
        if not isinstance(association, dict) or _text(association.get("type")).lower() not in {
            "image",
            "picture",
            "video",
            "graphic",
        }:
            continue
        renditions = [
            {
                "href": r.get("url") or r.get("href"),
                "width": r.get("width"),
                "height": r.get("height"),
                "mimetype": r.get("mimetype"),
            }
            for r in _list(association.get("renditions"))
            if isinstance(r, dict)
        ]
        kind = _text(association.get("type")).lower()
        draft.media.append(
            MediaItem(
                kind="picture" if kind == "image" else kind,
                item_id=_text(association.get("urn")),
                headline=_text(association.get("headline")),
                caption=plain_text(association.get("caption")),
                credit=_text(association.get("creditline")),
                renditions=_renditions(renditions, draft.warnings),
            )
        )


def parse_dpa_digitalwires(entry: dict) -> list[Draft]:
    """One draft from one digitalwires entry."""
    draft = Draft(format=FORMAT)
    warnings = draft.warnings
    draft.item_id, version_in_id = split_versioned_id(_text(entry.get("urn")))
    draft.version = parse_int(entry.get("version"), warnings, "version")
    if draft.version is None:
        draft.version = version_in_id
    draft.item_type = "text"
    draft.version_created = parse_datetime(entry.get("version_created"), warnings, "version_created")
    draft.first_created = parse_datetime(entry.get("content_created"), warnings, "content_created")
    draft.embargo = parse_embargo(entry.get("embargoed"), warnings)
    draft.pub_status = parse_pub_status(entry.get("pubstatus"), warnings, has_embargo_time=draft.embargo is not None)
    draft.signals.extend(_text(signal) for signal in _list(entry.get("signal")))
    draft.agency_names.extend(filter(None, [_text(entry.get("creditline")), "dpa"]))
    draft.headline = plain_text(_text(entry.get("headline")))
    draft.standfirst = plain_text(_text(entry.get("teaser")) or _text(entry.get("subhead")))
    draft.body_html = entry.get("article_html") if isinstance(entry.get("article_html"), str) else ""
    draft.byline = _text(entry.get("byline"))
    draft.credit = _text(entry.get("creditline"))
    draft.copyright_notice = _text(entry.get("copyrightnotice"))
    draft.usage_terms = _text(entry.get("usageterms"))
    draft.language = _text(entry.get("language"))
    draft.urgency = parse_int(entry.get("urgency"), warnings, "urgency")
    draft.structured_dateline = dateline_from_field(_text(entry.get("dateline")))
    _read_categories(entry, draft)
    draft.keywords.extend(_text(keyword) for keyword in _list(entry.get("keyword_names")))
    _read_notes(entry, draft)
    _read_associations(entry, draft)
    return [draft]


def looks_like_dpa_digitalwires(document) -> bool:
    if not isinstance(document, dict):
        return False
    declared = _text(document.get("format")).lower()
    return declared.startswith("digitalwires") or ("urn" in document and "article_html" in document)
