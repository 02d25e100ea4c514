"""Many places by many days in one vectorised computation: month tables, a country's year,
precomputation for the site.

The steps are those of ``miqat.times`` (the scalar path in times.py), run on numpy arrays of
shape (places, days): the Sun's daily places are computed once for the whole date range
(they do not depend on the place), then every event of every place and day is refined
together.  Places whose settings differ (``method="auto"`` across countries) are computed in
groups.  The rare cells where the Sun does not rise or set go through the scalar path, with
the same polar resolution or the same error.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Iterator

import numpy as np

from miqat import events, highlat
from miqat.errors import MiqatError, NoTimeError
from miqat.fasting import FastingTimes, check_fiqh, conventions_for, fasting_settings
from miqat.place import Place
from miqat.times import (
    NAMES,
    NIGHT_MARGIN,
    ORDINAL_TO_JD,
    UNIX_EPOCH_JD,
    PrayerTimes,
    Settings,
    as_date,
    as_place,
    compute_unix,
    in_ramadan,
    resolve_settings,
)

FASTING_NAMES = ("sehri_end", "iftar")
# How often a time zone's offset is sampled before looking day by day between samples
# that differ: no zone changes its offset twice within a week.
_OFFSET_SAMPLE_DAYS = 7
# Cells (places × days) computed together: bounds the memory a very large table needs
# (each step makes temporaries of this size) at no cost in speed.
CELLS_PER_BLOCK = 16384


def noon_offsets(tz, days: list[date], noons: list[datetime] | None = None) -> np.ndarray:
    """The zone's UTC offset (seconds) at civil noon of each day (``noons``: the days' civil
    noons as naive datetimes, when the caller has them already)."""
    if noons is None:
        noons = [datetime(d.year, d.month, d.day, 12) for d in days]
    utcoffset = tz.utcoffset

    def offset(k: int) -> float:
        return utcoffset(noons[k]).total_seconds()

    n = len(days)
    samples = list(range(0, n, _OFFSET_SAMPLE_DAYS))
    if samples[-1] != n - 1:
        samples.append(n - 1)
    values = [offset(i) for i in samples]
    if len(set(values)) == 1:
        return np.full(n, values[0])
    out = np.empty(n)
    for (i, a), (j, b) in zip(zip(samples, values), zip(samples[1:], values[1:])):
        out[i : j + 1] = a
        if a != b:
            for k in range(i + 1, j):
                out[k] = offset(k)
            out[j] = b
    if len(samples) == 1:
        out[0] = values[0]
    return out


def _solve(
    sky: events.SkyArray,
    horizon: np.ndarray,
    settings: Settings,
    days: list[date],
    dawn_only: bool = False,
    given: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """``times.solve_day`` over arrays: ``sky`` holds places (P, 1) by days (D), horizon
    has shape (P, 1).  Polar cells come back NaN in sunrise or sunset.  ``dawn_only``
    stops after Fajr, sunrise and sunset (all that sehri and iftar need); ``given`` are
    sunrise and sunset already computed for these cells with this horizon.

    The exact night next to a day is computed only for the cells whose twilight comes
    near the rule's cap (as the scalar path decides it), which at most latitudes is none."""
    transit = sky.transit
    if given is not None:
        sunrise, sunset = given
    else:
        sunrise = sky.crossing(horizon, -1)
        sunset = sky.crossing(horizon, +1)
    method = settings.method
    rule = settings.high_latitude
    lat = sky.latitude
    shape = sky.shape

    def night_before(where) -> np.ndarray:
        previous = sky.crossing(horizon, +1, start=transit - 1.0, where=where)
        return sunrise - np.where(np.isnan(previous), sunset - 1.0, previous)

    def night_after(where) -> np.ndarray:
        following = sky.crossing(horizon, -1, start=transit + 1.0, where=where)
        return np.where(np.isnan(following), sunrise + 1.0, following) - sunset

    def first_missing(values: np.ndarray) -> str:
        i, j = np.argwhere(np.isnan(values) & ~np.isnan(sunrise + sunset))[0]
        return f"{days[j].isoformat()} at latitude {float(np.broadcast_to(lat, values.shape)[i, j]):.2f}"

    def seasonal_terms():
        return (np.array([d.timetuple().tm_yday for d in days])[None, :], np.array([d.year for d in days])[None, :])

    # Fajr
    if method.fajr_interval is not None:
        fajr = sunrise - method.fajr_interval / 1440.0
    else:
        fajr = sky.crossing(-method.fajr_angle, -1)
        if method.seasonal:
            doy, years = seasonal_terms()
            safe = sunrise - highlat.seasonal_fajr_minutes(lat, doy, years) / 1440.0
            fajr = np.where(np.isnan(fajr) | (fajr < safe), safe, fajr)
            high = np.broadcast_to(np.abs(lat) >= 55.0, shape)
            if high.any():
                fajr = np.where(high, sunrise - night_before(high) / 7.0, fajr)
        elif rule is not None:
            portion = highlat.night_portion(rule, method.fajr_angle)
            need = np.isnan(fajr) | (sunrise - fajr > portion * (sunrise + 1.0 - sunset) - NIGHT_MARGIN)
            if need.any():
                limit = portion * night_before(need)
                fajr = np.where(need & (np.isnan(fajr) | (sunrise - fajr > limit)), sunrise - limit, fajr)
        elif np.isnan(fajr[~np.isnan(sunrise + sunset)]).any():
            raise NoTimeError(
                f"the Sun does not reach {method.fajr_angle:g}° below the horizon before "
                f"sunrise on {first_missing(fajr)}; choose a high-latitude rule"
            )

    if dawn_only:
        return {"fajr": fajr + method.adjustment("fajr") / 1440.0, "sunrise": sunrise, "sunset": sunset}

    # Maghrib
    if method.maghrib_angle is not None:
        maghrib = sky.crossing(-method.maghrib_angle, +1)
        if rule is not None:
            portion = highlat.night_portion(rule, method.maghrib_angle)
            need = np.isnan(maghrib) | (maghrib - sunset > portion * (sunrise + 1.0 - sunset) - NIGHT_MARGIN)
            if need.any():
                limit = portion * night_after(need)
                maghrib = np.where(need & (np.isnan(maghrib) | (maghrib - sunset > limit)), sunset + limit, maghrib)
        elif np.isnan(maghrib[~np.isnan(sunrise + sunset)]).any():
            raise NoTimeError(
                f"the Sun does not reach {method.maghrib_angle:g}° below the horizon after "
                f"sunset on {first_missing(maghrib)}; choose a high-latitude rule"
            )
    else:
        maghrib = sunset + method.maghrib_interval / 1440.0

    # Isha
    if method.isha_interval is not None:
        isha = maghrib + method.isha_interval / 1440.0
        if settings.ramadan_isha and method.ramadan_isha_extra:
            ramadan = np.array([in_ramadan(d) for d in days])[None, :]
            isha = isha + np.where(ramadan, method.ramadan_isha_extra / 1440.0, 0.0)
    else:
        isha = sky.crossing(-method.isha_angle, +1)
        if method.seasonal:
            doy, years = seasonal_terms()
            safe = sunset + highlat.seasonal_isha_minutes(lat, doy, years, settings.shafaq) / 1440.0
            isha = np.where(np.isnan(isha) | (isha > safe), safe, isha)
            high = np.broadcast_to(np.abs(lat) >= 55.0, shape)
            if high.any():
                isha = np.where(high, sunset + night_after(high) / 7.0, isha)
        elif rule is not None:
            portion = highlat.night_portion(rule, method.isha_angle)
            need = np.isnan(isha) | (isha - sunset > portion * (sunrise + 1.0 - sunset) - NIGHT_MARGIN)
            if need.any():
                limit = portion * night_after(need)
                isha = np.where(need & (np.isnan(isha) | (isha - sunset > limit)), sunset + limit, isha)
        elif np.isnan(isha[~np.isnan(sunrise + sunset)]).any():
            raise NoTimeError(
                f"the Sun does not reach {method.isha_angle:g}° below the horizon after "
                f"sunset on {first_missing(isha)}; choose a high-latitude rule"
            )

    noon = sky.noon_altitude()
    asr = sky.crossing(events.shadow_altitude_array(noon, settings.asr_factor), +1)
    asr = np.where(np.isnan(asr), sunset, asr)

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
        result[prayer] = result[prayer] + minutes / 1440.0
    result["transit"] = transit
    # The astronomical ones, before any adjustment (sehri and iftar reuse them).
    result["_sunrise"], result["_sunset"] = sunrise, sunset
    return result


