"""What the wire parsers hand out: normalised items, and the error that replaces them.

Every agency format (ninjs, NewsML-G2, NITF, the AP Media API, dpa digitalwires, AFP
NewsML 1.2, RSS/Atom) ends up as the same :class:`WireItem`, so the code that stores stories
never needs to know which format a story came in. An input that cannot be turned into items
raises :class:`WireParseError` (or a subclass) whose ``reason`` is a sentence an editor can
read in the quarantine list.

The types are plain frozen dataclasses with no Django in them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class PubStatus(str, enum.Enum):
    """Whether the agency lets the item be published.

    ``usable``: publish (respecting any embargo). ``withheld``: do not publish for now (the
    agency may release it later). ``canceled``: the agency killed the item; take it down.
    """

    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """Where (and through whom) a story was filed: “MOSCOW (Reuters) -”.

    ``place`` and ``country`` are as the agency wrote them (“GROSSETO”, “Italy”); ``agency``
    is the name in the brackets (“Reuters”, “AP”, “dpa”). ``raw`` is the text the dateline
    was read from, without the trailing dash. ``source`` says where it was found: ``"body"``
    (the start of the first paragraph), ``"dateline"`` (a structured dateline field), or
    ``"located"`` (a structured location only, with no agency).
    """

    place: str = ""
    country: str = ""
    agency: str = ""
    raw: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Subject:
    """A classification: an IPTC Media Topic, an IPTC Subject Code, or an agency's own code.

    ``scheme`` is a short name where the vocabulary is known (``"medtop"`` for IPTC Media
    Topics, ``"subjectcode"`` for IPTC Subject Codes, ``"ap"`` for AP's concept ids), else the
    agency's own scheme alias or URI. ``kind`` is the concept type when the agency gives one
    (``"abstract"``, ``"geoArea"``, ``"person"``, ``"organisation"``, ``"event"``...).
    """

    scheme: str = ""
    code: str = ""
    name: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendition:
    """One file of a picture or video: the URL (http or https only) and what is known of it.

    A file the agency names relative to the item itself (``./photo.jpg``, as in a folder drop
    that brings the pictures beside the text) has an empty ``href`` and its path, relative
    to the item's folder and never leaving it, in ``local_path``.
    """

    name: str = ""
    href: str
    width: int | None = None
    height: int | None = None
    mime_type: str = ""
    size_bytes: int | None = None
    local_path: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaItem:
    """A picture, video, graphic or audio item that belongs with a story (or is the item)."""

    kind: str
    item_id: str = ""
    headline: str = ""
    caption: str = ""
    credit: str = ""
    byline: str = ""
    usage_terms: str = ""
    renditions: tuple[Rendition, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EdNote:
    """A note from the agency to editors. Never shown to readers.

    ``confidential`` is set when the agency explicitly marks the note as not for publication
    (dpa's ``pubconstraint="...nonpublic"``, ``is_publishable: false``), e.g. phone numbers of
    the reporter; such notes should not even be copied into places editors share outside.
    """

    text: str
    role: str = ""
    confidential: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class WireItem:
    """One agency item, normalised.

    Identity and versions: ``(agency, item_id)`` names the story across versions; ``version``
    is an integer that grows with each new version of the same item. Where the agency sends
    a version number (NewsML-G2 ``@version``, ninjs ``version``, AP ``version``, a version
    suffix on a Reuters-style guid) that number is used and ``version_source`` is
    ``"explicit"``. Where it does not, the version is ``version_created`` as whole seconds
    since 1970 (UTC) and ``version_source`` is ``"versioncreated"``; such numbers compare
    correctly with each other but not with explicit numbers from the same agency.

    Text: ``headline`` and ``standfirst`` are plain text (which may contain ``<`` or ``&``
    as characters: escape them when rendering, as templates do). ``body_html`` is sanitised HTML
    (see :mod:`roznama.wire.sanitize`) exactly as the agency wrote it, dateline included
    when the agency put one at the start of the first paragraph; then ``body_has_dateline``
    is true and ``body_html_without_dateline`` is the same body with that dateline cut off,
    so a page that renders ``dateline`` itself can use it and show the dateline once.

    ``ednotes`` are notes to editors and must never be rendered on the site; nothing from
    them is ever copied into the headline, standfirst or body.

    Kinds: ``item_type`` is ``"text"`` for stories (the ones that become articles),
    ``"picture"``, ``"video"``, ``"graphic"`` or ``"audio"`` for media items (whose own
    renditions are then ``media[0]``), ``"composite"`` for ninjs composites, and
    ``"package"`` for NewsML-G2 packages, whose ``members`` are the ids of their items.

    ``text_rendition_url`` is set for AP Media API items, whose text lives in a separate
    NITF document: download it and call ``attach_text_rendition(item, payload)``.
    ``warnings`` lists what was dropped or guessed without stopping the item (a rendition
    with a relative URL, a time without a zone read as UTC, an unknown status held back).

    ``raw`` is the whole payload the item was parsed from (shared by all items of a
    multi-item message; ``position`` is the item's index within it).
    """

    agency: str
    item_id: str
    version: int
    version_source: str
    pub_status: PubStatus
    format: str
    item_type: str = "text"
    embargo: datetime | None = None
    signals: tuple[str, ...] = ()
    headline: str = ""
    standfirst: str = ""
    slugline: str = ""
    body_html: str = field(default="", repr=False)
    body_has_dateline: bool = False
    body_html_without_dateline: str = field(default="", repr=False)
    dateline: Dateline | None = None
    byline: str = ""
    credit: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    language: str = ""
    subjects: tuple[Subject, ...] = ()
    keywords: tuple[str, ...] = ()
    media: tuple[MediaItem, ...] = ()
    urgency: int | None = None
    priority: int | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    ednotes: tuple[EdNote, ...] = ()
    members: tuple[str, ...] = ()
    text_rendition_url: str = ""
    warnings: tuple[str, ...] = ()
    raw: bytes = field(default=b"", repr=False, compare=False)
    source_filename: str | None = None
    position: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the story across versions: ``(agency, item_id)``."""
        return (self.agency, self.item_id)

    @property
    def is_story(self) -> bool:
        """True for text items, the ones that become articles."""
        return self.item_type == "text"

    def is_embargoed_at(self, moment: datetime) -> bool:
        """True while the embargo has not yet lifted at ``moment`` (a tz-aware datetime)."""
        return self.embargo is not None and moment < self.embargo


class WireParseError(Exception):
    """The payload could not be turned into items; ``reason`` says why, for editors."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class UnsafeDocument(WireParseError):
    """Refused for safety: a DOCTYPE or entity declaration, or nesting that is too deep."""


class TooLarge(WireParseError):
    """Bigger than the configured limit (checked before any parsing)."""


class NotWellFormed(WireParseError):
    """Broken JSON or XML, a truncated file, or text that is not valid in its encoding."""


class UnknownFormat(WireParseError):
    """Not a format the parsers know (or a fragment rather than a whole item)."""


class MissingField(WireParseError):
    """A field the item cannot be stored without is missing (an id, a version...)."""


class InvalidValue(WireParseError):
    """A field is present but unreadable where guessing would be unsafe (an embargo time)."""
