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

The parabolas are kept as coefficients, ``y(t) = y0 + t·(a + t·b)``, and the sine and
cosine of the declination are taken once per day and carried to the event by the
angle-addition formula (the declination moves by less than a degree in a day and a half, so
a short series is exact to 1e-15): the sine is the costliest step of a large table.

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
# away, each next one shrinks the error about a thousandfold.  Near the edge (a twilight
# that barely happens) convergence is slower, so steps go on, up to EXTRA_STEPS more,
# until the last one moved the time by less than STEP_TOLERANCE (days, about 9 ms).
TRANSIT_STEPS = 3
ALTITUDE_STEPS = 3
EXTRA_STEPS = 12
STEP_TOLERANCE = 1e-7
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


def _coefficients(ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0, xp):
    # Meeus 3.3 written as y0 + t·(a + t·b); right ascensions unwrapped around ra_0 first.
    ra_m = ra_0 + (ra_m - ra_0 + 180.0) % 360.0 - 180.0
    ra_p = ra_0 + (ra_p - ra_0 + 180.0) % 360.0 - 180.0
    dec_rad = xp.radians(dec_0)
    return (ra_0, 0.5 * (ra_p - ra_m), 0.5 * (ra_p + ra_m) - ra_0,
            dec_0, 0.5 * (dec_p - dec_m), 0.5 * (dec_p + dec_m) - dec_0,
            theta0, xp.sin(dec_rad), xp.cos(dec_rad))


@lru_cache(maxsize=4096)
def day_nodes(jd0: float) -> tuple[float, ...]:
    """What one civil day's events need, from the Sun's places at 0h UT of the day before,
    the day and the day after: ``(ra0, ra_a, ra_b, dec0, dec_a, dec_b, theta0, sin_dec0,
    cos_dec0)``, the parabolas' coefficients and the apparent sidereal time at jd0."""
    ra_m, dec_m, _ = _place_at(jd0 - 1.0)
    ra_0, dec_0, eq_0 = _place_at(jd0)
    ra_p, dec_p, _ = _place_at(jd0 + 1.0)
    theta0 = (mean_sidereal_time(jd0) + eq_0) % 360.0
    return _coefficients(ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0, math)


def _wrap180(x):
    # x - 360·round(x/360), with floor so that floats and arrays agree to the bit.
    return x - 360.0 * np.floor(x / 360.0 + 0.5)


def _wrap180_scalar(x: float) -> float:
    return x - 360.0 * math.floor(x / 360.0 + 0.5)


_DEG = math.pi / 180.0


# --- one place, one day -------------------------------------------------------------


def transit(nodes: tuple, longitude: float, t: float) -> float:
    """The transit nearest the day fraction ``t`` (start from the civil noon)."""
    ra_0, ra_a, ra_b, theta0 = nodes[0], nodes[1], nodes[2], nodes[6]
    base = theta0 + longitude - ra_0
    for _ in range(TRANSIT_STEPS):
        hour_angle = base + t * (SIDEREAL_DEGREES_PER_DAY - ra_a - t * ra_b)
        t -= _wrap180_scalar(hour_angle) / SOLAR_HOUR_RATE
    return t


def declination(nodes: tuple, t: float) -> float:
    return nodes[3] + t * (nodes[4] + t * nodes[5])


def altitude_crossing(nodes: tuple, latitude: float, longitude: float, altitude: float,
                      t: float, side: int) -> float | None:
    """When the Sun is at ``altitude`` (topocentric, degrees) before (side -1) or after
    (side +1) the transit at day fraction ``t``; ``None`` if it never gets there."""
    ra_0, ra_a, ra_b, _, dec_a, dec_b, theta0, sin_d0, cos_d0 = nodes
    sin_h = math.sin(math.radians(_geocentric_altitude_scalar(altitude)))
    phi = math.radians(latitude)
    sin_phi, cos_phi = math.sin(phi), max(math.cos(phi), 1e-12)
    base = theta0 + longitude - ra_0
    for step in range(ALTITUDE_STEPS + EXTRA_STEPS):
        d = t * (dec_a + t * dec_b) * _DEG
        d2 = d * d
        cos_d = 1.0 - 0.5 * d2 * (1.0 - d2 / 12.0)
        sin_d = d * (1.0 - d2 / 6.0 * (1.0 - d2 / 20.0))
        sin_dec = sin_d0 * cos_d + cos_d0 * sin_d
        cos_dec = cos_d0 * cos_d - sin_d0 * sin_d
        cos_h0 = (sin_h - sin_phi * sin_dec) / (cos_phi * cos_dec)
        if not -1.0 <= cos_h0 <= 1.0:
            return None
        target = side * math.degrees(math.acos(cos_h0))
        hour_angle = base + t * (SIDEREAL_DEGREES_PER_DAY - ra_a - t * ra_b)
        change = _wrap180_scalar(target - hour_angle) / SOLAR_HOUR_RATE
        t += change
        if step >= ALTITUDE_STEPS - 1 and abs(change) < STEP_TOLERANCE:
            break
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
    """``day_nodes`` for ``count`` consecutive days from jd0_first: shape (count, 9)."""
    jds = jd0_first + np.arange(-1, count + 1, dtype=float)
    ra, dec, eq = sun_apparent(jds, xp=np)
    theta0 = (mean_sidereal_time(jds[1:-1]) + eq[1:-1]) % 360.0
    return np.stack(_coefficients(ra[:-2], ra[1:-1], ra[2:], dec[:-2], dec[1:-1], dec[2:], theta0, np),
                    axis=-1)