def _compute(
    places: list[Place],
    days: list[date],
    settings_of,
    nodes: np.ndarray,
    t_noon: np.ndarray,
    jd0: np.ndarray,
    names: tuple[str, ...],
    dawn_only: bool = False,
    known: dict[str, np.ndarray] | None = None,
    keep: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Unix seconds of ``names`` for every place and day, places grouped by settings.
    ``known`` gives sunrise and sunset (day fractions, one row per place) already computed
    with the same horizon; ``keep`` receives those this computation makes."""
    out = {name: np.empty((len(places), len(days))) for name in names}
    if keep is not None:
        keep.update(sunrise=np.empty((len(places), len(days))), sunset=np.empty((len(places), len(days))))
    groups: dict[int, tuple[Settings, list[int]]] = {}
    for i, place in enumerate(places):
        settings = settings_of(place)
        groups.setdefault(id(settings), (settings, []))[1].append(i)
    base = (jd0 - UNIX_EPOCH_JD)[None, :]
    # Blocks of places, so that memory stays bounded however large the table.
    block = max(1, CELLS_PER_BLOCK // len(days))
    for settings, rows in groups.values():
        for start in range(0, len(rows), block):
            _compute_block(
                places,
                days,
                settings,
                rows[start : start + block],
                nodes,
                t_noon,
                base,
                names,
                dawn_only,
                out,
                known,
                keep,
            )
    return out


def _rows(rows: list[int]):
    """An index for the rows: a slice when they follow one another (no copies), else an array."""
    if rows[-1] - rows[0] == len(rows) - 1:
        return slice(rows[0], rows[-1] + 1)
    return np.array(rows)


def _compute_block(places, days, settings, rows, nodes, t_noon, base, names, dawn_only, out, known, keep) -> None:
    idx = _rows(rows)
    group = [places[i] for i in rows]
    lat = np.array([p.latitude for p in group])[:, None]
    lon = np.array([p.longitude for p in group])[:, None]
    horizon = np.array([settings.horizon(p) for p in group])[:, None]
    with np.errstate(invalid="ignore"):
        sky = events.SkyArray(nodes, lat, lon, t_noon[idx])
        given = None if known is None else (known["sunrise"][idx], known["sunset"][idx])
        solved = _solve(sky, horizon, settings, days, dawn_only, given)
    if keep is not None:
        keep["sunrise"][idx] = solved.get("_sunrise", solved["sunrise"])
        keep["sunset"][idx] = solved.get("_sunset", solved["sunset"])
    polar = np.isnan(solved["sunrise"]) | np.isnan(solved["sunset"])
    for name in names:
        if isinstance(idx, slice):  # straight into the output
            cells = out[name][idx]
            np.add(base, solved[name], out=cells)
            cells *= 86400.0
        else:
            out[name][idx] = (base + solved[name]) * 86400.0
    if polar.any():
        index = np.arange(len(places))[idx]
        for r, j in np.argwhere(polar):
            unix, _ = compute_unix(group[r], days[j], settings)
            for name in names:
                out[name][index[r], j] = unix[name]


class Timetable:
    """Times for places × days.

    ``unix[name]`` is an array (places, days) of UTC Unix seconds for each of fajr, sunrise,
    dhuhr, asr, sunset, maghrib, isha (unrounded, as ``miqat.times`` gives them), transit,
    and sehri_end and iftar (whole minutes, as ``miqat.fasting_times`` gives them).
    ``offsets`` holds each place's UTC offset at noon of each day.  ``times(i, j)`` and
    ``fasting(i, j)`` give one cell as the scalar functions would; ``rows(i)`` one place's
    days as plain data.
    """

    def __init__(self, places, days, settings, fasting_conventions, fiqh, unix, offsets):
        self.places: list[Place] = places
        self.days: list[date] = days
        self.settings: list[Settings] = settings
        self.conventions = fasting_conventions
        self.fiqh = fiqh
        self.unix: dict[str, np.ndarray] = unix
        self.offsets: np.ndarray = offsets

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.places), len(self.days)

    def rounded_unix(self, name: str) -> np.ndarray:
        """The times rounded as each place's method publishes them (sehri and iftar are
        whole minutes already)."""
        values = self.unix[name]
        if name in FASTING_NAMES:
            return values
        out = values.copy()
        for mode in {s.method.rounding for s in self.settings}:
            rows = np.array([s.method.rounding == mode for s in self.settings])
            minutes = values[rows] / 60.0
            if mode == "nearest":
                out[rows] = np.floor(minutes + 0.5) * 60.0
            elif mode == "up":
                out[rows] = np.ceil(minutes - 1e-9) * 60.0
            elif mode == "down":
                out[rows] = np.floor(minutes + 1e-9) * 60.0
        return out

    def local_clock(self, name: str, rounded: bool = True) -> np.ndarray:
        """Seconds after local midnight of each cell's date (above 86,400 for a time after
        midnight, such as a late Isha), with the exact offset of the time zone."""
        values = self.rounded_unix(name) if rounded else self.unix[name]
        local = values + self.offsets
        # Where the offset changes near the day (daylight saving), take each time's own.
        changing = np.zeros(self.shape, dtype=bool)
        changing[:, 1:] |= self.offsets[:, 1:] != self.offsets[:, :-1]
        changing[:, :-1] |= self.offsets[:, 1:] != self.offsets[:, :-1]
        for i, j in np.argwhere(changing):
            tz = self.places[i].tz
            local[i, j] = values[i, j] + datetime.fromtimestamp(values[i, j], tz).utcoffset().total_seconds()
        midnight = np.array([(d.toordinal() - 719163) * 86400.0 for d in self.days])[None, :]
        return local - midnight

    def times(self, i: int, j: int) -> PrayerTimes:
        unix = {name: float(self.unix[name][i, j]) for name in (*NAMES, "transit")}
        return PrayerTimes(self.places[i], self.days[j], self.settings[i], unix)

    def fasting(self, i: int, j: int) -> FastingTimes:
        tz = self.places[i].tz
        at = lambda name: datetime.fromtimestamp(float(self.unix[name][i, j]), tz)  # noqa: E731
        return FastingTimes(
            self.places[i],
            self.days[j],
            self.fiqh,
            at("sehri_end"),
            at("iftar"),
            at("dawn"),
            at("fasting_sunset"),
            self.conventions[i],
        )

    def rows(self, i: int, rounded: bool = True) -> Iterator[dict]:
        """One place's days as dicts of ``HH:MM`` strings (``HH:MM:SS`` unrounded)."""
        names = (*NAMES, *FASTING_NAMES)
        clocks = {n: self.local_clock(n, rounded)[i] for n in names}
        for j, day in enumerate(self.days):
            row = {"date": day.isoformat()}
            for n in names:
                seconds = clocks[n][j]
                whole = int(np.floor(seconds + 1e-6)) % 86400
                h, rem = divmod(whole, 3600)
                row[n] = (
                    f"{h:02d}:{rem // 60:02d}"
                    if rounded or n in FASTING_NAMES
                    else f"{h:02d}:{rem // 60:02d}:{rem % 60:02d}"
                )
            yield row


