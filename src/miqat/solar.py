"""Where the Sun is: its apparent right ascension and declination, and the sidereal time.

After Meeus, *Astronomical Algorithms* (2nd ed., 1998): the Earth's heliocentric longitude,
latitude and distance from his Appendix III truncation of the VSOP87 theory (Bretagnon and
Francou), turned into the Sun's geocentric apparent place with the FK5 correction,
nutation (chapter 22, the main terms), aberration and the true obliquity (chapter 25,
"higher accuracy"), and the apparent sidereal time of chapter 12.

Only the VSOP87 terms that move the Sun by more than about 0.2″ between 1800 and 2200 are
kept; what is dropped adds up to well under an arcsecond, a small fraction of a second of
time at sunrise.  Every function here takes Julian days in UT and works the same on a float
(through ``math``) or on a numpy array (through ``numpy``): pass ``xp=numpy`` for arrays.
For a float the series still go through numpy (one cosine of every term's phase and one
product, cheaper than a loop over the terms), the rest through ``math``.
"""

from __future__ import annotations

import math

import numpy as np

from miqat.deltat import delta_t

J2000 = 2451545.0
# Mean motion of sidereal time, degrees per day of UT (Meeus 12.4).
SIDEREAL_DEGREES_PER_DAY = 360.98564736629

# VSOP87 terms for the Earth, amplitude in 1e-8 radian, phase in radians, frequency in
# radians per Julian millennium (Meeus, Appendix III), truncated as said above.
_L0 = (
    (175347046.0, 0.0, 0.0),
    (3341656.0, 4.6692568, 6283.07585),
    (34894.0, 4.6261, 12566.1517),
    (3497.0, 2.7441, 5753.3849),
    (3418.0, 2.8289, 3.5231),
    (3136.0, 3.6277, 77713.7715),
    (2676.0, 4.4181, 7860.4194),
    (2343.0, 6.1352, 3930.2097),
    (1324.0, 0.7425, 11506.7698),
    (1273.0, 2.0371, 529.691),
    (1199.0, 1.1096, 1577.3435),
    (990.0, 5.233, 5884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5223.694),
    (753.0, 2.533, 5507.553),
    (505.0, 4.583, 18849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.92, 0.067),
    (317.0, 5.849, 11790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10977.079),
    (243.0, 0.345, 5486.778),
    (206.0, 4.806, 2544.314),
    (205.0, 1.869, 5573.143),
    (202.0, 2.458, 6069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.98),
    (103.0, 0.636, 4694.003),
    (102.0, 0.976, 15720.839),
    (102.0, 4.267, 7.114),
)
_L1 = (
    (628331966747.0, 0.0, 0.0),
    (206059.0, 2.678235, 6283.07585),
    (4303.0, 2.6351, 12566.1517),
    (425.0, 1.59, 3.523),
)
_L2 = ((52919.0, 0.0, 0.0), (8720.0, 1.0721, 6283.0758), (309.0, 0.867, 12566.152))
_L3 = ((289.0, 5.844, 6283.076),)
_B0 = ((280.0, 3.199, 84334.662), (102.0, 5.422, 5507.553))
_R0 = ((100013989.0, 0.0, 0.0), (1670700.0, 3.0984635, 6283.07585), (13956.0, 3.05525, 12566.1517))
_R1 = ((103019.0, 1.10749, 6283.07585),)

_ARRAYS = {
    name: np.array(terms).T for name, terms in dict(L0=_L0, L1=_L1, L2=_L2, L3=_L3, B0=_B0, R0=_R0, R1=_R1).items()
}

ARCSEC = 1.0 / 3600.0
_DEG = math.pi / 180.0
_RAD = 180.0 / math.pi

# Every term of every series in one table, for one instant: the phases b + c·tau go through
# one numpy cosine and a product with ``_AMPLITUDES``, which holds each term's amplitude in
# its own series' column (L0, L1, L2, L3, B0, R0, R1).  For one instant that is cheaper
# than a loop over the terms.
_GROUPS = (_L0, _L1, _L2, _L3, _B0, _R0, _R1)
_ALL_TERMS = np.array([term for terms in _GROUPS for term in terms])
_PHASES, _FREQUENCIES = _ALL_TERMS[:, 1].copy(), _ALL_TERMS[:, 2].copy()
_AMPLITUDES = np.zeros((len(_ALL_TERMS), len(_GROUPS)))
_AMPLITUDES[np.arange(len(_ALL_TERMS)), np.repeat(np.arange(len(_GROUPS)), [len(g) for g in _GROUPS])] = _ALL_TERMS[
    :, 0
]
# Three instants at once (``sun_places``): the same table three times over, each copy's
# phases taking its own instant (``_THREE_PICK`` spreads the three taus over the terms) and
# its amplitudes feeding its own seven columns.
_THREE_PICK = np.repeat(np.eye(3), len(_ALL_TERMS), axis=0)
_THREE_FREQUENCIES, _THREE_PHASES = np.tile(_FREQUENCIES, 3), np.tile(_PHASES, 3)
_THREE_AMPLITUDES = np.zeros((3 * len(_ALL_TERMS), 3 * len(_GROUPS)))
for _k in range(3):
    _THREE_AMPLITUDES[
        _k * len(_ALL_TERMS) : (_k + 1) * len(_ALL_TERMS), _k * len(_GROUPS) : (_k + 1) * len(_GROUPS)
    ] = _AMPLITUDES


