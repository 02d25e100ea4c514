"""Small readers shared by the format parsers: dates, numbers, statuses, guids, subjects."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..items import InvalidValue, PubStatus, Subject
from ..sanitize import collapse_whitespace


def parse_datetime(value, warnings: list[str], what: str) -> datetime | None:
    """A tz-aware datetime from ISO 8601 text, or None (with a warning) if unreadable.

    Accepts the extended and basic forms agencies use ("2016-01-04T16:34:45.000Z",
    "20210516T080625+0000"). A time without a zone is taken as UTC, with a warning, because
    the item says nothing better.
    """
    text = collapse_whitespace(str(value)) if value not in (None, "") else ""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        warnings.append(f"{what} {text!r} is not a date and time; ignored")
        return None
    if moment.tzinfo is None:
        warnings.append(f"{what} {text!r} has no time zone; read as UTC")
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def parse_embargo(value, warnings: list[str]) -> datetime | None:
    """The embargo time; unlike other dates, an unreadable one stops the item.

    Ignoring an embargo we cannot read would publish a story before the agency allows it.
    """
    text = collapse_whitespace(str(value)) if value not in (None, "") else ""
    if not text:
        return None
    moment = parse_datetime(text, warnings, "embargo")
    if moment is None:
        raise InvalidValue(f"the embargo time {text!r} cannot be read, so the item is held back")
    return moment


def parse_int(value, warnings: list[str] | None = None, what: str = "number") -> int | None:
    """An integer from a number or digits in text; None (with a warning) otherwise."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    if warnings is not None:
        warnings.append(f"{what} {text[:40]!r} is not a whole number; ignored")
    return None


_STATUS_WORDS = {
    "usable": PubStatus.USABLE,
    "published": PubStatus.USABLE,
    "updated": PubStatus.USABLE,
    "corrected": PubStatus.USABLE,
    "withheld": PubStatus.WITHHELD,
    "hold": PubStatus.WITHHELD,
    "embargoed": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    "cancelled": PubStatus.CANCELED,
    "killed": PubStatus.CANCELED,
    "kill": PubStatus.CANCELED,
    "deleted": PubStatus.CANCELED,
    "withdrawn": PubStatus.CANCELED,
    "recalled": PubStatus.CANCELED,
    "spiked": PubStatus.CANCELED,
}


def parse_pub_status(value, warnings: list[str], *, has_embargo_time: bool = False) -> PubStatus:
    """``usable``/``withheld``/``canceled`` from the many spellings agencies use.

    "stat:canceled", "Killed", "deleted" and the like all mean the story must come down. No
    status at all means usable (the NewsML-G2 and ninjs default). An "embargoed" status with
    an embargo time is usable once the time passes, so it maps to usable plus the embargo;
    without a time it maps to withheld. An unknown word maps to withheld, with a warning:
    holding a story back is the safe mistake.
    """
    text = collapse_whitespace(str(value or "")).lower()
    if not text:
        return PubStatus.USABLE
    word = text.rsplit(":", 1)[-1].strip()
    if word == "embargoed" and has_embargo_time:
        return PubStatus.USABLE
    status = _STATUS_WORDS.get(word)
    if status is None:
        warnings.append(f"unknown publication status {text!r}; treated as withheld")
        return PubStatus.WITHHELD
    return status


_REUTERS_VERSIONED = re.compile(r"^(tag:reuters\.com,\d{4}:newsml_[^:]+):(\d+)$", re.IGNORECASE)
_NEWSML_URN_VERSIONED = re.compile(r"^(urn:newsml:[^:]+:[^:]+:[^:]+):(\d+)[A-Za-z]?$", re.IGNORECASE)


def split_versioned_id(identifier: str) -> tuple[str, int | None]:
    """Split a version suffix off a guid: ("tag:reuters.com,2016:newsml_X", 5) from "...:5".

    Reuters guids and NewsML URNs (``urn:newsml:provider:date:id:revision``) may carry the
    version as their last part; the story's identity is the part before it. Other ids are
    returned whole.
    """
    identifier = identifier.strip()
    for pattern in (_REUTERS_VERSIONED, _NEWSML_URN_VERSIONED):
        match = pattern.match(identifier)
        if match:
            return match.group(1), int(match.group(2))
    return identifier, None


_KNOWN_SCHEMES = {
    "medtop": "medtop",
    "mediatopic": "medtop",
    "subj": "subjectcode",
    "subjectcode": "subjectcode",
    "iptc": "subjectcode",
}
_KNOWN_SCHEME_URIS = (
    ("http://cv.iptc.org/newscodes/mediatopic/", "medtop"),
    ("https://cv.iptc.org/newscodes/mediatopic/", "medtop"),
    ("http://cv.iptc.org/newscodes/subjectcode/", "subjectcode"),
    ("https://cv.iptc.org/newscodes/subjectcode/", "subjectcode"),
    ("http://cv.ap.org/id/", "ap"),
    ("https://cv.ap.org/id/", "ap"),
)


def subject_from_qcode(qcode: str, name: str = "", kind: str = "") -> Subject | None:
    """A :class:`Subject` from a NewsML-G2 qcode ("medtop:04000000")."""
    qcode = (qcode or "").strip()
    if not qcode and not name:
        return None
    scheme, _, code = qcode.partition(":") if ":" in qcode else ("", "", qcode)
    return Subject(
        scheme=_KNOWN_SCHEMES.get(scheme.lower(), scheme),
        code=code,
        name=collapse_whitespace(name),
        kind=kind.split(":", 1)[-1] if kind else "",
    )


def subject_from_uri(uri: str, name: str = "", code: str = "", kind: str = "") -> Subject | None:
    """A :class:`Subject` from a concept URI ("http://cv.iptc.org/newscodes/mediatopic/20000523")."""
    uri = (uri or "").strip()
    for prefix, scheme in _KNOWN_SCHEME_URIS:
        if uri.startswith(prefix):
            return Subject(
                scheme=scheme, code=uri[len(prefix) :].strip("/") or code, name=collapse_whitespace(name), kind=kind
            )
    if not (uri or code or name):
        return None
    if uri and not code:
        scheme, _, code = uri.rstrip("/").rpartition("/")
        return Subject(scheme=scheme + "/", code=code, name=collapse_whitespace(name), kind=kind)
    return Subject(scheme=uri, code=code, name=collapse_whitespace(name), kind=kind)


def unique(values) -> tuple:
    """The values in order, without repeats and without empties."""
    seen = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)
