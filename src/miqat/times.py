"""Prayer times for one place on one day: ``miqat.times(place, day)``.

This is the scalar path, written with the ``math`` module so that one call costs tens of
microseconds; ``miqat.timetable`` runs the same steps over numpy arrays for many places and
days at once, and the two are tested to agree.

Every time is computed in Universal Time, taken equal to UTC (the two never differ by more
than 0.9 s while leap seconds are kept), and handed back as a datetime in the place's time
zone.  The unrounded times are what the method defines; ``rounded`` holds them to the
minute as the method publishes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from miqat import events, highlat
from miqat.errors import DateOutOfRange, MiqatError, NoTimeError, PolarError
from miqat.methods import ROUNDINGS, Method, country_method, get_method
from miqat.place import Place

FIRST_YEAR, LAST_YEAR = 1900, 2100
STANDARD_HORIZON = -0.8333  # refraction 34′ and semidiameter 16′ at the horizon
UNIX_EPOCH_JD = 2440587.5
ORDINAL_TO_JD = 1721424.5  # date.toordinal() + this = Julian day at 0h UT
NAMES = ("fajr", "sunrise", "dhuhr", "asr", "sunset", "maghrib", "isha")
ASR_FACTORS = {
    "hanafi": 2.0,
    "shafi": 1.0,
    "shafii": 1.0,
    "standard": 1.0,
    "maliki": 1.0,
    "hanbali": 1.0,
    "jafari": 1.0,
    "jafria": 1.0,
}
POLAR = ("nearest_latitude", "nearest_day")
# The night next to a day is within this many days of (sunrise + 1 day - sunset): only
# when a twilight comes that close to its cap is the exact night worth computing.
NIGHT_MARGIN = 0.03
OPTIONS = (
    "fajr_angle",
    "isha_angle",
    "fajr_interval",
    "isha_interval",
    "maghrib_angle",
    "maghrib_interval",
    "adjustments",
    "rounding",
    "high_latitude",
    "polar",
    "elevation",
    "ramadan_isha",
    "shafaq",
)


class Timings(NamedTuple):
    """The seven times of a day, in order."""

    fajr: datetime
    sunrise: datetime
    dhuhr: datetime
    asr: datetime
    sunset: datetime
    maghrib: datetime
    isha: datetime


@dataclass(frozen=True)
class Settings:
    """Everything a computation needs besides the place and the day, resolved once."""

    method: Method
    asr_factor: float
    high_latitude: str | None
    polar: str | None
    elevation: float | bool
    ramadan_isha: bool
    shafaq: str

    def horizon(self, place: Place) -> float:
        """Sunrise and sunset altitude: the standard one, lowered by the dip of the
        horizon when an elevation is asked for (1.76′·√metres, with refraction)."""
        if self.elevation is False or self.elevation is None:
            return STANDARD_HORIZON
        metres = place.elevation if self.elevation is True else float(self.elevation)
        return STANDARD_HORIZON - 0.0347 * math.sqrt(max(metres, 0.0))


def asr_factor(asr) -> float:
    """The shadow factor: 1 for the Shafi (standard) Asr, 2 for the Hanafi, or a number."""
    if isinstance(asr, (int, float)) and not isinstance(asr, bool):
        if asr <= 0:
            raise MiqatError("the Asr shadow factor must be positive")
        return float(asr)
    factor = ASR_FACTORS.get(str(asr).strip().lower())
    if factor is None:
        raise MiqatError(f"asr must be 'hanafi', 'shafi' or a shadow factor, not {asr!r}")
    return factor


def resolve_settings(method="karachi", asr="hanafi", place: Place | None = None, **options) -> Settings:
    """Turn the public arguments into ``Settings``; unknown options are an error."""
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(sorted(unknown))}; known: {', '.join(OPTIONS)}")
    if method == "auto":
        base = country_method(place.country if place is not None else "")
    else:
        base = get_method(method)
    changes = {
        k: options[k]
        for k in (
            "fajr_angle",
            "isha_angle",
            "fajr_interval",
            "isha_interval",
            "maghrib_angle",
            "maghrib_interval",
            "adjustments",
            "rounding",
        )
        if k in options
    }
    if "fajr_angle" in changes and "fajr_interval" not in changes:
        changes["fajr_interval"] = None
    if "isha_angle" in changes and "isha_interval" not in changes:
        changes["isha_interval"] = None
    if changes.get("maghrib_interval") is None and "maghrib_interval" in changes:
        changes["maghrib_interval"] = 0.0
    if "rounding" in changes and changes["rounding"] not in ROUNDINGS:
        raise MiqatError(f"rounding must be one of {', '.join(ROUNDINGS)}")
    chosen = base.with_options(**changes) if changes else base
    polar = options.get("polar")
    if polar is not None:
        polar = str(polar).lower().replace("-", "_").replace(" ", "_")
        if polar not in POLAR:
            raise MiqatError(f"unknown polar resolution {options['polar']!r}; one of {', '.join(POLAR)} or None")
    shafaq = options.get("shafaq", "general")
    if shafaq not in highlat.SHAFAQ:
        raise MiqatError(f"unknown shafaq {shafaq!r}; one of {', '.join(highlat.SHAFAQ)}")
    return Settings(
        method=chosen,
        asr_factor=asr_factor(asr),
        high_latitude=highlat.normalise_rule(options.get("high_latitude", "middle_of_night")),
        polar=polar,
        elevation=options.get("elevation", False),
        ramadan_isha=bool(options.get("ramadan_isha", False)),
        shafaq=shafaq,
    )


def as_date(day) -> date:
    """A ``date`` from a date, a datetime (its own date) or an ISO string; in range."""
    if isinstance(day, datetime):
        day = day.date()
    elif isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError as exc:
            raise MiqatError(f"not a date: {day!r} (use YYYY-MM-DD)") from exc
    elif not isinstance(day, date):
        raise MiqatError(f"not a date: {day!r}")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateOutOfRange(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR} that miqat computes")
    return day


def noon_offset_seconds(tz: ZoneInfo, day: date) -> float:
    """The zone's UTC offset at civil noon of the day, which fixes which solar day is
    meant (the transit nearest that noon)."""
    return tz.utcoffset(datetime(day.year, day.month, day.day, 12)).total_seconds()


def in_ramadan(day: date) -> bool:
    """Whether the day falls in Ramadan of the Umm al-Qura calendar (hijridate)."""
    from hijridate import Gregorian

    return Gregorian(day.year, day.month, day.day).to_hijri().month == 9


# --- the computation -------------------------------------------------------------------


def solve_day(
    latitude: float, longitude: float, jd0: float, t_noon: float, horizon: float, settings: Settings, day: date
) -> dict[str, float] | None:
    """Day fractions (UT days from 0h UT of the civil date) of every time, adjustments
    included; ``None`` when the Sun does not rise or does not set (polar day or night)."""
    sky = events.Sky(events.day_nodes(jd0), latitude, longitude, t_noon)
    transit = sky.transit
    method = settings.method
    # Every crossing the day needs, at once: sunrise, sunset, Asr (its shadow grows by
    # `factor` times the object's length beyond its noon shadow), then the twilights.
    try:
        asr_altitude = events.shadow_altitude(sky.noon_altitude(), settings.asr_factor)
    except ZeroDivisionError:  # a noon altitude of exactly 0 (or a polar night's): no Asr
        asr_altitude = 90.0
    targets = [(horizon, -1), (horizon, +1), (asr_altitude, +1)]
    if method.fajr_interval is None:
        targets.append((-method.fajr_angle, -1))
    if method.maghrib_angle is not None:
        targets.append((-method.maghrib_angle, +1))
    if method.isha_interval is None:
        targets.append((-method.isha_angle, +1))
    found = sky.crossings(targets)
    sunrise, sunset, asr = found[0], found[1], found[2]
    if sunrise is None or sunset is None:
        return None
    twilights = iter(found[3:])
    rule = settings.high_latitude
    night_before = night_after = None  # computed when needed

    # Fajr
    if method.fajr_interval is not None:
        fajr = sunrise - method.fajr_interval / 1440.0
    else:
        fajr = next(twilights)
        if method.seasonal:
            if abs(latitude) >= 55.0:
                night_before = _night_before(sky, horizon, sunrise, sunset)
                fajr = sunrise - night_before / 7.0
            else:
                doy = day.timetuple().tm_yday
                safe = sunrise - highlat.seasonal_fajr_minutes(latitude, doy, day.year) / 1440.0
                if fajr is None or fajr < safe:
                    fajr = safe
        elif rule is not None:
            portion = highlat.night_portion(rule, method.fajr_angle)
            if fajr is None or sunrise - fajr > portion * (sunrise + 1.0 - sunset) - NIGHT_MARGIN:
                night_before = _night_before(sky, horizon, sunrise, sunset)
                limit = portion * night_before
                if fajr is None or sunrise - fajr > limit:
                    fajr = sunrise - limit
        elif fajr is None:
            raise NoTimeError(
                f"the Sun does not reach {method.fajr_angle:g}° below the horizon "
                f"before sunrise on {day}; choose a high-latitude rule"
            )

    # Maghrib
    if method.maghrib_angle is not None:
        maghrib = next(twilights)
        if rule is not None:
            night_after = _night_after(sky, horizon, sunrise, sunset)
            limit = highlat.night_portion(rule, method.maghrib_angle) * night_after
            if maghrib is None or maghrib - sunset > limit:
                maghrib = sunset + limit
        elif maghrib is None:
            raise NoTimeError(
                f"the Sun does not reach {method.maghrib_angle:g}° below the horizon "
                f"after sunset on {day}; choose a high-latitude rule"
            )
    else:
        maghrib = sunset + method.maghrib_interval / 1440.0

    # Isha
    if method.isha_interval is not None:
        isha = maghrib + method.isha_interval / 1440.0
        if settings.ramadan_isha and method.ramadan_isha_extra and in_ramadan(day):
            isha += method.ramadan_isha_extra / 1440.0
    else:
        isha = next(twilights)
        if method.seasonal:
            if abs(latitude) >= 55.0:
                if night_after is None:
                    night_after = _night_after(sky, horizon, sunrise, sunset)
                isha = sunset + night_after / 7.0
            else:
                doy = day.timetuple().tm_yday
                safe = sunset + highlat.seasonal_isha_minutes(latitude, doy, day.year, settings.shafaq) / 1440.0
                if isha is None or isha > safe:
                    isha = safe
        elif rule is not None:
            portion = highlat.night_portion(rule, method.isha_angle)
            if isha is None or isha - sunset > portion * (sunrise + 1.0 - sunset) - NIGHT_MARGIN:
                if night_after is None:
                    night_after = _night_after(sky, horizon, sunrise, sunset)
                limit = portion * night_after
                if isha is None or isha - sunset > limit:
                    isha = sunset + limit
        elif isha is None:
            raise NoTimeError(
                f"the Sun does not reach {method.isha_angle:g}° below the horizon "
                f"after sunset on {day}; choose a high-latitude rule"
            )

    if asr is None:  # only when the Sun barely clears the horizon; keep it before sunset
        asr = sunset

    result = {
        "fajr": fajr,
        "sunrise": sunrise,
        "dhuhr": transit,
        "asr": asr,
        "sunset": sunset,
        "maghrib": maghrib,
        "isha": isha,
    }
    for prayer, minutes in method.adjustments.items():
        result[prayer] += minutes / 1440.0
    result["transit"] = transit
    return result


def _night_before(sky: events.Sky, horizon: float, sunrise: float, sunset: float) -> float:
    """The night that ends at this sunrise: from the previous day's sunset."""
    previous = sky.crossing_from(horizon, +1, sky.transit - 1.0)
    return sunrise - (previous if previous is not None else sunset - 1.0)


