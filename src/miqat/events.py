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

The parabolas are kept as coefficients, ``y(t) = y0 + t·(a + t·b)``.  Hour angles are
counted in turns: the Sun's hour angle grows by about one turn per day of UT, so the hour
angle still to go, in turns, is the time still to go, in days.  In the array form the sine
and cosine of the declination are taken once per day and carried to the event by the
angle-addition formula (the declination moves by less than a degree in a day and a half, so
a short series is exact to 1e-15): the sine is the costliest step of a large table.  The
scalar form takes them directly, which is the cheaper there.

Every event of a day is refined from the transit, and the first step from it is the same
for all of them but for the altitude: ``Sky`` (one place, one day) and ``SkyArray`` (many
places by many days) hold what the events of a day share, so that each event costs only
its own steps.

There are two forms of everything: plain floats through ``math`` (one place, one day, fast),
and numpy arrays of any shape (many places by many days).  They run the same steps in the
same order, so they agree to far better than a millisecond; the tests hold them to it.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from miqat.solar import SIDEREAL_DEGREES_PER_DAY, mean_sidereal_time, sun_apparent, sun_places

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

# A day's nodes: a tuple (one day) or the last axis of an array (many days).  The first
# nine in degrees; then the hour angle's parabola in turns (at Greenwich) and the
# declination's in radians, as the steps use them.
(
    RA0,
    RA_A,
    RA_B,
    DEC0,
    DEC_A,
    DEC_B,
    THETA0,
    SIN_DEC0,
    COS_DEC0,
    HOUR0,
    HOUR_RATE,
    HOUR_B,
    DEC0_RAD,
    DEC_A_RAD,
    DEC_B_RAD,
) = range(15)
NODE_COUNT = 15

_DEG = math.pi / 180.0
_TURN = 0.5 / math.pi  # turns per radian
# Below this share of cells still moving, the array form gathers them and steps only
# those; above it, stepping every cell (and keeping the others' times) is the cheaper.
_GATHER_SHARE = 0.125


def geocentric_altitude(topocentric_altitude):
    """The altitude the Earth's centre would see when an observer sees the given one."""
    return topocentric_altitude + SOLAR_PARALLAX * np.cos(np.radians(topocentric_altitude))


def _coefficients(ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0, xp):
    # Meeus 3.3 written as y0 + t·(a + t·b); right ascensions unwrapped around ra_0 first.
    ra_m = ra_0 + (ra_m - ra_0 + 180.0) % 360.0 - 180.0
    ra_p = ra_0 + (ra_p - ra_0 + 180.0) % 360.0 - 180.0
    ra_a, ra_b = 0.5 * (ra_p - ra_m), 0.5 * (ra_p + ra_m) - ra_0
    dec_a, dec_b = 0.5 * (dec_p - dec_m), 0.5 * (dec_p + dec_m) - dec_0
    dec_rad = dec_0 * _DEG
    return (
        ra_0,
        ra_a,
        ra_b,
        dec_0,
        dec_a,
        dec_b,
        theta0,
        xp.sin(dec_rad),
        xp.cos(dec_rad),
        (theta0 - ra_0) / 360.0,
        (SIDEREAL_DEGREES_PER_DAY - ra_a) / 360.0,
        ra_b / 360.0,
        dec_rad,
        dec_a * _DEG,
        dec_b * _DEG,
    )


@lru_cache(maxsize=4096)
def day_nodes(jd0: float) -> tuple[float, ...]:
    """What one civil day's events need, from the Sun's places at 0h UT of the day before,
    the day and the day after: the parabolas' coefficients and the apparent sidereal time
    at jd0 (indexed by ``RA0`` ... ``DEC_B_RAD``)."""
    (ra_m, dec_m, _), (ra_0, dec_0, eq_0), (ra_p, dec_p, _) = sun_places(jd0)
    theta0 = (mean_sidereal_time(jd0) + eq_0) % 360.0
    return _coefficients(ra_m, ra_0, ra_p, dec_m, dec_0, dec_p, theta0, math)


