"""Agency wire formats in, normalised items out: the pure-Python layer of wire ingest.

Bytes from an agency (IPTC ninjs, NewsML-G2, NITF, the AP Media API, dpa digitalwires, AFP
NewsML 1.2, RSS/Atom) go into :func:`parse`; out come :class:`WireItem` objects, or a
:class:`WireParseError` whose ``reason`` explains the refusal. Nothing here uses Django.

    from roznama.wire import parse, WireParseError

    try:
        items = parse(payload, filename="story.xml", agency_hint="Reuters")
    except WireParseError as error:
        quarantine(payload, error.reason)
"""

from .items import (
    Dateline,
    EdNote,
    InvalidValue,
    MediaItem,
    MissingField,
    NotWellFormed,
    PubStatus,
    Rendition,
    Subject,
    TooLarge,
    UnknownFormat,
    UnsafeDocument,
    WireItem,
    WireParseError,
)
from .parsers import detect_format, parse
from .parsers.ap_media import attach_text_rendition
from .safety import DEFAULT_MAX_BYTES

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Dateline",
    "EdNote",
    "InvalidValue",
    "MediaItem",
    "MissingField",
    "NotWellFormed",
    "PubStatus",
    "Rendition",
    "Subject",
    "TooLarge",
    "UnknownFormat",
    "UnsafeDocument",
    "WireItem",
    "WireParseError",
    "attach_text_rendition",
    "detect_format",
    "parse",
]