def _night_after(sky: events.Sky, horizon: float, sunrise: float, sunset: float) -> float:
    """The night that starts at this sunset: to the next day's sunrise."""
    following = sky.crossing_from(horizon, -1, sky.transit + 1.0)
    return (following if following is not None else sunrise + 1.0) - sunset


def _resolve_polar(
    place: Place, day: date, jd0: float, t_noon: float, horizon: float, settings: Settings
) -> tuple[dict[str, float], str]:
    """Times for a day on which the Sun does not rise or set, by the chosen resolution."""
    if settings.polar is None:
        raise PolarError(
            f"the Sun does not {'set' if _sun_up_all_day(place, jd0, t_noon) else 'rise'} at "
            f"{place.name} ({place.latitude:.2f}°) on {day.isoformat()}; "
            f"choose polar='nearest_latitude' or polar='nearest_day'"
        )
    if settings.polar == "nearest_latitude":
        # Toward the equator half a degree at a time, as AqrabBalad is usually applied.
        sign = 1.0 if place.latitude >= 0 else -1.0
        latitude = math.floor(abs(place.latitude) * 2.0) / 2.0
        while latitude > 0.0:
            latitude -= 0.5
            result = solve_day(sign * latitude, place.longitude, jd0, t_noon, horizon, settings, day)
            if result is not None:
                return result, f"nearest latitude {sign * latitude:g}°"
    else:
        tz = place.tz
        for distance in range(1, 184):
            for other in (day - timedelta(days=distance), day + timedelta(days=distance)):
                jd_other = other.toordinal() + ORDINAL_TO_JD
                offset = noon_offset_seconds(tz, other)
                result = solve_day(
                    place.latitude, place.longitude, jd_other, 0.5 - offset / 86400.0, horizon, settings, other
                )
                if result is not None:
                    # The same clock times on the asked day.
                    shift = (offset - noon_offset_seconds(tz, day)) / 86400.0
                    return ({k: v + shift for k, v in result.items()}, f"nearest day {other.isoformat()}")
    raise PolarError(f"no polar resolution gives times at {place.name} on {day.isoformat()}")