def _series(name: str, tau: np.ndarray) -> np.ndarray:
    a, b, c = _ARRAYS[name]
    tau = np.asarray(tau, dtype=float)
    return np.tensordot(a, np.cos(b[:, None] + np.multiply.outer(c, tau.ravel())), 1).reshape(tau.shape)


def tt_from_ut(jd_ut, xp=math):
    """Julian day in TT for a Julian day in UT."""
    if xp is math:
        return jd_ut + delta_t(2000.0 + (jd_ut - J2000) / 365.25) / 86400.0
    years = 2000.0 + (np.asarray(jd_ut) - J2000) / 365.25
    return jd_ut + np.vectorize(delta_t, otypes=[float])(years) / 86400.0


def sun_apparent(jd_ut, xp=math):
    """The Sun's apparent geocentric place at a Julian day (UT).

    Returns ``(right_ascension, declination, equation_of_equinoxes)`` in degrees; the last
    (nutation in longitude times the cosine of the obliquity) turns mean sidereal time
    into apparent sidereal time.
    """
    if xp is math:
        tau = (tt_from_ut(jd_ut) - J2000) / 365250.0
        phases = _FREQUENCIES * tau
        phases += _PHASES
        return _apparent_scalar(tau, np.dot(np.cos(phases, out=phases), _AMPLITUDES).tolist())
    jde = tt_from_ut(jd_ut, xp)
    tau = (jde - J2000) / 365250.0  # Julian millennia of TT
    t = tau * 10.0  # Julian centuries of TT
    lon = (
        _series("L0", tau) + tau * (_series("L1", tau) + tau * (_series("L2", tau) + tau * _series("L3", tau)))
    ) * 1e-8
    lat = _series("B0", tau) * 1e-8
    radius = (_series("R0", tau) + tau * _series("R1", tau)) * 1e-8

    # Geocentric: the Sun is seen from the Earth in the opposite direction.
    sun_lon = xp.degrees(lon) + 180.0
    sun_lat = -xp.degrees(lat)
    # FK5 correction (Meeus 32.3): tiny, but free.
    lon_fk5 = xp.radians(sun_lon - 1.397 * t - 0.00031 * t * t)
    sun_lon = sun_lon - 0.09033 * ARCSEC
    sun_lat = sun_lat + 0.03916 * ARCSEC * (xp.cos(lon_fk5) - xp.sin(lon_fk5))

    nutation_lon, nutation_obl = nutation(t, xp)
    aberration = -20.4898 * ARCSEC / radius
    apparent_lon = xp.radians(sun_lon + nutation_lon + aberration)
    obliquity = xp.radians(mean_obliquity(t) + nutation_obl)
    beta = xp.radians(sun_lat)

    sin_lon, cos_lon = xp.sin(apparent_lon), xp.cos(apparent_lon)
    sin_obl, cos_obl = xp.sin(obliquity), xp.cos(obliquity)
    tan_beta = xp.tan(beta)
    ra = xp.degrees(xp.atan2(sin_lon * cos_obl - tan_beta * sin_obl, cos_lon))
    dec = xp.degrees(xp.asin(xp.sin(beta) * cos_obl + xp.cos(beta) * sin_obl * sin_lon))
    return ra % 360.0, dec, nutation_lon * cos_obl


