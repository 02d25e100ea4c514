"""The half-way point between a format and a :class:`WireItem`.

Each format parser fills in a :class:`Draft` with what it read, as the agency wrote it
(untrusted HTML, names as found); :func:`finish` then does what is the same for every format:
choose the agency name, work out the version, sanitise the body, find the dateline, and
check that nothing the item cannot be stored without is missing.
"""

from __future__ import annotations

import posixpath
import re

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from ..datelines import split_body_dateline
from ..items import (
    Dateline,
    EdNote,
    InvalidValue,
    MediaItem,
    MissingField,
    PubStatus,
    Rendition,
    Subject,
    WireItem,
)
from ..sanitize import clean_html, collapse_whitespace, safe_url
from .agencies import host_of, normalise_agency, readable_agency
from .common import parse_int, unique

# The longest id the article model stores.
MAX_ITEM_ID_LENGTH = 255


@dataclass
class Draft:
    """Everything a format parser found for one item, before normalisation."""

    format: str
    item_id: str = ""
    version: int | None = None
    version_created: datetime | None = None
    first_created: datetime | None = None
    pub_status: PubStatus = PubStatus.USABLE
    embargo: datetime | None = None
    signals: list[str] = field(default_factory=list)
    # Names the payload gives its agency (provider first, then weaker hints like copyright).
    agency_names: list[str] = field(default_factory=list)
    item_type: str = "text"
    headline: str = ""  # plain text: parsers of formats that allow markup here strip it
    standfirst: str = ""  # plain text, likewise
    slugline: str = ""
    body_html: str = ""  # untrusted; sanitised in finish()
    structured_dateline: Dateline | None = None
    byline: str = ""
    credit: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    language: str = ""
    subjects: list[Subject] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)
    urgency: int | None = None
    priority: int | None = None
    ednotes: list[EdNote] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    text_rendition_url: str = ""
    warnings: list[str] = field(default_factory=list)

    def add_ednote(self, text, role: str = "", confidential: bool = False) -> None:
        """Keep a note to editors (blank ones are skipped); line breaks are kept."""
        lines = (collapse_whitespace(line) for line in str(text or "").splitlines())
        text = "\n".join(line for line in lines if line)
        if text:
            self.ednotes.append(EdNote(text=text, role=role or "", confidential=confidential))


def local_file_path(href: str) -> str:
    """``href`` as a path relative to the item's folder (``photo.jpg``, ``./photo.jpg``,
    ``images/photo.jpg``), or "" when it is anything else: a URL of any scheme, an absolute
    path, a path that climbs out of the folder, or one with odd characters."""
    href = href.strip()
    if not href or urlsplit(href).scheme or href.startswith(("/", "\\")) or "\\" in href:
        return ""
    path = posixpath.normpath(href)
    if path in (".", "") or path.startswith("..") or not re.fullmatch(r"[\w.\-/ ]{1,200}", path):
        return ""
    return path


def make_rendition(
    href, warnings: list[str], *, name="", width=None, height=None, mime_type="", size_bytes=None
) -> Rendition | None:
    """A :class:`Rendition` if ``href`` is an absolute http(s) URL or a file beside the item
    (``local_path``); else None and a warning."""
    url = safe_url(str(href or ""), frozenset({"http", "https"}))
    local = "" if url else local_file_path(str(href or ""))
    if not url and not local:
        if href:
            warnings.append(
                f"rendition {str(name or '')!r} dropped: {str(href)[:80]!r} is not an absolute http(s) URL"
                " nor a file beside the item"
            )
        return None
    return Rendition(
        name=str(name or ""),
        href=url or "",
        local_path=local,
        width=parse_int(width),
        height=parse_int(height),
        mime_type=str(mime_type or ""),
        size_bytes=parse_int(size_bytes),
    )


