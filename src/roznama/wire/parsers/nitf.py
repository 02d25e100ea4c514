"""NITF (News Industry Text Format) 3.x: ``head/docdata`` for metadata, ``body`` for the story.

NITF also travels inside other formats (NewsML-G2 ``inlineXML``, AFP NewsML 1.2
``DataContent``) and as the text rendition of AP Media API items; :func:`read_nitf` fills a
draft from any ``<nitf>`` element so those parsers can share it.

Identity: the item id is ``docdata/doc-id/@id-string``; the version is
``docdata/du-key/@version`` when present, else the ``date.issue`` time. An NITF document
without an ``id-string`` cannot be stored on its own (AP's text renditions are like that:
they belong to the AP item that links to them; see :func:`roznama.wire.attach_text_rendition`).
"""

from __future__ import annotations

import re

from ..datelines import dateline_from_field
from ..items import MissingField
from ..sanitize import collapse_whitespace
from .common import parse_datetime, parse_embargo, parse_int, subject_from_qcode
from .draft import Draft
from .markup import body_to_html, child, children, descendants, local_name, text_of

FORMAT = "nitf"


def _read_docdata(docdata, draft: Draft) -> None:
    warnings = draft.warnings
    doc_id = child(docdata, "doc-id")
    if doc_id is not None:
        draft.item_id = draft.item_id or collapse_whitespace(doc_id.get("id-string"))
        if doc_id.get("regsrc"):
            draft.agency_names.append(doc_id.get("regsrc"))
    urgency = child(docdata, "urgency")
    if urgency is not None:
        draft.urgency = parse_int(urgency.get("ed-urg"), warnings, "urgency")
    issued = child(docdata, "date.issue")
    if issued is not None:
        moment = parse_datetime(issued.get("norm"), warnings, "date.issue")
        draft.version_created = draft.version_created or moment
        draft.first_created = draft.first_created or moment
    release = child(docdata, "date.release")
    if release is not None and draft.embargo is None:
        draft.embargo = parse_embargo(release.get("norm"), warnings)
    du_key = child(docdata, "du-key")
    if du_key is not None and draft.version is None:
        draft.version = parse_int(du_key.get("version"), warnings, "du-key version")
    for message in children(docdata, "ed-msg"):
        draft.add_ednote(message.get("info") or text_of(message), role=message.get("msg-type") or "")
    for keyword in descendants(docdata, "keyword"):
        draft.keywords.append(keyword.get("key") or "")
    copyright_ = child(docdata, "doc.copyright")
    if copyright_ is not None and copyright_.get("holder"):
        draft.agency_names.append(copyright_.get("holder"))
        draft.copyright_notice = (
            draft.copyright_notice or f"© {copyright_.get('year') or ''} {copyright_.get('holder')}".replace("  ", " ")
        )


def _read_head(head, draft: Draft) -> None:
    draft.headline = draft.headline or text_of(child(head, "title"))
    for subject in descendants(head, "tobject.subject"):
        refnum = subject.get("tobject.subject.refnum") or ""
        name = subject.get("tobject.subject.matter") or subject.get("tobject.subject.type") or ""
        found = subject_from_qcode(f"subjectcode:{refnum}" if refnum else "", name, "abstract")
        if found:
            draft.subjects.append(found)
    docdata = child(head, "docdata")
    if docdata is not None:
        _read_docdata(docdata, draft)


_BY_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)


def _read_body_head(body_head, draft: Draft) -> None:
    hedline = child(body_head, "hedline")
    if hedline is not None:
        draft.headline = text_of(child(hedline, "hl1")) or draft.headline
    byline = child(body_head, "byline")
    if byline is not None and not draft.byline:
        # "By Meredith Jameson, <byttl>Staff Reporter</byttl>": the name, not the job title.
        name = byline.text or ""
        draft.byline = _BY_PREFIX.sub("", collapse_whitespace(name)).rstrip(", ") or text_of(byline)
    dateline = child(body_head, "dateline")
    if dateline is not None and draft.structured_dateline is None:
        draft.structured_dateline = dateline_from_field(text_of(dateline))
    abstract = child(body_head, "abstract")
    if abstract is not None:
        draft.standfirst = draft.standfirst or text_of(abstract)
    distributor = child(body_head, "distributor")
    if distributor is not None:
        draft.agency_names.append(text_of(distributor))


def read_nitf(nitf, draft: Draft) -> None:
    """Fill ``draft`` from an ``<nitf>`` element: metadata from ``head``, text from ``body``."""
    draft.language = draft.language or nitf.get("baselang") or ""
    head = child(nitf, "head")
    if head is not None:
        _read_head(head, draft)
    body = child(nitf, "body")
    if body is None:
        return
    body_head = child(body, "body.head")
    if body_head is not None:
        _read_body_head(body_head, draft)
    content = child(body, "body.content")
    if content is not None:
        html, media = body_to_html(content, draft.warnings, drop_text=(draft.headline,))
        draft.body_html = html
        draft.media.extend(media)


def parse_nitf(root) -> list[Draft]:
    """One item from a standalone NITF document."""
    draft = Draft(format=FORMAT)
    read_nitf(root, draft)
    if not draft.item_id:
        raise MissingField(
            "the NITF document has no doc-id id-string, so it cannot be stored on its own; "
            "if it is an AP text rendition, join it to its AP item with attach_text_rendition()"
        )
    return [draft]


def is_nitf(element) -> bool:
    return local_name(element) == "nitf"
