"""Solar coordinates, sidereal time and ΔT against Meeus's worked examples and published
ΔT values (the DE421 comparison of the events is in test_astronomy_vs_jpl.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from miqat import solar
from miqat.deltat import delta_t


def test_meeus_example_25b():
    """1992 October 13.0 TD: α = 198.378178°, δ = -7.783871° (Meeus, example 25.b)."""
    jde = 2448908.5
    jd_ut = jde - delta_t(1992.78) / 86400
    ra, dec, _ = solar.sun_apparent(jd_ut)
    assert abs(ra - 198.378178) * 3600 < 1.5
    assert abs(dec - -7.783871) * 3600 < 1.0


def test_meeus_example_12a_sidereal_time():
    """1987 April 10, 0h UT: mean sidereal time 13h10m46.3668s (Meeus, example 12.a)."""
    assert solar.mean_sidereal_time(2446895.5) == pytest.approx((13 + 10 / 60 + 46.3668 / 3600) * 15, abs=1e-6)


@pytest.mark.parametrize(
    "year,observed", [(1955.0, 31.1), (1970.0, 40.2), (1990.0, 56.9), (2000.0, 63.8), (2010.0, 66.1)]
)
def test_delta_t_follows_observation(year, observed):
    """Observed ΔT (IERS, rounded): the polynomials follow within 1.5 s; a second of ΔT
    moves the Sun by 0.04″, nothing at all for the times."""
    assert abs(delta_t(year) - observed) < 1.5


def test_scalar_and_array_forms_agree():
    jds = np.linspace(2433282.5, 2469807.5, 50)
    ra, dec, eq = solar.sun_apparent(jds, xp=np)
    for k, jd in enumerate(jds):
        r, d, e = solar.sun_apparent(float(jd))
        assert math.isclose(r, ra[k], abs_tol=1e-9) and math.isclose(d, dec[k], abs_tol=1e-9)


def test_three_days_at_once_match_one_at_a_time():
    """A day none of whose neighbours is known gets its three places from one numpy pass;
    they are the places computed one by one, to rounding."""
    for jd0 in np.linspace(2415021.5, 2488068.5, 40):
        jd0 = float(np.floor(jd0)) + 0.5
        solar.sun_places.cache_clear()
        three = solar.sun_places(jd0)
        for place, jd in zip(three, (jd0 - 1.0, jd0, jd0 + 1.0)):
            one = solar.sun_apparent(jd)
            assert all(abs(a - b) < 1e-10 for a, b in zip(place, one)), (jd, place, one)
    solar.sun_places.cache_clear()
    assert solar.sun_places(2460000.5)[2] == solar.sun_places(2460001.5)[1]  # kept, not made again
