"""RSS and Atom feeds, read with feedparser: one item per entry.

Feeds carry little wire metadata. The item id is the entry's ``id`` (``guid``) or else its
link; there is no version number, so the version is the entry's updated (or published) time
in seconds; there is no status, so entries are usable. The body is the entry's full content
when the feed has it, else its summary; with full content, the summary becomes the
standfirst. Feeds rarely name their agency in a way we recognise, so the caller's
``agency_hint`` usually decides (the feed's link, when it is an agency's domain, comes first).

The payload has already been checked by :mod:`roznama.wire.safety` (well-formed, no DOCTYPE)
before feedparser sees it, and it is handed over as a stream: given bytes or a string,
feedparser would try to open it as a file name or fetch it as a URL.
"""

from __future__ import annotations

import calendar
import io
from datetime import datetime, timezone

import feedparser

from ..items import MediaItem, NotWellFormed
from ..safety import parse_xml
from ..sanitize import collapse_whitespace, plain_text
from .draft import Draft, make_rendition
from .markup import local_name

FORMAT_RSS = "rss"
FORMAT_ATOM = "atom"


def _moment(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None


def _media(entry, warnings: list[str]) -> list[MediaItem]:
    found = []
    candidates = list(entry.get("media_content") or []) + [
        {"url": link.get("href"), "type": link.get("type"), "length": link.get("length")}
        for link in entry.get("links") or []
        if link.get("rel") == "enclosure"
    ]
    for candidate in candidates:
        mime = (candidate.get("type") or "").lower()
        medium = (candidate.get("medium") or "").lower()
        if not (mime.startswith(("image/", "video/")) or medium in {"image", "video"}):
            continue
        rendition = make_rendition(
            candidate.get("url"),
            warnings,
            name="enclosure",
            width=candidate.get("width"),
            height=candidate.get("height"),
            mime_type=mime,
            size_bytes=candidate.get("length") or candidate.get("filesize"),
        )
        if rendition:
            kind = "video" if mime.startswith("video/") or medium == "video" else "picture"
            found.append(
                MediaItem(
                    kind=kind,
                    caption=collapse_whitespace(entry.get("media_description") or ""),
                    renditions=(rendition,),
                )
            )
    return found


def _read_entry(entry, feed, format_name: str) -> Draft:
    draft = Draft(format=format_name)
    warnings = draft.warnings
    draft.item_id = entry.get("id") or entry.get("link") or ""
    # Read the raw keys: feedparser's own get() quietly maps a missing "updated" to
    # "published" (with a deprecation warning).
    updated, published = dict.get(entry, "updated_parsed"), dict.get(entry, "published_parsed")
    draft.version_created = _moment(updated) or _moment(published)
    draft.first_created = _moment(published) or draft.version_created
    draft.agency_names.extend(filter(None, [feed.get("link"), entry.get("publisher"), feed.get("publisher")]))
    draft.headline = entry.get("title") or ""
    contents = [content.get("value") or "" for content in entry.get("content") or []]
    summary = entry.get("summary") or ""
    if any(value.strip() for value in contents):
        draft.body_html = next(value for value in contents if value.strip())
        draft.standfirst = plain_text(summary)
    else:
        draft.body_html = summary
    draft.byline = entry.get("author") or ""
    draft.copyright_notice = entry.get("rights") or feed.get("rights") or ""
    draft.language = entry.get("language") or feed.get("language") or ""
    draft.keywords.extend(tag.get("term") or "" for tag in entry.get("tags") or [])
    draft.media.extend(_media(entry, warnings))
    return draft


_ENTRIES = {"item", "entry"}


def _check_entries_stand_alone(root) -> None:
    """An item inside another item (in its category, say) is no feed: feedparser loses its
    place in such a document and fails inside its own code, so it is refused here, saying so."""
    for element in root.iter():
        if isinstance(element.tag, str) and local_name(element) in _ENTRIES:
            outer = next((a for a in element.iterancestors() if local_name(a) in _ENTRIES), None)
            if outer is not None:
                raise NotWellFormed(
                    f"the feed has an <{local_name(element)}> inside another <{local_name(outer)}>; "
                    "each item must stand on its own"
                )


def parse_feed(payload: bytes, format_name: str, root=None) -> list[Draft]:
    """Drafts for every entry of an RSS or Atom feed (an empty feed gives none).  ``root`` is
    the payload already parsed by :func:`roznama.wire.safety.parse_xml`, when the caller has it."""
    _check_entries_stand_alone(parse_xml(payload) if root is None else root)
    result = feedparser.parse(io.BytesIO(payload), sanitize_html=False, resolve_relative_uris=True)
    feed = result.get("feed") or {}
    return [_read_entry(entry, feed, format_name) for entry in result.get("entries") or []]