def _apparent_scalar(tau: float, sums) -> tuple[float, float, float]:
    """``sun_apparent`` for one instant, from ``tau`` (Julian millennia of TT) and the
    seven series' sums (L0, L1, L2, L3, B0, R0, R1): the same steps with plain floats
    (nutation and mean_obliquity written out, their constants taken once)."""
    sin, cos = math.sin, math.cos
    l0, l1, l2, l3, b0, r0, r1 = sums
    t = tau * 10.0
    lon = (l0 + tau * (l1 + tau * (l2 + tau * l3))) * 1e-8
    radius = (r0 + tau * r1) * 1e-8
    sun_lon = lon * _RAD + 180.0
    sun_lat = -((b0 * 1e-8) * _RAD)
    lon_fk5 = (sun_lon - 1.397 * t - 0.00031 * t * t) * _DEG
    sun_lon = sun_lon - _FK5_LON
    sun_lat = sun_lat + _FK5_LAT * (cos(lon_fk5) - sin(lon_fk5))
    omega = (125.04452 - 1934.136261 * t) * _DEG
    sun_mean = (2 * (280.4665 + 36000.7698 * t)) * _DEG
    moon_mean = (2 * (218.3165 + 481267.8813 * t)) * _DEG
    dpsi = (-17.20 * sin(omega) - 1.32 * sin(sun_mean) - 0.23 * sin(moon_mean) + 0.21 * sin(2 * omega)) * ARCSEC
    deps = (9.20 * cos(omega) + 0.57 * cos(sun_mean) + 0.10 * cos(moon_mean) - 0.09 * cos(2 * omega)) * ARCSEC
    apparent_lon = (sun_lon + dpsi + _ABERRATION / radius) * _DEG
    obliquity = (23.4392911111 - (46.8150 * t + 0.00059 * t * t - 0.001813 * t * t * t) * ARCSEC + deps) * _DEG
    beta = sun_lat * _DEG
    sin_lon = sin(apparent_lon)
    sin_obl, cos_obl = sin(obliquity), cos(obliquity)
    ra = math.atan2(sin_lon * cos_obl - math.tan(beta) * sin_obl, cos(apparent_lon)) * _RAD
    dec = math.asin(sin(beta) * cos_obl + cos(beta) * sin_obl * sin_lon) * _RAD
    return ra % 360.0, dec, dpsi * cos_obl


_FK5_LON, _FK5_LAT, _ABERRATION = 0.09033 * ARCSEC, 0.03916 * ARCSEC, -20.4898 * ARCSEC
_PLACES: dict[float, tuple[float, float, float]] = {}
_PLACES_KEPT = 8192


def sun_places(jd0: float) -> tuple[tuple[float, float, float], ...]:
    """``sun_apparent`` at jd0 - 1, jd0 and jd0 + 1 (0h UT of three consecutive days).

    Daily places are kept (up to ``_PLACES_KEPT``), so that a day next to one already
    seen computes one new place; otherwise the three series go through numpy together."""
    places = _PLACES
    before, day, after = places.get(jd0 - 1.0), places.get(jd0), places.get(jd0 + 1.0)
    if before is not None and day is not None and after is not None:
        return before, day, after
    if len(places) >= _PLACES_KEPT:
        places.clear()
    if (before is None) + (day is None) + (after is None) == 1:
        if before is None:
            before = places[jd0 - 1.0] = sun_apparent(jd0 - 1.0)
        elif day is None:
            day = places[jd0] = sun_apparent(jd0)
        else:
            after = places[jd0 + 1.0] = sun_apparent(jd0 + 1.0)
        return before, day, after
    taus = [(tt_from_ut(jd) - J2000) / 365250.0 for jd in (jd0 - 1.0, jd0, jd0 + 1.0)]
    phases = np.dot(_THREE_PICK, taus)
    phases *= _THREE_FREQUENCIES
    phases += _THREE_PHASES
    sums = np.dot(np.cos(phases, out=phases), _THREE_AMPLITUDES).tolist()
    g = len(_GROUPS)
    if before is None:
        before = places[jd0 - 1.0] = _apparent_scalar(taus[0], sums[:g])
    if day is None:
        day = places[jd0] = _apparent_scalar(taus[1], sums[g : 2 * g])
    if after is None:
        after = places[jd0 + 1.0] = _apparent_scalar(taus[2], sums[2 * g :])
    return before, day, after


sun_places.cache_clear = _PLACES.clear


def nutation(t, xp=math):
    """Nutation in longitude and in obliquity, degrees, at ``t`` Julian centuries of TT.

    The four main terms of each (Meeus chapter 22): good to 0.5″ and 0.1″, a few
    hundredths of a second of time.
    """
    omega = xp.radians(125.04452 - 1934.136261 * t)
    sun_mean = xp.radians(2 * (280.4665 + 36000.7698 * t))
    moon_mean = xp.radians(2 * (218.3165 + 481267.8813 * t))
    dpsi = -17.20 * xp.sin(omega) - 1.32 * xp.sin(sun_mean) - 0.23 * xp.sin(moon_mean) + 0.21 * xp.sin(2 * omega)
    deps = 9.20 * xp.cos(omega) + 0.57 * xp.cos(sun_mean) + 0.10 * xp.cos(moon_mean) - 0.09 * xp.cos(2 * omega)
    return dpsi * ARCSEC, deps * ARCSEC


def mean_obliquity(t):
    """Mean obliquity of the ecliptic in degrees (Meeus 22.2)."""
    return 23.4392911111 - (46.8150 * t + 0.00059 * t * t - 0.001813 * t * t * t) * ARCSEC


def mean_sidereal_time(jd_ut):
    """Greenwich mean sidereal time in degrees (Meeus 12.4), UT taken as UT1."""
    d = jd_ut - J2000
    t = d / 36525.0
    return (280.46061837 + SIDEREAL_DEGREES_PER_DAY * d + t * t * (0.000387933 - t / 38710000.0)) % 360.0
