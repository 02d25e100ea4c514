"""When the Sun crosses the meridian or a given altitude, near one civil day.

Meeus's method for risings, transits and settings (chapter 15), carried to convergence:
the Sun's place is computed at 0h UT of the day before, the day itself and the day after,
interpolated between them (a parabola through three daily places is good to a few
hundredths of an arcsecond), and each event is refined from its first estimate by moving
the hour angle onto the target a fixed number of times.

Times are "day fractions": days of UT counted from 0h UT of the civil date, so that one set
of three daily places serves every event from the previous evening to the next morning.

Altitudes given to these functions are *topocentric*, as an observer on the ground sees the
centre of the Sun without refraction: the Sun's parallax (8.8″) is added here, which moves a
sunrise by up to a second.

There are two forms of everything: plain floats through ``math`` (one place, one day, fast),
and numpy arrays of any shape (many places by many days).  They run the same steps in the
same order, so they agree to far better than a millisecond; the tests hold them to it.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from miqat.solar import SIDEREAL_DEGREES_PER_DAY, mean_sidereal_time, sun_apparent

# The Sun's horizontal parallax at one astronomical unit, in degrees.
SOLAR_PARALLAX = 8.794 / 3600.0
# How many times each estimate is refined: the first step comes from up to half a day
# away, each next one shrinks the error about a thousandfold.
TRANSIT_STEPS = 3
ALTITUDE_STEPS = 3
# The hour angle of the Sun grows by about 360° in a day of UT (sidereal rate less the
# Sun's own motion in right ascension).
SOLAR_HOUR_RATE = 360.0


def geocentric_altitude(topocentric_altitude):
    """The altitude the Earth's centre would see when an observer sees the given one."""
    return topocentric_altitude + SOLAR_PARALLAX * np.cos(np.radians(topocentric_altitude))


def _geocentric_altitude_scalar(h: float) -> float:
    return h + SOLAR_PARALLAX * math.cos(math.radians(h))


@lru_cache(maxsize=8192)
def _place_at(jd: float) -> tuple[float, float, float]:
    return sun_apparent(jd)


@lru_cache(maxsize=4096)
def day_nodes(jd0: float) -> tuple[float, ...]:
    """The Sun's places at 0h UT of the days around ``jd0`` and the sidereal time at jd0:
    ``(ra-1, ra0, ra+1, dec-1, dec0, dec+1, theta0)``, right ascensions unwrapped."""
    ra_m, dec_m, _ = _place_at(jd0 - 1.0)
    ra_0, dec_0, eq_0 = _place_at(jd0)
    ra_p, dec_p, _ = _place_at(jd0 + 1.0)
    ra_m = ra_0 + (ra_m - ra_0 + 180.0) % 360.0 - 180.0
    ra_p = ra_0 + (ra_p - ra_0 + 180.0) % 360.0 - 180.0
    theta0 = (mean_sidereal_time(jd0) + eq_0) % 360.0
    return ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0


def _interpolate(y_m, y_0, y_p, n):
    # Meeus 3.3, a parabola through the values at n = -1, 0, +1.
    a = y_0 - y_m
    b = y_p - y_0
    return y_0 + 0.5 * n * (a + b + n * (b - a))


def _wrap180(x):
    return (x + 180.0) % 360.0 - 180.0


# --- one place, one day -------------------------------------------------------------


def transit(nodes: tuple, longitude: float, t: float) -> float:
    """The transit nearest the day fraction ``t`` (start from the civil noon)."""
    ra_m, ra_0, ra_p, _, _, _, theta0 = nodes
    for _ in range(TRANSIT_STEPS):
        ra = _interpolate(ra_m, ra_0, ra_p, t)
        hour_angle = theta0 + SIDEREAL_DEGREES_PER_DAY * t + longitude - ra
        t -= _wrap180(hour_angle) / SOLAR_HOUR_RATE
    return t


def declination(nodes: tuple, t: float) -> float:
    return _interpolate(nodes[3], nodes[4], nodes[5], t)


def altitude_crossing(nodes: tuple, latitude: float, longitude: float, altitude: float,
                      t: float, side: int) -> float | None:
    """When the Sun is at ``altitude`` (topocentric, degrees) before (side -1) or after
    (side +1) the transit at day fraction ``t``; ``None`` if it never gets there."""
    ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0 = nodes
    sin_h = math.sin(math.radians(_geocentric_altitude_scalar(altitude)))
    phi = math.radians(latitude)
    sin_phi, cos_phi = math.sin(phi), max(math.cos(phi), 1e-12)
    for _ in range(ALTITUDE_STEPS):
        dec = math.radians(_interpolate(dec_m, dec_0, dec_p, t))
        cos_h0 = (sin_h - sin_phi * math.sin(dec)) / (cos_phi * math.cos(dec))
        if not -1.0 <= cos_h0 <= 1.0:
            return None
        target = side * math.degrees(math.acos(cos_h0))
        ra = _interpolate(ra_m, ra_0, ra_p, t)
        hour_angle = theta0 + SIDEREAL_DEGREES_PER_DAY * t + longitude - ra
        t += _wrap180(target - hour_angle) / SOLAR_HOUR_RATE
    return t


