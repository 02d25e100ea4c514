"""The young crescent on one evening at one place: the figures and two visibility criteria.

Every position comes from skyfield with the JPL DE421 ephemeris shipped by the
``skyfield-data`` package, so nothing is ever downloaded.  The quantities follow the two
criteria the prediction uses:

* Yallop, "A Method for Predicting the First Sighting of the New Crescent Moon",
  NAO Technical Note 69 (1997, updated 1998): ARCL, ARCV and DAZ geocentric and airless,
  the crescent width W' topocentric, evaluated at the best time ``sunset + 4/9 lag``;
  ``q = (ARCV - (11.8371 - 6.3226 W' + 0.7319 W'^2 - 0.1018 W'^3)) / 10``.
* Odeh, "New Criterion for Lunar Crescent Visibility", Experimental Astronomy 18 (2004,
  published 2006) 39-64: topocentric airless ARCV and topocentric width W at Yallop's
  best time; ``V = ARCV - (-0.1018 W^3 + 0.7319 W^2 - 6.3226 W + 7.1651)``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from miqat.place import Place

# Yallop's constants: the Moon's semi-diameter is 0.27245 of its horizontal parallax, and
# the parallax is taken against an Earth radius of 6378.14 km (NAO TN 69, section 2).
SEMI_DIAMETER_PER_PARALLAX = 0.27245
EARTH_RADIUS_KM = 6378.14

# Mean synodic month and a new moon to count lunations from (2000 January 6, 18:14 UT).
SYNODIC_MONTH_DAYS = 29.530588861
NEW_MOON_2000_JD = 2451550.09766

# Yallop's six categories, as lower bounds of q (NAO TN 69, table 6).
YALLOP_CATEGORIES = (
    ("A", 0.216, "easily visible"),
    ("B", -0.014, "visible under perfect conditions"),
    ("C", -0.160, "may need optical aid to find the crescent"),
    ("D", -0.232, "will need optical aid"),
    ("E", -0.293, "not visible with a telescope"),
    ("F", -math.inf, "not visible, below the Danjon limit"),
)

# Odeh's four zones, as lower bounds of V (Odeh 2006, section 5).
ODEH_ZONES = (
    ("A", 5.65, "visible by naked eye"),
    ("B", 2.00, "visible by optical aid, could be seen by naked eye"),
    ("C", -0.96, "visible by optical aid only"),
    ("D", -math.inf, "not visible even by optical aid"),
)


@lru_cache(maxsize=1)
def _sky():
    """The DE421 ephemeris and a timescale, loaded once per process from skyfield-data."""
    from skyfield.api import Loader

    with warnings.catch_warnings():
        # skyfield-data warns that its Earth-orientation file has expired; the timescale
        # below uses skyfield's built-in tables and never reads that file.
        warnings.simplefilter("ignore", RuntimeWarning)
        from skyfield_data import get_skyfield_data_path

        load = Loader(get_skyfield_data_path(), verbose=False)
        ephemeris = load("de421.bsp")
    return ephemeris, load.timescale(builtin=True)


def ephemeris_range() -> tuple[date, date]:
    """First and last UTC dates the shipped ephemeris covers (whole days inside it)."""
    ephemeris, ts = _sky()
    starts = [segment.spk_segment.start_jd for segment in ephemeris.segments]
    ends = [segment.spk_segment.end_jd for segment in ephemeris.segments]
    first = ts.tdb_jd(max(starts)).utc_datetime().date() + timedelta(days=2)
    last = ts.tdb_jd(min(ends)).utc_datetime().date() - timedelta(days=2)
    return first, last


def yallop_q(arcv: float, width_arcmin: float) -> float:
    """Yallop's test parameter from the geocentric ARCV (degrees) and W' (arc minutes)."""
    w = width_arcmin
    return (arcv - (11.8371 - 6.3226 * w + 0.7319 * w**2 - 0.1018 * w**3)) / 10.0


def yallop_category(q: float) -> str:
    for letter, bound, _meaning in YALLOP_CATEGORIES:
        if q > bound:
            return letter
    return "F"


def odeh_v(arcv: float, width_arcmin: float) -> float:
    """Odeh's visibility parameter from the topocentric ARCV (degrees) and W (arc minutes)."""
    w = width_arcmin
    return arcv - (-0.1018 * w**3 + 0.7319 * w**2 - 6.3226 * w + 7.1651)