def _sun_up_all_day(place: Place, jd0: float, t_noon: float) -> bool:
    nodes = events.day_nodes(jd0)
    transit = events.transit(nodes, place.longitude, t_noon)
    return events.noon_altitude(nodes, place.latitude, transit) > 0.0


def compute_unix(place: Place, day: date, settings: Settings) -> tuple[dict[str, float], str]:
    """Unix seconds (UTC) of every time, and a note when a polar resolution was used."""
    jd0 = day.toordinal() + ORDINAL_TO_JD
    t_noon = 0.5 - noon_offset_seconds(place.tz, day) / 86400.0
    horizon = settings.horizon(place)
    result = solve_day(place.latitude, place.longitude, jd0, t_noon, horizon, settings, day)
    note = ""
    if result is None:
        result, note = _resolve_polar(place, day, jd0, t_noon, horizon, settings)
    base = jd0 - UNIX_EPOCH_JD
    return {name: (base + t) * 86400.0 for name, t in result.items()}, note


def round_seconds(seconds: float, rounding: str) -> float:
    """Unix seconds to a whole minute: nearest (half a minute goes up), up, down, or none."""
    if rounding == "nearest":
        return math.floor(seconds / 60.0 + 0.5) * 60.0
    if rounding == "up":
        return math.ceil(seconds / 60.0 - 1e-9) * 60.0
    if rounding == "down":
        return math.floor(seconds / 60.0 + 1e-9) * 60.0
    return seconds


