"""The crescent figures, checked against published constants and independent computations.

Where the reference values come from, test by test:

* The criteria's formulas and class boundaries: Yallop, NAO Technical Note 69 (1997,
  rev. 1998), the q polynomial and table of q ranges; Odeh, Experimental Astronomy 18
  (2006) 39-64, the V polynomial and zone limits.  The expected numbers below are
  worked by hand from those published coefficients (the arithmetic is in the comments).
  Whole evenings against Yallop's published Table 4 (ARCL, ARCV, DAZ, lag, parallax, W'
  and q for 96 dated sightings) are in test_crescent_published.py; here the evening
  figures are checked against their definitions with skyfield computations made along
  another route (rotation matrices rather than hour angles, physical radii rather than
  parallax).
* Conjunction instants: NASA/GSFC, F. Espenak, "Phases of the Moon 2001 to 2100" (UT,
  to the minute); those chosen are the new moons of solar eclipses, easy to cross-check.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from miqat import crescent
from miqat.place import Place

# Public gazetteer coordinates.
KARACHI = Place("Karachi", 24.8607, 67.0011, "Asia/Karachi", country="PK")
JIWANI = Place("Jiwani", 25.0486, 61.7440, "Asia/Karachi", country="PK")
MAKKAH = Place("Makkah", 21.4225, 39.8262, "Asia/Riyadh", country="SA")

EVENINGS = [
    (date(2025, 2, 28), MAKKAH),  # evening before Umm al-Qura's 1 Ramadan 1446
    (date(2025, 3, 1), KARACHI),  # evening before Pakistan's 1 Ramadan 1446
    (date(2021, 5, 12), JIWANI),  # the evening before Pakistan's Eid ul-Fitr 1442
    (date(2027, 2, 7), KARACHI),  # the evening that decides Ramadan 1448
]


# -- the criteria as published -----------------------------------------------------------


def test_yallop_q_follows_the_published_polynomial():
    # At W' = 0 the polynomial is its constant term, 11.8371: q = 0 on that ARCV.
    assert crescent.yallop_q(11.8371, 0.0) == pytest.approx(0.0, abs=1e-12)
    # W' = 0.5: 11.8371 - 3.1613 + 0.182975 - 0.012725 = 8.84605; ARCV 10 -> q = 0.115395.
    assert crescent.yallop_q(10.0, 0.5) == pytest.approx(0.115395, abs=1e-9)
    # W' = 1: 11.8371 - 6.3226 + 0.7319 - 0.1018 = 6.1446; ARCV 5 -> q = -0.11446.
    assert crescent.yallop_q(5.0, 1.0) == pytest.approx(-0.11446, abs=1e-9)


def test_odeh_v_follows_the_published_polynomial():
    # W = 0.5: 7.1651 - 3.1613 + 0.182975 - 0.012725 = 4.17405; ARCV 10 -> V = 5.82595.
    assert crescent.odeh_v(10.0, 0.5) == pytest.approx(5.82595, abs=1e-9)
    # Odeh's curve is Yallop's lowered by 11.8371 - 7.1651 = 4.672 degrees of ARCV.
    for arcv, width in [(3.0, 0.1), (8.0, 0.3), (12.0, 0.9)]:
        assert crescent.odeh_v(arcv, width) == pytest.approx(10 * crescent.yallop_q(arcv, width) + 4.672, abs=1e-9)


@pytest.mark.parametrize(
    "q, category",
    [
        (0.2161, "A"),
        (0.216, "B"),  # Yallop's ranges: A is q > +0.216
        (-0.0139, "B"),
        (-0.014, "C"),
        (-0.160, "D"),
        (-0.2319, "D"),
        (-0.232, "E"),
        (-0.293, "F"),
        (-0.2929, "E"),
    ],
)
def test_yallop_categories_at_their_published_limits(q, category):
    assert crescent.yallop_category(q) == category


@pytest.mark.parametrize(
    "v, zone",
    [(5.65, "A"), (5.6499, "B"), (2.0, "B"), (1.9999, "C"), (-0.96, "C"), (-0.9601, "D")],
)
def test_odeh_zones_at_their_published_limits(v, zone):
    # Odeh: A V >= 5.65; B 2 <= V < 5.65; C -0.96 <= V < 2; D V < -0.96.
    assert crescent.odeh_zone(v) == zone


# -- an evening's figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    "published",
    [
        datetime(2021, 5, 11, 19, 0, tzinfo=timezone.utc),
        datetime(2023, 4, 20, 4, 13, tzinfo=timezone.utc),  # hybrid solar eclipse
        datetime(2024, 4, 8, 18, 21, tzinfo=timezone.utc),  # total solar eclipse
        datetime(2025, 3, 29, 10, 58, tzinfo=timezone.utc),  # partial solar eclipse
        datetime(2026, 2, 17, 12, 1, tzinfo=timezone.utc),  # annular solar eclipse
        datetime(2027, 2, 6, 15, 56, tzinfo=timezone.utc),  # annular solar eclipse
    ],
)
def test_conjunction_matches_the_published_new_moon(published):
    found = crescent.nearest_new_moon(published + timedelta(hours=20))
    assert abs((found - published).total_seconds()) <= 90


def _sky():
    return crescent._sky()


def _altitude_via_rotation(place: Place, t, position_au) -> float:
    """Altitude of a GCRS vector on the place's horizon, by skyfield's rotation matrix."""
    from skyfield.api import wgs84

    rotation = wgs84.latlon(place.latitude, place.longitude).rotation_at(t)
    x, y, z = rotation @ position_au
    return math.degrees(math.asin(z / math.sqrt(x * x + y * y + z * z)))


@pytest.mark.parametrize("evening, place", EVENINGS)
def test_sunset_and_moonset_are_the_standard_horizon_crossings(evening, place):
    ephemeris, ts = _sky()
    report = crescent.crescent(evening, place)
    observer = ephemeris["earth"] + crescent._observer(place)
    # Sunset: the upper limb on the horizon with 34' of refraction, the centre at -50'.
    sun_alt = observer.at(ts.from_datetime(report.sunset)).observe(ephemeris["sun"]).apparent().altaz()[0]
    assert sun_alt.degrees == pytest.approx(-50 / 60, abs=0.01)
    assert report.local(report.sunset).date() == evening
    assert 17 <= report.local(report.sunset).hour <= 19
    # Moonset: the upper limb on the refracted horizon, the centre one semi-diameter below.
    moon = observer.at(ts.from_datetime(report.moonset)).observe(ephemeris["moon"]).apparent()
    alt, _, distance = moon.altaz()
    semi_diameter = math.degrees(math.asin(1737.4 / distance.km))
    assert alt.degrees == pytest.approx(-34 / 60 - semi_diameter, abs=0.01)


@pytest.mark.parametrize("evening, place", EVENINGS)
def test_best_time_lag_and_age_follow_their_definitions(evening, place):
    report = crescent.crescent(evening, place)
    lag = (report.moonset - report.sunset).total_seconds() / 60
    assert report.lag_minutes == pytest.approx(lag, abs=0.02)
    # Yallop's best time: sunset plus four ninths of the lag.
    expected = report.sunset + timedelta(minutes=max(lag, 0) * 4 / 9)
    assert abs((report.best_time - expected).total_seconds()) < 1
    assert report.age_hours == pytest.approx((report.sunset - report.conjunction).total_seconds() / 3600, abs=1e-6)


@pytest.mark.parametrize("evening, place", EVENINGS)
def test_geocentric_angles_agree_with_a_rotation_matrix_computation(evening, place):
    ephemeris, ts = _sky()
    report = crescent.crescent(evening, place)
    t = ts.from_datetime(report.best_time)
    geocentre = ephemeris["earth"].at(t)
    sun = geocentre.observe(ephemeris["sun"]).apparent()
    moon = geocentre.observe(ephemeris["moon"]).apparent()
    sun_alt = _altitude_via_rotation(place, t, sun.position.au)
    moon_alt = _altitude_via_rotation(place, t, moon.position.au)
    assert report.arcv == pytest.approx(moon_alt - sun_alt, abs=0.005)
    assert report.arcl == pytest.approx(sun.separation_from(moon).degrees, abs=1e-6)
    # Spherical triangle zenith-Sun-Moon: the reported ARCL, ARCV and DAZ must close it.
    hs, hm = math.radians(sun_alt), math.radians(moon_alt)
    cos_arcl = math.sin(hs) * math.sin(hm) + math.cos(hs) * math.cos(hm) * math.cos(math.radians(report.daz))
    assert math.degrees(math.acos(cos_arcl)) == pytest.approx(report.arcl, abs=0.01)


@pytest.mark.parametrize("evening, place", EVENINGS)
def test_topocentric_figures_and_widths_follow_their_definitions(evening, place):
    ephemeris, ts = _sky()
    report = crescent.crescent(evening, place)
    t = ts.from_datetime(report.best_time)
    here = (ephemeris["earth"] + crescent._observer(place)).at(t)
    sun = here.observe(ephemeris["sun"]).apparent()
    moon = here.observe(ephemeris["moon"]).apparent()
    sun_alt, moon_alt = sun.altaz()[0].degrees, moon.altaz()[0].degrees
    assert report.arcv_topo == pytest.approx(moon_alt - sun_alt, abs=1e-6)
    arcl_topo = sun.separation_from(moon).degrees
    # Parallax moves the Moon down by about a degree near the horizon: topocentric ARCL is smaller.
    assert 0.5 < report.arcl - arcl_topo < 1.1
    # W = SD (1 - cos ARCL), SD from the Moon's mean radius 1737.4 km at its topocentric distance.
    sd_arcmin = math.degrees(math.asin(1737.4 / moon.distance().km)) * 60
    assert report.width == pytest.approx(sd_arcmin * (1 - math.cos(math.radians(arcl_topo))), rel=0.003)
    # Yallop's W' uses the geocentric elongation, so it is the wider of the two.
    assert report.width_yallop > report.width
    assert report.yallop_q == pytest.approx(crescent.yallop_q(report.arcv, report.width_yallop))
    assert report.odeh_v == pytest.approx(crescent.odeh_v(report.arcv_topo, report.width))


def test_moon_setting_first_is_reported_and_never_visible():
    # 2027 February 6: the conjunction (15:56 UT) comes after sunset at Karachi (about 13:20 UT).
    report = crescent.crescent(date(2027, 2, 6), KARACHI)
    assert report.age_hours < 0
    assert report.moon_sets_first
    assert report.odeh_zone == "D" and report.yallop_category == "F"
    assert abs((report.best_time - report.sunset).total_seconds()) < 1


def test_no_sunset_is_a_clear_error():
    tromso = Place("Tromsø", 69.6492, 18.9553, "Europe/Oslo", country="NO")
    with pytest.raises(ValueError, match="does not set"):
        crescent.crescent(date(2025, 6, 21), tromso)


def test_ephemeris_is_loaded_from_the_package_without_network(monkeypatch):
    import skyfield.iokit

    def refuse(*args, **kwargs):
        raise AssertionError("tried to download")

    monkeypatch.setattr(skyfield.iokit, "download", refuse)
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    crescent._sky.cache_clear()
    ephemeris, ts = crescent._sky()
    assert "de421" in str(ephemeris.filename).lower()
    first, last = crescent.ephemeris_range()
    assert first <= date(1924, 8, 1) and last >= date(2053, 9, 1)


def test_describe_lists_every_figure():
    text = crescent.describe(crescent.crescent(date(2027, 2, 7), KARACHI))
    for word in ("conjunction", "sunset", "moonset", "best time", "lag", "age", "ARCL", "ARCV", "DAZ", "W'", "q", "V"):
        assert word in text


def test_report_figures_are_plain_floats():
    # Numbers reach JSON and the site's templates: no numpy scalars.
    report = crescent.crescent(date(2025, 3, 1), KARACHI)
    for name in ("arcl", "arcv", "daz", "width", "width_yallop", "yallop_q", "odeh_v", "lag_minutes"):
        value = getattr(report, name)
        assert type(value) is float and not isinstance(value, np.floating), name