def _day_range(start, end) -> list[date]:
    start, end = as_date(start), as_date(end)
    if end < start:
        raise MiqatError(f"the end {end} comes before the start {start}")
    return [start + timedelta(days=k) for k in range((end - start).days + 1)]


def timetable(
    places: Iterable | Place | str,
    start,
    end,
    *,
    method="karachi",
    asr="hanafi",
    fiqh: str = "hanafi",
    convention=None,
    **options,
) -> Timetable:
    """Prayer, sehri and iftar times for every place from ``start`` to ``end`` (both
    included), in one vectorised computation.  Arguments as ``miqat.times`` and
    ``miqat.fasting_times``; ``convention`` applies to every place (a mapping of fields
    changes each place's own convention)."""
    if isinstance(places, (Place, str, int)):
        places = [places]
    places = [as_place(p) for p in places]
    if not places:
        raise MiqatError("no places given")
    days = _day_range(start, end)
    fiqh = check_fiqh(fiqh)

    jd0 = np.array([d.toordinal() + ORDINAL_TO_JD for d in days])
    nodes = events.day_nodes_array(float(jd0[0]), len(days))[None, :, :]
    offsets = np.empty((len(places), len(days)))
    noons = [datetime(d.year, d.month, d.day, 12) for d in days]
    by_zone: dict[str, np.ndarray] = {}
    for i, place in enumerate(places):
        zone = by_zone.get(place.timezone)
        if zone is None:
            zone = by_zone[place.timezone] = noon_offsets(place.tz, days, noons)
        offsets[i] = zone
    t_noon = 0.5 - offsets / 86400.0

    settings_cache: dict = {}

    def settings_of(place: Place) -> Settings:
        key = place.country if method == "auto" else None
        if key not in settings_cache:
            settings_cache[key] = resolve_settings(method, asr, place, **options)
        return settings_cache[key]

    settings = [settings_of(p) for p in places]
    kept: dict[str, np.ndarray] = {}
    unix = _compute(places, days, settings_of, nodes, t_noon, jd0, (*NAMES, "transit"), keep=kept)

    conventions = conventions_for(places, convention)
    fasting_of: dict = {}
    for c in conventions:
        if c not in fasting_of:
            fasting_of[c] = fasting_settings(None, c)
    # Sehri and iftar need the dawn and sunset of each place's fasting convention: the
    # prayer times' own where the settings agree (Pakistan's case), else computed here,
    # with the prayer times' sunrise and sunset where the horizon is the same.
    dawn = unix["fajr"] - _fajr_adjustment(settings)
    sunset = unix["sunset"].copy()
    others = [i for i, (s, c) in enumerate(zip(settings, conventions)) if not _same_dawn_and_sunset(s, fasting_of[c])]
    same_horizon, other_horizon = [], []
    for i in others:
        same = settings[i].horizon(places[i]) == fasting_of[conventions[i]].horizon(places[i])
        (same_horizon if same else other_horizon).append(i)
    for subset, reuse in ((same_horizon, True), (other_horizon, False)):
        if not subset:
            continue
        chosen = {id(places[i]): fasting_of[conventions[i]] for i in subset}
        known = {"sunrise": kept["sunrise"][subset], "sunset": kept["sunset"][subset]} if reuse else None
        fasting = _compute(
            [places[i] for i in subset],
            days,
            lambda p: chosen[id(p)],
            nodes,
            t_noon[subset],
            jd0,
            ("fajr", "sunset"),
            dawn_only=True,
            known=known,
        )
        dawn[subset] = fasting["fajr"]
        sunset[subset] = fasting["sunset"]
    sehri = np.empty_like(dawn)
    iftar = np.empty_like(dawn)
    rows_of: dict = {}
    for i, c in enumerate(conventions):
        rows_of.setdefault(c, []).append(i)
    for c, rows in rows_of.items():
        rows = _rows(rows)
        sehri_margin = c.sehri_before_dawn + (c.jafria_sehri_extra if fiqh == "jafria" else 0.0)
        iftar_margin = c.iftar_after_sunset + (c.jafria_iftar_extra if fiqh == "jafria" else 0.0)
        sehri[rows] = np.floor((dawn[rows] - sehri_margin * 60.0) / 60.0 + 1e-9) * 60.0
        iftar[rows] = np.ceil((sunset[rows] + iftar_margin * 60.0) / 60.0 - 1e-9) * 60.0
    unix.update(sehri_end=sehri, iftar=iftar, dawn=dawn, fasting_sunset=sunset)
    return Timetable(places, days, settings, conventions, fiqh, unix, offsets)


def _fajr_adjustment(settings: list[Settings]) -> np.ndarray:
    return np.array([s.method.adjustment("fajr") * 60.0 for s in settings])[:, None]


def _same_dawn_and_sunset(a: Settings, b: Settings) -> bool:
    """Whether the prayer settings give the dawn and sunset the fasting settings want."""
    ma, mb = a.method, b.method
    return (ma.fajr_angle, ma.fajr_interval, ma.seasonal, a.high_latitude, a.elevation, a.polar) == (
        mb.fajr_angle,
        mb.fajr_interval,
        mb.seasonal,
        b.high_latitude,
        b.elevation,
        b.polar,
    )
