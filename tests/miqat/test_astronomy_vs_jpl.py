"""Sunrise, sunset, transit, the 18° twilights and both Asr times against the JPL ephemeris.

Each reference time is found with skyfield and DE421 alone (Newton's method on the Sun's
apparent topocentric altitude or hour angle), then compared with miqat's unrounded time.
Both sides are in UT1: miqat takes UTC as UT1, and what is measured here is the astronomy.
Grid: latitudes -60° to 60° every 10°, random longitudes and dates from 1950 to 2050.
"""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pytest

from miqat import events

TOLERANCE_SECONDS = 2.0
LATITUDES = np.arange(-60.0, 60.1, 10.0)
DATES_PER_LATITUDE = 8
FIRST, LAST = date(1950, 1, 1).toordinal(), date(2050, 12, 31).toordinal()


def _grid():
    rng = np.random.default_rng(20250316)
    for latitude in LATITUDES:
        longitude = float(rng.uniform(-180, 180))
        days = [date.fromordinal(int(o)) for o in rng.integers(FIRST, LAST, DATES_PER_LATITUDE)]
        yield float(latitude), longitude, days


def _newton(f, jd, target, steps=4):
    h = 20.0 / 86400.0
    for _ in range(steps):
        rate = (f(jd + h) - f(jd - h)) / (2 * h)
        jd = jd - (f(jd) - target) / rate
    return jd


@pytest.mark.parametrize(
    "latitude,longitude,days",
    list(_grid()),
    ids=lambda v: f"{v:+.0f}" if isinstance(v, float) and abs(v) <= 90 and v == int(v) else None,
)
def test_events_match_de421(ephemeris, latitude, longitude, days):
    from skyfield.api import wgs84

    eph, ts = ephemeris
    earth, sun = eph["earth"], eph["sun"]
    observer = earth + wgs84.latlon(latitude, longitude)

    def apparent(jd):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # skyfield-data's IERS table age: not used for UT1 here
            return observer.at(ts.ut1_jd(jd)).observe(sun).apparent()

    altitude = lambda jd: apparent(jd).altaz()[0].degrees  # noqa: E731
    hour_angle = lambda jd: (apparent(jd).hadec()[0].hours * 15 + 180) % 360 - 180  # noqa: E731

    ours = {k: [] for k in ("transit", "sunrise", "sunset", "dawn", "dusk", "asr_shafi", "asr_hanafi")}
    for day in days:
        jd0 = day.toordinal() + 1721424.5
        nodes = events.day_nodes(jd0)
        transit = events.transit(nodes, longitude, 0.5 - longitude / 360)
        found = {"transit": transit}
        for name, h, side in (
            ("sunrise", -0.8333, -1),
            ("sunset", -0.8333, 1),
            ("dawn", -18.0, -1),
            ("dusk", -18.0, 1),
        ):
            found[name] = events.altitude_crossing(nodes, latitude, longitude, h, transit, side)
        noon = events.noon_altitude(nodes, latitude, transit)
        for name, factor in (("asr_shafi", 1), ("asr_hanafi", 2)):
            found[name] = events.altitude_crossing(
                nodes, latitude, longitude, events.shadow_altitude(noon, factor), transit, 1
            )
        for name, t in found.items():
            ours[name].append(np.nan if t is None else jd0 + t)

    compared = 0
    transit_ref = _newton(hour_angle, np.array(ours["transit"]), 0.0)
    worst = {}
    for name, values in ours.items():
        jd = np.array(values)
        ok = ~np.isnan(jd)
        if not ok.any():
            continue
        if name == "transit":
            reference = transit_ref
        elif name.startswith("asr"):
            factor = 1 if name == "asr_shafi" else 2
            noon = altitude(transit_ref[ok])
            target = np.degrees(np.arctan(1 / (factor + 1 / np.tan(np.radians(noon)))))
            reference = _newton(altitude, jd[ok], target)
        else:
            target = -0.8333 if name in ("sunrise", "sunset") else -18.0
            reference = _newton(altitude, jd[ok], target)
        error = np.abs(jd[ok] - reference) * 86400
        worst[name] = float(error.max())
        compared += int(ok.sum())
    assert compared >= 3 * len(days), "too few events existed to compare"
    assert max(worst.values()) < TOLERANCE_SECONDS, worst


def test_missing_events_are_really_missing(ephemeris):
    """Where miqat says the Sun never reaches 18° below the horizon (London, June), DE421
    agrees: the Sun's lowest altitude that night stays above -18°."""
    from skyfield.api import wgs84

    eph, ts = ephemeris
    jd0 = date(2025, 6, 21).toordinal() + 1721424.5
    nodes = events.day_nodes(jd0)
    transit = events.transit(nodes, -0.1257, 0.5)
    assert events.altitude_crossing(nodes, 51.5085, -0.1257, -18.0, transit, 1) is None
    observer = eph["earth"] + wgs84.latlon(51.5085, -0.1257)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        midnight = transit + 0.5
        jds = jd0 + midnight + np.linspace(-0.05, 0.05, 41)
        lowest = observer.at(ts.ut1_jd(jds)).observe(eph["sun"]).apparent().altaz()[0].degrees.min()
    assert -18.0 < lowest < -14.0
