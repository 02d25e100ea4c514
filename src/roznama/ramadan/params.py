"""Every query parameter of the Ramadan API and files, declared once.

The views read their parameters through ``read()`` and the OpenAPI document describes them
with ``openapi_parameters()``, both from the declarations below, so what is documented is
what is checked.  A value the declaration refuses is a ``BadInput`` naming the field; no
message repeats more than ``ECHO`` characters of what a client sent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from zoneinfo import available_timezones

from miqat.methods import METHODS, get_method

from .times import FIQHS
from .errors import BadInput

ECHO = 100  # at most this many characters of a client's input appear in an error
LONGEST = 100  # no text parameter is longer; a longer one is refused before it is read
_WHOLE = re.compile(r"^-?[0-9]{1,9}$")
_DECIMAL = re.compile(r"^[-+]?(?:[0-9]{1,20}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][-+]?[0-9]{1,3})?$")
LANGS = ("en", "ur")
YEARS = (1400, 1500)  # the Hijri years the calendar covers


def shown(text: str) -> str:
    """``text`` as an error may repeat it: quoted, at most ECHO characters of it."""
    text = str(text)
    return repr(text if len(text) <= ECHO else text[: ECHO - 1] + "…")


@lru_cache(maxsize=1)
def time_zones() -> frozenset:
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def method_names() -> tuple:
    """A method's key or its Aladhan id, as a client may write it."""
    ids = sorted({str(m.aladhan_id) for m in METHODS.values() if getattr(m, "aladhan_id", None) is not None}, key=int)
    return tuple(METHODS) + tuple(ids)


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict
    read: Callable[[str], object]
    required: bool = False
    example: object = None
    empty_means_default: bool = False  # an empty value (``city=``) is as if it were not given

    def openapi(self) -> dict:
        out = {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": self.schema,
        }
        if self.example is not None:
            out["example"] = self.example
        return out


def _text(value: str, name: str) -> str:
    if len(value) > LONGEST:
        raise BadInput(f"{name} is {len(value)} characters long; at most {LONGEST}", field=name)
    return value


def one_of(name: str, description: str, allowed: tuple, what: str, **more) -> Param:
    """A parameter taking one of ``allowed``: the document's enum and the check are both it."""

    def read(value: str) -> str:
        if value not in allowed:
            raise BadInput(f"{name} must be {what}, not {shown(value)}", field=name)
        return value

    return Param(name, description, {"type": "string", "enum": list(allowed)}, read, **more)


def whole(name: str, description: str, low: int, high: int, what: str, span: str = "", **more) -> Param:
    """A whole number from ``low`` to ``high``: the document's range and the check are both it."""

    def read(value: str) -> int:
        if not _WHOLE.match(value):
            raise BadInput(f"{name} must be {what}, not {shown(value)}", field=name)
        number = int(value)
        if not low <= number <= high:
            raise BadInput(f"{name} {number} is outside {span or f'{low}-{high}'}", field=name)
        return number

    return Param(name, description, {"type": "integer", "minimum": low, "maximum": high}, read, **more)


def number(name: str, description: str, low: float, high: float, what: str, **more) -> Param:
    """A decimal number from ``low`` to ``high``: the document's range and the check are both it."""

    def read(value: str) -> float:
        if not _DECIMAL.match(value):
            raise BadInput(f"{name} must be {what}, not {shown(value)}", field=name)
        found = float(value)
        if not low <= found <= high:
            raise BadInput(f"{name} {shown(value)} is outside {low:g} to {high:g}", field=name)
        return found

    return Param(name, description, {"type": "number", "minimum": low, "maximum": high}, read, **more)


def _zone(value: str) -> str:
    if value not in time_zones():
        raise BadInput(f"unknown time zone {shown(value)}; use an IANA name such as Asia/Karachi", field="tz")
    return value


def _method(value: str) -> str:
    if value not in method_names():
        raise BadInput(f"unknown method {shown(value)}; known: {', '.join(METHODS)} or an Aladhan id", field="method")
    return get_method(value).key


def _unix_time(value: str) -> float:
    try:
        number = float(_text(value, "since"))
    except ValueError:
        number = float("nan")
    if not math.isfinite(number) or not value.strip() == value:
        raise BadInput(f"since must be a Unix time in seconds, not {shown(value)}", field="since")
    return number


def _query(value: str) -> str:
    value = _text(value, "q").strip()
    if not value:
        raise BadInput("q: type the first letters of a city", field="q")
    return value