def odeh_zone(v: float) -> str:
    for letter, bound, _meaning in ODEH_ZONES:
        if v >= bound:
            return letter
    return "D"


@dataclass(frozen=True)
class CrescentReport:
    """The crescent on the evening of ``evening`` (the place's civil date) at ``place``.

    Times are timezone-aware UTC datetimes.  Angles are in degrees, widths in arc minutes.
    ``arcl``, ``arcv`` and ``daz`` are geocentric (Yallop's definitions); the ``*_topo``
    values are seen from the place (Odeh's).  All are airless and taken at ``best_time``.
    ``age_hours`` is counted from the geocentric conjunction to sunset and is negative
    when the conjunction is still to come (Yallop's tables count it to the best time
    instead).  ``parallax`` is the Moon's horizontal parallax at the best time, in arc
    minutes, against Yallop's Earth radius.
    """

    place: Place
    evening: date
    conjunction: datetime
    sunset: datetime
    moonset: datetime | None
    lag_minutes: float
    age_hours: float
    best_time: datetime
    arcl: float
    arcv: float
    daz: float
    arcl_topo: float
    arcv_topo: float
    daz_topo: float
    moon_altitude_topo: float
    parallax: float
    width_yallop: float
    width: float
    yallop_q: float
    yallop_category: str
    odeh_v: float
    odeh_zone: str

    @property
    def moon_sets_first(self) -> bool:
        return self.lag_minutes <= 0

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.place.tz)


def _lunation(jd_ut: float) -> int:
    return round((jd_ut - NEW_MOON_2000_JD) / SYNODIC_MONTH_DAYS)


@lru_cache(maxsize=2048)
def new_moon(lunation: int) -> datetime:
    """The geocentric conjunction (equal apparent ecliptic longitudes) of a lunation.

    Lunation 0 is the new moon of 2000 January 6.
    """
    from skyfield import almanac

    ephemeris, ts = _sky()
    guess = NEW_MOON_2000_JD + lunation * SYNODIC_MONTH_DAYS
    times, phases = almanac.find_discrete(
        ts.ut1_jd(guess - 2.5), ts.ut1_jd(guess + 2.5), almanac.moon_phases(ephemeris)
    )
    for t, phase in zip(times, phases):
        if phase == 0:
            return t.utc_datetime()
    raise RuntimeError(f"no new moon found near lunation {lunation}")


def nearest_new_moon(moment: datetime) -> datetime:
    _, ts = _sky()
    lunation = _lunation(ts.from_datetime(moment).ut1)
    candidates = [new_moon(n) for n in (lunation - 1, lunation, lunation + 1)]
    return min(candidates, key=lambda c: abs((c - moment).total_seconds()))


def _observer(place: Place):
    from skyfield.api import wgs84

    return wgs84.latlon(place.latitude, place.longitude, elevation_m=place.elevation)


def _sunset(place: Place, evening: date):
    """The sunset (upper limb on the refracted horizon) of the place's civil date."""
    from skyfield import almanac

    ephemeris, ts = _sky()
    noon = datetime.combine(evening, time(12), tzinfo=place.tz)
    midnight = datetime.combine(evening + timedelta(days=1), time(0), tzinfo=place.tz)
    observer = ephemeris["earth"] + _observer(place)
    times, _ = almanac.find_settings(observer, ephemeris["sun"], ts.from_datetime(noon), ts.from_datetime(midnight))
    if len(times) == 0:
        raise ValueError(f"the Sun does not set at {place.name} on the evening of {evening}")
    return times[0]