def transit_array(nodes: np.ndarray, longitude: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``transit`` over arrays: ``nodes`` has shape (..., 9) broadcasting with the rest."""
    ra_a, ra_b = nodes[..., 1], nodes[..., 2]
    base = nodes[..., 6] + longitude - nodes[..., 0]
    for _ in range(TRANSIT_STEPS):
        hour_angle = base + t * (SIDEREAL_DEGREES_PER_DAY - ra_a - t * ra_b)
        t = t - _wrap180(hour_angle) / SOLAR_HOUR_RATE
    return t


def _crossing_step(t, side, ra_a, ra_b, dec_a, dec_b, sin_d0, cos_d0, sin_h, sin_phi, cos_phi, base):
    """One refinement of ``altitude_crossing_array``: (new t, change, never reached)."""
    d = t * (dec_a + t * dec_b) * _DEG
    d2 = d * d
    cos_d = 1.0 - 0.5 * d2 * (1.0 - d2 / 12.0)
    sin_d = d * (1.0 - d2 / 6.0 * (1.0 - d2 / 20.0))
    sin_dec = sin_d0 * cos_d + cos_d0 * sin_d
    cos_dec = cos_d0 * cos_d - sin_d0 * sin_d
    cos_h0 = (sin_h - sin_phi * sin_dec) / (cos_phi * cos_dec)
    never = np.abs(cos_h0) > 1.0
    target = side * np.degrees(np.arccos(np.clip(cos_h0, -1.0, 1.0)))
    hour_angle = base + t * (SIDEREAL_DEGREES_PER_DAY - ra_a - t * ra_b)
    change = _wrap180(target - hour_angle) / SOLAR_HOUR_RATE
    return t + change, change, never


def altitude_crossing_array(nodes: np.ndarray, latitude: np.ndarray, longitude: np.ndarray,
                            altitude, t: np.ndarray, side: int) -> np.ndarray:
    """``altitude_crossing`` over arrays; NaN where the Sun never reaches the altitude.
    Every cell takes the steps the scalar form would take for it."""
    phi = np.radians(latitude)
    operands = (nodes[..., 1], nodes[..., 2], nodes[..., 4], nodes[..., 5], nodes[..., 7], nodes[..., 8],
                np.sin(np.radians(geocentric_altitude(np.asarray(altitude, dtype=float)))),
                np.sin(phi), np.maximum(np.cos(phi), 1e-12), nodes[..., 6] + longitude - nodes[..., 0])
    never = False
    for _ in range(ALTITUDE_STEPS):
        t, change, missed = _crossing_step(t, side, *operands)
        never = never | missed
    # The few cells still moving (a twilight that barely happens) go on by themselves.
    moving = np.nonzero((np.abs(change) >= STEP_TOLERANCE) & ~never)
    if moving[0].size:
        shape = t.shape
        subset = [np.broadcast_to(a, shape)[moving] for a in operands]
        ts = t[moving]
        alive = np.ones(ts.shape, dtype=bool)
        lost = np.zeros(ts.shape, dtype=bool)
        for _ in range(EXTRA_STEPS):
            index = np.flatnonzero(alive)
            if index.size == 0:
                break
            new_t, change, missed = _crossing_step(ts[index], side, *(a[index] for a in subset))
            ts[index] = new_t
            lost[index] |= missed
            alive[index] = (np.abs(change) >= STEP_TOLERANCE) & ~missed
        t[moving] = ts
        never = never | np.zeros(shape, dtype=bool)
        never[moving] |= lost
    return np.where(never, np.nan, t)


def noon_altitude_array(nodes: np.ndarray, latitude, t_transit) -> np.ndarray:
    dec = nodes[..., 3] + t_transit * (nodes[..., 4] + t_transit * nodes[..., 5])
    h = 90.0 - np.abs(latitude - dec)
    return h - SOLAR_PARALLAX * np.cos(np.radians(h))


def shadow_altitude_array(noon_altitude_deg, factor) -> np.ndarray:
    return np.degrees(np.arctan(1.0 / (factor + 1.0 / np.tan(np.radians(noon_altitude_deg)))))