def _choose_agency(draft: Draft, agency_hint: str | None) -> str:
    """A known agency named in the payload, else the hint, else the payload's own words.

    The caller's hint (the source's configured agency) wins over unrecognised names in the
    payload so that one source always files its stories under one name.
    """
    for name in draft.agency_names:
        known = normalise_agency(name)
        if known:
            return known
    if agency_hint and agency_hint.strip():
        return normalise_agency(agency_hint) or agency_hint.strip()
    for name in draft.agency_names:
        readable = readable_agency(name)
        if readable:
            return readable
    host = host_of(draft.item_id)
    if host:
        return normalise_agency(host) or host.removeprefix("www.")
    raise MissingField(
        f"the item {draft.item_id!r} does not say which agency it comes from; "
        "configure the source's agency so it can be passed as agency_hint"
    )


def _choose_version(draft: Draft) -> tuple[int, str]:
    if draft.version is not None:
        return draft.version, "explicit"
    moment = draft.version_created or draft.first_created
    if moment is not None:
        return int(moment.timestamp()), "versioncreated"
    raise MissingField(
        f"the item {draft.item_id!r} has neither a version number nor a version time, "
        "so a newer version could not be told from an older one"
    )


def finish(
    draft: Draft, *, payload: bytes, source_filename: str | None, position: int, agency_hint: str | None
) -> WireItem:
    """Normalise a :class:`Draft` into a :class:`WireItem`, or raise a :class:`WireParseError`."""
    item_id = collapse_whitespace(draft.item_id)
    if not item_id:
        raise MissingField(f"a {draft.format} item has no id (guid/uri), so it cannot be stored or updated")
    if len(item_id) > MAX_ITEM_ID_LENGTH:
        raise InvalidValue(f"the item id is {len(item_id)} characters long, over {MAX_ITEM_ID_LENGTH}")
    draft.item_id = item_id
    version, version_source = _choose_version(draft)
    agency = _choose_agency(draft, agency_hint)

    credit = collapse_whitespace(draft.credit) or agency
    byline = collapse_whitespace(draft.byline)
    if byline.lower() in {credit.lower(), agency.lower()}:
        byline = ""  # "Reuters" is a credit, not a byline

    body_html = clean_html(draft.body_html)
    expected = tuple(unique([agency, credit] + [d.agency for d in [draft.structured_dateline] if d]))
    body_dateline, body_without_dateline = split_body_dateline(body_html, expected)
    dateline = body_dateline or draft.structured_dateline
    if body_dateline and draft.structured_dateline and not body_dateline.country:
        structured = draft.structured_dateline
        if structured.country and structured.place.lower() == body_dateline.place.lower():
            dateline = Dateline(
                place=body_dateline.place,
                country=structured.country,
                agency=body_dateline.agency,
                raw=body_dateline.raw,
                source=body_dateline.source,
            )

    return WireItem(
        agency=agency,
        item_id=item_id,
        version=version,
        version_source=version_source,
        pub_status=draft.pub_status,
        format=draft.format,
        item_type=draft.item_type or "text",
        embargo=draft.embargo,
        signals=unique(collapse_whitespace(signal) for signal in draft.signals),
        headline=collapse_whitespace(draft.headline),
        standfirst=collapse_whitespace(draft.standfirst),
        slugline=collapse_whitespace(draft.slugline),
        body_html=body_html,
        body_has_dateline=body_dateline is not None,
        body_html_without_dateline=body_without_dateline,
        dateline=dateline,
        byline=byline,
        credit=credit,
        copyright_notice=collapse_whitespace(draft.copyright_notice),
        usage_terms=collapse_whitespace(draft.usage_terms),
        language=collapse_whitespace(draft.language),
        subjects=unique(draft.subjects),
        keywords=unique(collapse_whitespace(keyword) for keyword in draft.keywords),
        media=tuple(draft.media),
        urgency=draft.urgency,
        priority=draft.priority,
        first_created=draft.first_created,
        version_created=draft.version_created,
        ednotes=tuple(draft.ednotes),
        members=unique(draft.members),
        text_rendition_url=draft.text_rendition_url,
        warnings=tuple(draft.warnings),
        raw=payload,
        source_filename=source_filename,
        position=position,
    )