def sunset(place: Place, evening: date) -> datetime:
    """Sunset on a civil date at a place, as a UTC datetime (used as maghrib by the CLI)."""
    return _sunset(place, evening).utc_datetime()


def _moonset_near(place: Place, sunset):
    """The moonset closest to sunset: after it for a young crescent, before it otherwise."""
    from skyfield import almanac

    ephemeris, ts = _sky()
    observer = ephemeris["earth"] + _observer(place)
    times, _ = almanac.find_settings(observer, ephemeris["moon"], ts.tt_jd(sunset.tt - 0.5), ts.tt_jd(sunset.tt + 0.5))
    if len(times) == 0:
        return None
    return min(times, key=lambda t: abs(t.tt - sunset.tt))


def _geocentric_altaz(apparent, t, place: Place) -> tuple[float, float]:
    """Altitude and azimuth of a geocentric apparent position on the place's horizon.

    This is the Moon "seen from the centre of the Earth" that Yallop's ARCV and DAZ use:
    no parallax, no refraction.
    """
    ra, dec, _ = apparent.radec(epoch="date")
    hour_angle = math.radians((t.gast * 15.0 + place.longitude) - ra.hours * 15.0)
    lat = math.radians(place.latitude)
    dec_r = dec.radians
    sin_alt = math.sin(lat) * math.sin(dec_r) + math.cos(lat) * math.cos(dec_r) * math.cos(hour_angle)
    alt = math.asin(max(-1.0, min(1.0, sin_alt)))
    az = math.atan2(
        -math.cos(dec_r) * math.sin(hour_angle),
        math.sin(dec_r) * math.cos(lat) - math.cos(dec_r) * math.sin(lat) * math.cos(hour_angle),
    )
    return math.degrees(alt), math.degrees(az) % 360.0


def _signed_difference(a: float, b: float) -> float:
    return (a - b + 180.0) % 360.0 - 180.0


def crescent(evening: date, place: Place) -> CrescentReport:
    """Compute the crescent figures for the evening of a civil date at a place."""
    return _crescent(evening, place)