CITY = Param(
    "city",
    "A city: English or Urdu name (Lahore, لاہور), short code (LHR), GeoNames id (1172451) or "
    "coordinates as lat,lon (31.55,74.35; latitude -90 to 90, longitude -180 to 180). "
    "Empty: the strip's first city.",
    {"type": "string", "maxLength": LONGEST},
    lambda v: _text(v, "city").strip(),
    example="Lahore",
    empty_means_default=True,
)
TZ = Param(
    "tz",
    "IANA time zone for coordinates outside Pakistan (Europe/London); a named city keeps its own.",
    {"type": "string", "minLength": 1, "maxLength": 64},
    _zone,
    example="Europe/London",
)
FIQH = one_of("fiqh", "hanafi or jafria.", FIQHS, "hanafi or jafria")
METHOD = Param(
    "method",
    "Calculation method for dawn: a key (karachi, mwl, isna, umm_al_qura, ...) or its Aladhan "
    "id. Default: the country's convention (karachi in Pakistan).",
    {"type": "string", "enum": list(method_names())},
    _method,
    example="karachi",
)
YEAR = whole(
    "year",
    f"Hijri year of the Ramadan ({YEARS[0]}-{YEARS[1]}). Default: the Ramadan in progress, else the next.",
    *YEARS,
    "a Hijri year such as 1448",
    f"the Hijri years {YEARS[0]}-{YEARS[1]} this calendar covers",
    example=1448,
)
LANG = one_of("lang", "Language of labels and of the file: en or ur.", LANGS, "en or ur")
Q = Param(
    "q",
    "The first letters of a city (English or Urdu).",
    {"type": "string", "minLength": 1, "maxLength": LONGEST, "pattern": r"\S"},
    _query,
    required=True,
    example="Lah",
)
LIMIT = whole("limit", "At most this many places (1-25; default 8).", 1, 25, "a whole number from 1 to 25", example=8)
LAT = number(
    "lat",
    "Latitude in decimal degrees, -90 (south) to 90 (north).",
    -90,
    90,
    "a latitude in decimal degrees such as 24.86",
    required=True,
    example=24.86,
)
LON = number(
    "lon",
    "Longitude in decimal degrees, -180 (west) to 180 (east).",
    -180,
    180,
    "a longitude in decimal degrees such as 67.01",
    required=True,
    example=67.01,
)
AS_OF = Param(
    "as_of",
    "Editors signed in to the admin only: the instant to preview (ISO 8601 with an offset); anyone else gets a 400.",
    {"type": "string", "format": "date-time", "maxLength": 40},
    lambda v: _text(v, "as_of"),
)
SINCE = Param(
    "since",
    "With as_of: the Unix time at which the preview started (the preview clock runs on).",
    {"type": "number"},
    _unix_time,
)

ENDPOINTS: dict[str, tuple[Param, ...]] = {
    "strip": (CITY, TZ, LANG, AS_OF, SINCE),
    "today": (CITY, TZ, FIQH, METHOD),
    "month": (CITY, TZ, FIQH, METHOD, YEAR),
    "places": (Q, LIMIT),
    "nearest": (LAT, LON),
    "openapi": (),
    "ics": (CITY, TZ, FIQH, METHOD, YEAR, LANG),
    "csv": (CITY, TZ, METHOD, YEAR),
    "pdf": (CITY, TZ, METHOD, YEAR, LANG),
}


def openapi_parameters(endpoint: str) -> list[dict]:
    return [param.openapi() for param in ENDPOINTS[endpoint]]


def read_lenient(query, names: tuple) -> dict:
    """Only ``names``, each checked as declared; anything else in ``query`` is ignored."""
    declared = {param.name: param for params in ENDPOINTS.values() for param in params}
    values = {}
    for name in names:
        raw = query.get(name)
        param = declared[name]
        empty = raw is None or not raw.strip()
        values[name] = None if empty else param.read(raw)
    return values


def read(query, endpoint: str) -> dict:
    """The declared parameters of ``endpoint`` from a QueryDict, checked; absent ones are None.

    Unknown names and a name given twice are refused, not ignored: a client that misspells
    ``year`` would otherwise get this year's Ramadan and never know.
    """
    declared = {param.name: param for param in ENDPOINTS[endpoint]}
    for name in query.keys():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise BadInput(f"unknown parameter; this address takes: {known}", field=name[:ECHO])
        if len(query.getlist(name)) > 1:
            raise BadInput(f"{name} is given more than once", field=name)
    values = {}
    for name, param in declared.items():
        raw = query.get(name)
        if raw is None or (param.empty_means_default and not raw.strip()):
            if param.required:
                raise BadInput(f"{name} is required", field=name)
            values[name] = None
            continue
        values[name] = param.read(raw)
    return values
