"""Sehri and iftar: when the fast begins and ends, as a country's published timetables put
them.

Published timetables do not print the astronomical times.  In Pakistan the Hanafi iftar is
printed a minute or two after the sea-level sunset and the sehri end a minute or two before
the 18° dawn; Fiqh Jafria iftar ten minutes after the Hanafi one and its sehri end ten
minutes before.  Those margins are a ``FastingConvention``: one per country in
``COUNTRY_CONVENTIONS``, optionally one per city in ``CITY_CONVENTIONS`` (keyed by a place's
code or GeoNames id), and any of them can be overridden per call with ``convention=``, so an
outlet can match the authority it follows.

Rounding always goes the safe way for a fast: iftar up to the next whole minute (never
early), sehri end down (never late).

Countries without a convention of their own get ``FastingConvention(method=<the country's
usual method>)``: iftar at the sea-level sunset rounded up, sehri end at the Fajr of that
method rounded down, and for Fiqh Jafria the same ten minutes either side as Pakistan's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Mapping

from miqat.errors import MiqatError
from miqat.methods import COUNTRY_METHODS, get_method
from miqat.place import Place
from miqat.times import as_date, as_place, compute_unix, resolve_settings, round_seconds

FIQHS = ("hanafi", "jafria")


@dataclass(frozen=True)
class FastingConvention:
    """The margins a country's (or city's) published sehri and iftar times use, in minutes.

    ``method`` is the calculation method whose Fajr marks dawn (its angle, its
    high-latitude rule); ``dawn_angle`` overrides that angle; ``high_latitude`` and ``polar``
    are as for ``miqat.times``.  ``elevation`` lowers the
    horizon for the sunset by the place's dip (off by default: Pakistani tables use the
    sea-level sunset, even for Quetta).
    """

    iftar_after_sunset: float = 0.0
    sehri_before_dawn: float = 0.0
    jafria_iftar_extra: float = 10.0
    jafria_sehri_extra: float = 10.0
    method: str = "mwl"
    dawn_angle: float | None = None
    elevation: bool = False
    high_latitude: str | None = "middle_of_night"
    polar: str | None = None

    def updated(self, changes: Mapping) -> "FastingConvention":
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise MiqatError(
                f"unknown convention field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        return replace(self, **changes)


PAKISTAN = FastingConvention(iftar_after_sunset=1.0, sehri_before_dawn=1.0, method="karachi")

# Editable at start-up by an application that knows better for a country.
COUNTRY_CONVENTIONS: dict[str, FastingConvention] = {"PK": PAKISTAN}
# Per city, keyed by the place's code ("LHR") or GeoNames id; empty by default.
CITY_CONVENTIONS: dict[object, FastingConvention] = {}


def convention_for(place: Place, convention=None) -> FastingConvention:
    """The convention that applies at a place: the city's, else the country's, else the
    default built on the country's usual method; ``convention`` (a ``FastingConvention``,
    or a mapping of fields to change in the applicable one) overrides."""
    if isinstance(convention, FastingConvention):
        return convention
    base = _base_convention(place)
    if convention:
        return _updated(base, convention)
    return base


def conventions_for(places: list[Place], convention=None) -> list[FastingConvention]:
    """``convention_for`` of every place (the same object for places that share one)."""
    if isinstance(convention, FastingConvention):
        return [convention] * len(places)
    made: dict = {}
    out = []
    for place in places:
        base = _base_convention(place)
        key = id(base)
        if key not in made:
            made[key] = _updated(base, convention) if convention else base
        out.append(made[key])
    return out


def _base_convention(place: Place) -> FastingConvention:
    if CITY_CONVENTIONS:
        city = CITY_CONVENTIONS.get(place.code) or CITY_CONVENTIONS.get(place.geonames_id)
        if city:
            return city
    country = COUNTRY_CONVENTIONS.get(place.country)
    if country:
        return country
    method = COUNTRY_METHODS.get(place.country, "mwl")
    default = _DEFAULTS.get(method)
    if default is None:
        default = _DEFAULTS[method] = FastingConvention(method=method)
    return default


def _updated(base: FastingConvention, changes: Mapping) -> FastingConvention:
    try:
        key = (base, tuple(sorted(changes.items())))
        hash(key)
    except TypeError:  # a change that cannot be a key: made each time
        return base.updated(changes)
    updated = _UPDATED.get(key)
    if updated is None:
        updated = base.updated(changes)
        if len(_UPDATED) >= 1024:
            _UPDATED.clear()
        _UPDATED[key] = updated
    return updated


# The default conventions (one per method) and the conventions changed per call, made once.
_DEFAULTS: dict[str, FastingConvention] = {}
_UPDATED: dict = {}


@dataclass(frozen=True)
class FastingTimes:
    """When the fast of one day begins and ends at a place.

    ``sehri_end`` and ``iftar`` are tz-aware datetimes in whole minutes; ``dawn`` and
    ``sunset`` are the unrounded astronomical times they were derived from.
    """

    place: Place
    day: date
    fiqh: str
    sehri_end: datetime
    iftar: datetime
    dawn: datetime
    sunset: datetime
    convention: FastingConvention

    def as_dict(self) -> dict:
        return {
            "place": self.place.name,
            "code": self.place.code,
            "date": self.day.isoformat(),
            "fiqh": self.fiqh,
            "sehri_end": self.sehri_end.isoformat(),
            "iftar": self.iftar.isoformat(),
        }


def check_fiqh(fiqh: str) -> str:
    key = str(fiqh).strip().lower()
    key = {"jafari": "jafria", "jafri": "jafria", "shia": "jafria", "sunni": "hanafi"}.get(key, key)
    if key not in FIQHS:
        raise MiqatError(f"fiqh must be 'hanafi' or 'jafria', not {fiqh!r}")
    return key


def fasting_settings(place: Place | None, convention: FastingConvention):
    """The prayer settings whose Fajr and sunset are this convention's dawn and sunset
    (the same at every place: the convention names its method)."""
    try:
        return _SETTINGS[convention]
    except KeyError:
        pass
    options = {"high_latitude": convention.high_latitude, "elevation": convention.elevation, "polar": convention.polar}
    if convention.dawn_angle is not None:
        options["fajr_angle"] = convention.dawn_angle
    method = get_method(convention.method)
    # Only dawn and sunset matter here: the method's own minute adjustments do not apply.
    settings = resolve_settings(
        method.with_options(adjustments={k: -v for k, v in method.adjustments.items()}), "shafi", place, **options
    )
    if len(_SETTINGS) >= 1024:
        _SETTINGS.clear()
    _SETTINGS[convention] = settings
    return settings


_SETTINGS: dict = {}


def sehri_iftar_seconds(dawn: float, sunset: float, convention: FastingConvention, fiqh: str) -> tuple[float, float]:
    """Unix seconds of sehri end (rounded down) and iftar (rounded up) from dawn and sunset."""
    sehri_margin = convention.sehri_before_dawn + (convention.jafria_sehri_extra if fiqh == "jafria" else 0.0)
    iftar_margin = convention.iftar_after_sunset + (convention.jafria_iftar_extra if fiqh == "jafria" else 0.0)
    return (round_seconds(dawn - sehri_margin * 60.0, "down"), round_seconds(sunset + iftar_margin * 60.0, "up"))


def fasting_times(place, day, *, fiqh: str = "hanafi", convention=None) -> FastingTimes:
    """Sehri end and iftar at ``place`` on ``day`` by the conventions of the place's
    country (see the module's docstring); ``fiqh`` is "hanafi" or "jafria"; ``convention``
    overrides (a ``FastingConvention`` or a mapping of the fields to change)."""
    place = as_place(place)
    day = as_date(day)
    fiqh = check_fiqh(fiqh)
    chosen = convention_for(place, convention)
    unix, _ = compute_unix(place, day, fasting_settings(place, chosen))
    sehri, iftar = sehri_iftar_seconds(unix["fajr"], unix["sunset"], chosen, fiqh)
    tz = place.tz
    return FastingTimes(
        place=place,
        day=day,
        fiqh=fiqh,
        sehri_end=datetime.fromtimestamp(sehri, tz),
        iftar=datetime.fromtimestamp(iftar, tz),
        dawn=datetime.fromtimestamp(unix["fajr"], tz),
        sunset=datetime.fromtimestamp(unix["sunset"], tz),
        convention=chosen,
    )