def clear_caches() -> None:
    """Forget every day's nodes and every daily place of the Sun (for measurements)."""
    day_nodes.cache_clear()
    sun_places.cache_clear()


# --- one place, one day -------------------------------------------------------------


def transit(nodes: tuple, longitude: float, t: float) -> float:
    """The transit nearest the day fraction ``t`` (start from the civil noon)."""
    floor = math.floor
    hour0, rate, hour_b = nodes[HOUR0] + longitude / 360.0, nodes[HOUR_RATE], nodes[HOUR_B]
    for _ in range(TRANSIT_STEPS):
        x = hour0 + t * (rate - t * hour_b)
        t -= x - floor(x + 0.5)
    return t


def declination(nodes: tuple, t: float) -> float:
    return nodes[DEC0] + t * (nodes[DEC_A] + t * nodes[DEC_B])


def _crossings(
    nodes: tuple, hour0: float, tan_phi: float, inv_cos_phi: float, start: tuple, targets
) -> list[float | None]:
    """The refinement, for each (altitude, side) of ``targets``: ``start`` holds the day
    fraction the steps start from and the Sun's sin and cos of declination and hour angle
    (turns) there; ``hour0`` is the hour angle at 0h UT, tan_phi and inv_cos_phi tan φ
    and 1/cos φ.  Each step moves the hour angle onto acos((sin h - sin φ sin δ) /
    (cos φ cos δ)), written with turns and with tan φ and 1/cos φ."""
    acos, sin, cos, floor = math.acos, math.sin, math.cos, math.floor
    dec0, dec_a, dec_b = nodes[DEC0_RAD], nodes[DEC_A_RAD], nodes[DEC_B_RAD]
    rate, hour_b = nodes[HOUR_RATE], nodes[HOUR_B]
    t_start, sin_start, cos_start, hour_start = start
    tolerance, least, most = STEP_TOLERANCE, ALTITUDE_STEPS, ALTITUDE_STEPS + EXTRA_STEPS
    out = []
    for altitude, side in targets:
        a = sin((altitude + SOLAR_PARALLAX * cos(altitude * _DEG)) * _DEG) * inv_cos_phi
        side = side * _TURN
        t, sin_dec, cos_dec, hour = t_start, sin_start, cos_start, hour_start
        step = 0
        while True:
            cos_h0 = (a - tan_phi * sin_dec) / cos_dec
            if not -1.0 <= cos_h0 <= 1.0:
                t = None
                break
            x = side * acos(cos_h0) - hour
            change = x - floor(x + 0.5)
            t += change
            step += 1
            if step >= least and -tolerance < change < tolerance or step == most:
                break
            dec = dec0 + t * (dec_a + t * dec_b)
            sin_dec, cos_dec = sin(dec), cos(dec)
            hour = hour0 + t * (rate - t * hour_b)
        out.append(t)
    return out


def _start(nodes: tuple, hour0: float, t: float) -> tuple[float, float, float, float]:
    dec = nodes[DEC0_RAD] + t * (nodes[DEC_A_RAD] + t * nodes[DEC_B_RAD])
    return t, math.sin(dec), math.cos(dec), hour0 + t * (nodes[HOUR_RATE] - t * nodes[HOUR_B])


def _latitude_terms(latitude: float) -> tuple[float, float]:
    """1/cos φ and tan φ (cos φ kept off zero at the poles)."""
    phi = latitude * _DEG
    cos_phi = max(math.cos(phi), 1e-12)
    return 1.0 / cos_phi, math.sin(phi) / cos_phi