@lru_cache(maxsize=4096)
def _crescent(evening: date, place: Place) -> CrescentReport:
    ephemeris, ts = _sky()
    earth, sun, moon = ephemeris["earth"], ephemeris["sun"], ephemeris["moon"]

    t_sunset = _sunset(place, evening)
    t_moonset = _moonset_near(place, t_sunset)
    if t_moonset is None:
        lag_days = 0.0
    else:
        lag_days = t_moonset.tt - t_sunset.tt
    # Yallop's best time; when the Moon sets first there is nothing to see after sunset,
    # so the figures are taken at sunset, where they fall deep into the last category.
    t_best = ts.tt_jd(t_sunset.tt + max(lag_days, 0.0) * 4.0 / 9.0)

    geo = earth.at(t_best)
    sun_geo = geo.observe(sun).apparent()
    moon_geo = geo.observe(moon).apparent()
    arcl = sun_geo.separation_from(moon_geo).degrees
    sun_alt, sun_az = _geocentric_altaz(sun_geo, t_best, place)
    moon_alt, moon_az = _geocentric_altaz(moon_geo, t_best, place)
    arcv = moon_alt - sun_alt
    daz = _signed_difference(sun_az, moon_az)

    topo = (earth + _observer(place)).at(t_best)
    sun_topo = topo.observe(sun).apparent()
    moon_topo = topo.observe(moon).apparent()
    arcl_topo = sun_topo.separation_from(moon_topo).degrees
    sun_alt_t, sun_az_t, _ = sun_topo.altaz()
    moon_alt_t, moon_az_t, moon_distance_topo = moon_topo.altaz()
    arcv_topo = moon_alt_t.degrees - sun_alt_t.degrees
    daz_topo = _signed_difference(sun_az_t.degrees, moon_az_t.degrees)

    # Horizontal parallax and semi-diameter in arc minutes (NAO TN 69, section 2).
    distance_km = moon_geo.distance().km
    parallax = math.asin(EARTH_RADIUS_KM / distance_km)
    semi_diameter = SEMI_DIAMETER_PER_PARALLAX * math.degrees(parallax) * 60.0
    # Yallop augments the semi-diameter for the observer's nearness to the Moon:
    # SD' = SD (1 + sin h sin pi), h the geocentric altitude; W' = SD' (1 - cos ARCL).
    semi_diameter_yallop = semi_diameter * (1.0 + math.sin(math.radians(moon_alt)) * math.sin(parallax))
    width_yallop = semi_diameter_yallop * (1.0 - math.cos(math.radians(arcl)))
    # Odeh's W is the width seen from the place: the semi-diameter at the topocentric
    # distance and the topocentric elongation.
    semi_diameter_topo = semi_diameter * distance_km / moon_distance_topo.km
    width = semi_diameter_topo * (1.0 - math.cos(math.radians(arcl_topo)))

    sunset = t_sunset.utc_datetime()
    conjunction = nearest_new_moon(sunset)
    q = yallop_q(arcv, width_yallop)
    v = odeh_v(arcv_topo, width)
    return CrescentReport(
        place=place,
        evening=evening,
        conjunction=conjunction,
        sunset=sunset,
        moonset=None if t_moonset is None else t_moonset.utc_datetime(),
        lag_minutes=float(lag_days * 1440.0),
        age_hours=(sunset - conjunction).total_seconds() / 3600.0,
        best_time=t_best.utc_datetime(),
        arcl=float(arcl),
        arcv=float(arcv),
        daz=float(daz),
        arcl_topo=float(arcl_topo),
        arcv_topo=float(arcv_topo),
        daz_topo=float(daz_topo),
        moon_altitude_topo=float(moon_alt_t.degrees),
        parallax=float(math.degrees(parallax) * 60.0),
        width_yallop=float(width_yallop),
        width=float(width),
        yallop_q=float(q),
        yallop_category=yallop_category(q),
        odeh_v=float(v),
        odeh_zone=odeh_zone(v),
    )


def describe(report: CrescentReport) -> str:
    """A few lines for people: times in the place's zone, then the figures."""

    def hm(moment: datetime | None) -> str:
        return "-" if moment is None else report.local(moment).strftime("%H:%M")

    yallop_meaning = dict((c, m) for c, _, m in YALLOP_CATEGORIES)[report.yallop_category]
    odeh_meaning = dict((z, m) for z, _, m in ODEH_ZONES)[report.odeh_zone]
    conj_local = report.local(report.conjunction)
    lines = [
        f"Crescent at {report.place.name} ({report.place.latitude:.4f}, {report.place.longitude:.4f}),"
        f" evening of {report.evening.isoformat()}",
        f"  conjunction  {report.conjunction:%Y-%m-%d %H:%M} UTC ({conj_local:%Y-%m-%d %H:%M} local)",
        f"  sunset {hm(report.sunset)}  moonset {hm(report.moonset)}  best time {hm(report.best_time)}"
        f"  ({report.place.timezone})",
        f"  lag {report.lag_minutes:.0f} min  moon age {report.age_hours:.1f} h",
        f"  ARCL {report.arcl:.2f}°  ARCV {report.arcv:.2f}°  DAZ {report.daz:.2f}°  W' {report.width_yallop:.3f}'"
        "  (geocentric, Yallop)",
        f"  ARCL {report.arcl_topo:.2f}°  ARCV {report.arcv_topo:.2f}°  W {report.width:.3f}'  (topocentric, Odeh)",
        f"  Yallop q {report.yallop_q:+.3f}  category {report.yallop_category}: {yallop_meaning}",
        f"  Odeh V {report.odeh_v:+.2f}  zone {report.odeh_zone}: {odeh_meaning}",
    ]
    if report.moon_sets_first:
        lines.append("  the Moon sets before the Sun")
    return "\n".join(lines)