def noon_altitude(nodes: tuple, latitude: float, t_transit: float) -> float:
    """The Sun's topocentric altitude at transit, degrees (for the Asr shadow)."""
    zenith = abs(latitude - declination(nodes, t_transit))
    h = 90.0 - zenith
    return h - SOLAR_PARALLAX * math.cos(math.radians(h))


def shadow_altitude(noon_altitude_deg: float, factor: float) -> float:
    """The altitude at which an object's shadow is ``factor`` times its length plus its
    noon shadow: cot(h) = factor + cot(h_noon)."""
    return math.degrees(math.atan(1.0 / (factor + 1.0 / math.tan(math.radians(noon_altitude_deg)))))


# --- many places by many days -------------------------------------------------------


def day_nodes_array(jd0_first: float, count: int) -> np.ndarray:
    """``day_nodes`` for ``count`` consecutive days from jd0_first: shape (count, 7)."""
    jds = jd0_first + np.arange(-1, count + 1, dtype=float)
    ra, dec, eq = sun_apparent(jds, xp=np)
    ra_0 = ra[1:-1]
    ra_m = ra_0 + (ra[:-2] - ra_0 + 180.0) % 360.0 - 180.0
    ra_p = ra_0 + (ra[2:] - ra_0 + 180.0) % 360.0 - 180.0
    theta0 = (mean_sidereal_time(jds[1:-1]) + eq[1:-1]) % 360.0
    return np.stack([ra_m, ra_0, ra_p, dec[:-2], dec[1:-1], dec[2:], theta0], axis=-1)


def transit_array(nodes: np.ndarray, longitude: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``transit`` over arrays: ``nodes`` has shape (..., 7) broadcasting with the rest."""
    ra_m, ra_0, ra_p, theta0 = nodes[..., 0], nodes[..., 1], nodes[..., 2], nodes[..., 6]
    for _ in range(TRANSIT_STEPS):
        ra = _interpolate(ra_m, ra_0, ra_p, t)
        hour_angle = theta0 + SIDEREAL_DEGREES_PER_DAY * t + longitude - ra
        t = t - _wrap180(hour_angle) / SOLAR_HOUR_RATE
    return t


def altitude_crossing_array(nodes: np.ndarray, latitude: np.ndarray, longitude: np.ndarray,
                            altitude, t: np.ndarray, side: int) -> np.ndarray:
    """``altitude_crossing`` over arrays; NaN where the Sun never reaches the altitude."""
    ra_m, ra_0, ra_p = nodes[..., 0], nodes[..., 1], nodes[..., 2]
    dec_m, dec_0, dec_p, theta0 = nodes[..., 3], nodes[..., 4], nodes[..., 5], nodes[..., 6]
    sin_h = np.sin(np.radians(geocentric_altitude(np.asarray(altitude, dtype=float))))
    phi = np.radians(latitude)
    sin_phi, cos_phi = np.sin(phi), np.maximum(np.cos(phi), 1e-12)
    never = np.zeros(np.broadcast(t, latitude).shape, dtype=bool)
    for _ in range(ALTITUDE_STEPS):
        dec = np.radians(_interpolate(dec_m, dec_0, dec_p, t))
        cos_h0 = (sin_h - sin_phi * np.sin(dec)) / (cos_phi * np.cos(dec))
        never |= np.abs(cos_h0) > 1.0
        target = side * np.degrees(np.arccos(np.clip(cos_h0, -1.0, 1.0)))
        ra = _interpolate(ra_m, ra_0, ra_p, t)
        hour_angle = theta0 + SIDEREAL_DEGREES_PER_DAY * t + longitude - ra
        t = t + _wrap180(target - hour_angle) / SOLAR_HOUR_RATE
    return np.where(never, np.nan, t)


def noon_altitude_array(nodes: np.ndarray, latitude, t_transit) -> np.ndarray:
    zenith = np.abs(latitude - _interpolate(nodes[..., 3], nodes[..., 4], nodes[..., 5], t_transit))
    h = 90.0 - zenith
    return h - SOLAR_PARALLAX * np.cos(np.radians(h))


def shadow_altitude_array(noon_altitude_deg, factor) -> np.ndarray:
    return np.degrees(np.arctan(1.0 / (factor + 1.0 / np.tan(np.radians(noon_altitude_deg)))))