def altitude_crossing(
    nodes: tuple, latitude: float, longitude: float, altitude: float, t: float, side: int
) -> float | None:
    """When the Sun is at ``altitude`` (topocentric, degrees) before (side -1) or after
    (side +1) the transit at day fraction ``t``; ``None`` if it never gets there."""
    inv_cos_phi, tan_phi = _latitude_terms(latitude)
    hour0 = nodes[HOUR0] + longitude / 360.0
    return _crossings(nodes, hour0, tan_phi, inv_cos_phi, _start(nodes, hour0, t), ((altitude, side),))[0]


class Sky:
    """One place on one civil day: the transit nearest ``t_noon`` and the altitude
    crossings around it, each refined from the transit with the first step's shared part
    done once."""

    __slots__ = ("nodes", "latitude", "inv_cos_phi", "tan_phi", "hour0", "transit", "_sin_dec", "_cos_dec", "_hour")

    def __init__(self, nodes: tuple, latitude: float, longitude: float, t_noon: float):
        self.nodes = nodes
        self.latitude = latitude
        self.inv_cos_phi, self.tan_phi = _latitude_terms(latitude)
        hour0 = self.hour0 = nodes[HOUR0] + longitude / 360.0
        rate, hour_b = nodes[HOUR_RATE], nodes[HOUR_B]
        floor = math.floor
        t = t_noon
        for _ in range(TRANSIT_STEPS):
            x = hour0 + t * (rate - t * hour_b)
            t -= x - floor(x + 0.5)
        self.transit = t
        dec = nodes[DEC0_RAD] + t * (nodes[DEC_A_RAD] + t * nodes[DEC_B_RAD])
        self._sin_dec, self._cos_dec = math.sin(dec), math.cos(dec)
        self._hour = hour0 + t * (rate - t * hour_b)

    def crossings(self, targets) -> list[float | None]:
        """``altitude_crossing`` from the transit for each (altitude, side) of ``targets``."""
        return _crossings(
            self.nodes,
            self.hour0,
            self.tan_phi,
            self.inv_cos_phi,
            (self.transit, self._sin_dec, self._cos_dec, self._hour),
            targets,
        )

    def crossing(self, altitude: float, side: int) -> float | None:
        return self.crossings(((altitude, side),))[0]

    def crossing_from(self, altitude: float, side: int, t: float) -> float | None:
        """``altitude_crossing`` from the day fraction ``t`` (a transit a day away)."""
        return _crossings(
            self.nodes,
            self.hour0,
            self.tan_phi,
            self.inv_cos_phi,
            _start(self.nodes, self.hour0, t),
            ((altitude, side),),
        )[0]

    def noon_altitude(self) -> float:
        return noon_altitude(self.nodes, self.latitude, self.transit)


def noon_altitude(nodes: tuple, latitude: float, t_transit: float) -> float:
    """The Sun's topocentric altitude at transit, degrees (for the Asr shadow)."""
    zenith = abs(latitude - declination(nodes, t_transit))
    h = 90.0 - zenith
    return h - SOLAR_PARALLAX * math.cos(h * _DEG)


def shadow_altitude(noon_altitude_deg: float, factor: float) -> float:
    """The altitude at which an object's shadow is ``factor`` times its length plus its
    noon shadow: cot(h) = factor + cot(h_noon)."""
    return math.degrees(math.atan(1.0 / (factor + 1.0 / math.tan(noon_altitude_deg * _DEG))))


# --- many places by many days -------------------------------------------------------


def day_nodes_array(jd0_first: float, count: int) -> np.ndarray:
    """``day_nodes`` for ``count`` consecutive days from jd0_first: shape (count, NODE_COUNT)."""
    jds = jd0_first + np.arange(-1, count + 1, dtype=float)
    ra, dec, eq = sun_apparent(jds, xp=np)
    theta0 = (mean_sidereal_time(jds[1:-1]) + eq[1:-1]) % 360.0
    return np.stack(_coefficients(ra[:-2], ra[1:-1], ra[2:], dec[:-2], dec[1:-1], dec[2:], theta0, np), axis=-1)


def _hour_array(hour0, rate, hour_b, t):
    return hour0 + t * (rate - t * hour_b)