class PrayerTimes:
    """The times of one day at one place.

    ``fajr``, ``sunrise``, ``dhuhr``, ``asr``, ``sunset``, ``maghrib`` and ``isha`` are
    tz-aware datetimes, unrounded, with the method's and the caller's adjustments (sunset is
    never adjusted: it is the astronomical sunset).  ``transit`` is the Sun's transit.
    ``rounded`` holds the seven times rounded to the minute as the method publishes them
    (``rounding`` option), for display; ``exact`` the unrounded ones as a ``Timings``.
    ``note`` says when a polar resolution supplied the times.
    """

    __slots__ = ("place", "day", "method", "settings", "unix", "exact", "note", "_rounded")

    def __init__(self, place: Place, day: date, settings: Settings, unix: dict[str, float], note: str = ""):
        self.place = place
        self.day = day
        self.settings = settings
        self.method = settings.method
        self.unix = unix
        self.note = note
        tz = place.tz
        at = datetime.fromtimestamp
        self.exact = tuple.__new__(
            Timings,
            (
                at(unix["fajr"], tz),
                at(unix["sunrise"], tz),
                at(unix["dhuhr"], tz),
                at(unix["asr"], tz),
                at(unix["sunset"], tz),
                at(unix["maghrib"], tz),
                at(unix["isha"], tz),
            ),
        )
        self._rounded = None

    fajr = property(lambda self: self.exact.fajr)
    sunrise = property(lambda self: self.exact.sunrise)
    dhuhr = property(lambda self: self.exact.dhuhr)
    asr = property(lambda self: self.exact.asr)
    sunset = property(lambda self: self.exact.sunset)
    maghrib = property(lambda self: self.exact.maghrib)
    isha = property(lambda self: self.exact.isha)

    @property
    def transit(self) -> datetime:
        return datetime.fromtimestamp(self.unix["transit"], self.place.tz)

    @property
    def rounded(self) -> Timings:
        if self._rounded is None:
            tz, rounding = self.place.tz, self.method.rounding
            self._rounded = Timings(*(datetime.fromtimestamp(round_seconds(self.unix[n], rounding), tz) for n in NAMES))
        return self._rounded

    def as_dict(self, rounded: bool = True) -> dict:
        """Plain data for JSON: ISO 8601 times with their UTC offset."""
        timings = self.rounded if rounded else self.exact
        return {
            "place": self.place.name,
            "code": self.place.code,
            "date": self.day.isoformat(),
            "method": self.method.key,
            "asr_factor": self.settings.asr_factor,
            **{name: value.isoformat() for name, value in zip(NAMES, timings)},
            **({"note": self.note} if self.note else {}),
        }

    def __iter__(self):
        return iter(self.exact)

    def __repr__(self) -> str:
        shown = " ".join(f"{n}={t:%H:%M}" for n, t in zip(NAMES, self.rounded))
        return f"<PrayerTimes {self.place.name} {self.day} {self.method.key}: {shown}>"