def _crossing_step(t, side, a, tan_phi, hour0, rate, hour_b, dec_a, dec_b, sin_d0, cos_d0):
    """One step of ``_crossings`` over arrays: (new t, change); NaN where the Sun does not
    reach the altitude.  Written in place on a few arrays: a large table is as fast as
    its temporaries are few."""
    d = np.multiply(t, dec_b)
    d += dec_a
    d *= t
    d2 = d * d
    cos_d = np.multiply(d2, 1.0 / 24.0)  # 1 - d²/2 + d⁴/24
    cos_d -= 0.5
    cos_d *= d2
    cos_d += 1.0
    sin_d = np.multiply(d2, 1.0 / 120.0)  # d - d³/6 + d⁵/120
    sin_d -= 1.0 / 6.0
    d2 *= d
    sin_d *= d2
    sin_d += d
    sin_dec = np.multiply(sin_d0, cos_d)
    np.multiply(cos_d0, sin_d, out=d)
    sin_dec += d
    cos_d *= cos_d0  # cos_dec
    sin_d *= sin_d0
    cos_d -= sin_d
    sin_dec *= tan_phi
    np.subtract(a, sin_dec, out=sin_dec)
    sin_dec /= cos_d  # cos H0
    x = np.arccos(sin_dec, out=sin_dec)
    x *= side
    hour = np.multiply(t, hour_b, out=cos_d)
    np.subtract(rate, hour, out=hour)
    hour *= t
    hour += hour0
    x -= hour
    np.add(x, 0.5, out=hour)
    np.floor(hour, out=hour)
    x -= hour  # the change
    return t + x, x


def _take(value, index, shape):
    """The cells ``index`` (a tuple from np.nonzero) of ``value`` broadcast to ``shape``."""
    if np.ndim(value) == 0:
        return value
    return np.broadcast_to(value, shape)[index]


def _refine(t: np.ndarray, side: float, operands: tuple, first=None) -> np.ndarray:
    """The steps of ``_crossings`` over arrays, from the day fractions ``t``; ``operands``
    as ``_crossing_step`` takes them, and ``first`` the first step's (cos H0, hour angle)
    when already known.  Every cell takes the steps the scalar form would take for it;
    NaN where the Sun never reaches the altitude."""
    with np.errstate(invalid="ignore"):
        steps = 0
        if first is not None:
            cos_h0, hour = first
            x = side * np.arccos(cos_h0) - hour
            change = x - np.floor(x + 0.5)
            t = t + change
            steps = 1
        for _ in range(steps, ALTITUDE_STEPS):
            t, change = _crossing_step(t, side, *operands)
        # Cells still moving (far from the equator, or a twilight that barely happens)
        # go on: every cell while many move, then only those that do.
        moving = np.abs(change) >= STEP_TOLERANCE
        left = EXTRA_STEPS
        while left:
            count = np.count_nonzero(moving)
            if count == 0:
                break
            if count > _GATHER_SHARE * moving.size:
                new_t, change = _crossing_step(t, side, *operands)
                t = np.where(moving, new_t, t)
                moving &= np.abs(change) >= STEP_TOLERANCE
                left -= 1
                continue
            shape = t.shape
            index = np.nonzero(moving)
            ts = t[index]
            subset = tuple(_take(v, index, shape) for v in operands)
            alive = np.ones(ts.shape, dtype=bool)
            for _ in range(left):
                live = np.flatnonzero(alive)
                if live.size == 0:
                    break
                new_t, change = _crossing_step(ts[live], side, *(v[live] if np.ndim(v) else v for v in subset))
                ts[live] = new_t
                alive[live] = np.abs(change) >= STEP_TOLERANCE
            t[index] = ts
            break
    return t


class SkyArray:
    """``Sky`` over arrays: nodes of shape (..., NODE_COUNT), and latitude, longitude and
    t_noon broadcasting with them (typically (1, D, NODE_COUNT), (P, 1), (P, 1), (P, D))."""

    def __init__(self, nodes: np.ndarray, latitude, longitude, t_noon: np.ndarray):
        # Each node as a contiguous array: numpy's loops run far faster on those than on
        # the strided views of the last axis.
        node = [np.ascontiguousarray(nodes[..., k]) for k in range(NODE_COUNT)]
        self.nodes = node
        self.latitude = latitude
        phi = np.radians(latitude)
        cos_phi = np.maximum(np.cos(phi), 1e-12)
        self.inv_cos_phi, self.tan_phi = 1.0 / cos_phi, np.sin(phi) / cos_phi
        hour0 = self.hour0 = node[HOUR0] + np.asarray(longitude) / 360.0
        rate, hour_b = self.rate, self.hour_b = node[HOUR_RATE], node[HOUR_B]
        dec_a, dec_b = self.dec_a, self.dec_b = node[DEC_A_RAD], node[DEC_B_RAD]
        sin_d0, cos_d0 = self.sin_d0, self.cos_d0 = node[SIN_DEC0], node[COS_DEC0]
        t = t_noon
        for _ in range(TRANSIT_STEPS):
            x = _hour_array(hour0, rate, hour_b, t)
            t = t - (x - np.floor(x + 0.5))
        self.transit = t
        self.shape = t.shape
        # What the first step from the transit needs, but for the altitude.
        d = t * (dec_a + t * dec_b)
        d2 = d * d
        cos_d = 1.0 + d2 * (d2 * (1.0 / 24.0) - 0.5)
        sin_d = d + d * d2 * (d2 * (1.0 / 120.0) - 1.0 / 6.0)
        self._tan_sin_dec = self.tan_phi * (sin_d0 * cos_d + cos_d0 * sin_d)
        self._cos_dec = cos_d0 * cos_d - sin_d0 * sin_d
        self._hour = _hour_array(hour0, rate, hour_b, t)

    def _operands(self, altitude) -> tuple:
        a = np.sin(np.radians(geocentric_altitude(np.asarray(altitude, dtype=float)))) * self.inv_cos_phi
        return (a, self.tan_phi, self.hour0, self.rate, self.hour_b, self.dec_a, self.dec_b, self.sin_d0, self.cos_d0)

    def crossing(self, altitude, side: int, start=None, where=None) -> np.ndarray:
        """``altitude_crossing`` for every cell, from the transit or from the day fractions
        ``start``; NaN where the Sun never gets there.  With a boolean ``where``, only
        those cells are asked for: when they are few, only they are computed (NaN
        elsewhere)."""
        operands = self._operands(altitude)
        side_turns = side * _TURN
        if where is not None:
            where = np.broadcast_to(where, self.shape)
            count = np.count_nonzero(where)
            if count <= _GATHER_SHARE * where.size:
                out = np.full(self.shape, np.nan)
                if count:
                    index = np.nonzero(where)
                    t = _take(self.transit if start is None else start, index, self.shape)
                    out[index] = _refine(t, side_turns, tuple(_take(v, index, self.shape) for v in operands))
                return out
        if start is None:
            first = ((operands[0] - self._tan_sin_dec) / self._cos_dec, self._hour)
            return _refine(self.transit, side_turns, operands, first)
        return _refine(np.array(np.broadcast_to(start, self.shape), dtype=float), side_turns, operands)

    def noon_altitude(self) -> np.ndarray:
        node, t = self.nodes, self.transit
        dec = node[DEC0] + t * (node[DEC_A] + t * node[DEC_B])
        h = 90.0 - np.abs(self.latitude - dec)
        return h - SOLAR_PARALLAX * np.cos(np.radians(h))


def shadow_altitude_array(noon_altitude_deg, factor) -> np.ndarray:
    return np.degrees(np.arctan(1.0 / (factor + 1.0 / np.tan(np.radians(noon_altitude_deg)))))