_SETTINGS_CACHE: dict = {}


def cached_settings(method, asr, place: Place, options: dict) -> Settings:
    if options or isinstance(method, dict):
        return resolve_settings(method, asr, place, **options)
    key = (method, asr, place.country if method == "auto" else None)
    try:
        return _SETTINGS_CACHE[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable method object
        return resolve_settings(method, asr, place)
    settings = _SETTINGS_CACHE[key] = resolve_settings(method, asr, place)
    return settings


def as_place(place) -> Place:
    if isinstance(place, Place):
        return place
    if isinstance(place, (str, int)):
        from miqat.places import resolve

        return resolve(place)
    raise MiqatError(f"not a place: {place!r} (a Place, or a name, code or GeoNames id)")


def times(place, day, *, method="karachi", asr="hanafi", **options) -> PrayerTimes:
    """Prayer times at ``place`` on the civil date ``day`` (a date, datetime or ISO string).

    ``place`` is a ``Place`` or anything ``miqat.places.resolve`` accepts (English or Urdu
    name, GeoNames id, short code).  ``method`` is a method key (``"karachi"``, ``"mwl"``,
    ...), an Aladhan id (``1``), a ``Method``, or ``"auto"`` for the place's country's
    usual method.  ``asr`` is ``"hanafi"`` (shadow factor 2), ``"shafi"`` (1) or a factor.

    Options: ``fajr_angle``, ``isha_angle``, ``fajr_interval``, ``isha_interval`` (minutes),
    ``maghrib_angle``, ``maghrib_interval`` (minutes after sunset), ``adjustments`` (minutes
    per prayer, added to the method's), ``rounding`` ("nearest", "up", "down", "none"),
    ``high_latitude`` ("middle_of_night" by default, "seventh_of_night", "twilight_angle"
    or None), ``polar`` (None by default, "nearest_latitude" or "nearest_day"),
    ``elevation`` (False by default; True for the place's elevation or a number of metres,
    to lower the horizon by its dip), ``ramadan_isha`` (add the method's Ramadan minutes to
    Isha, Umm al-Qura's 30), ``shafaq`` (Moonsighting Committee: "general", "ahmer",
    "abyad").
    """
    place = as_place(place)
    day = as_date(day)
    settings = cached_settings(method, asr, place, options)
    unix, note = compute_unix(place, day, settings)
    return PrayerTimes(place, day, settings, unix, note)
