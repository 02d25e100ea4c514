"""Pakistan's iftar and sehri against the reference page, and the conventions' arithmetic.

The reference page's iftar times for 16 March 2025 (Hanafi): Lahore 18:13, Karachi 18:43,
Islamabad 18:19, Peshawar 18:25, Quetta 18:43; the defaults must give each within a minute.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

import miqat
from miqat import FastingConvention

REFERENCE_IFTAR = {"LHR": "18:13", "KHI": "18:43", "ISB": "18:19", "PWR": "18:25", "QTA": "18:43"}
DAY = date(2025, 3, 16)


@pytest.mark.parametrize("code,published", REFERENCE_IFTAR.items())
def test_reference_page_iftar(code, published):
    fast = miqat.fasting_times(code, DAY)
    expected = datetime.combine(DAY, datetime.strptime(published, "%H:%M").time(), fast.iftar.tzinfo)
    assert abs((fast.iftar - expected).total_seconds()) <= 60, fast.iftar


@pytest.mark.parametrize("code", REFERENCE_IFTAR)
def test_margins_and_safe_rounding(code):
    hanafi = miqat.fasting_times(code, DAY)
    jafria = miqat.fasting_times(code, DAY, fiqh="jafria")
    prayer = miqat.times(code, DAY)  # Karachi 18°, the same dawn and sea-level sunset
    for t in (hanafi.iftar, hanafi.sehri_end, jafria.iftar, jafria.sehri_end):
        assert t.second == 0 and t.microsecond == 0 and t.tzinfo is not None
    # iftar: sunset + 1 min, rounded up; never before sunset + 1 min, never a minute more
    assert timedelta(minutes=1) <= hanafi.iftar - prayer.sunset < timedelta(minutes=2)
    # sehri: 18° dawn - 1 min, rounded down
    assert timedelta(minutes=1) <= prayer.fajr - hanafi.sehri_end < timedelta(minutes=2)
    assert jafria.iftar - hanafi.iftar == timedelta(minutes=10)
    assert hanafi.sehri_end - jafria.sehri_end == timedelta(minutes=10)


def test_quetta_uses_the_sea_level_sunset():
    quetta = miqat.places.resolve("Quetta")
    high = miqat.Place("Quetta at 1680 m", quetta.latitude, quetta.longitude, quetta.timezone, "PK", elevation=1680)
    assert miqat.fasting_times(high, DAY).iftar == miqat.fasting_times(quetta, DAY).iftar
    dipped = miqat.fasting_times(high, DAY, convention={"elevation": True})
    assert dipped.iftar > miqat.fasting_times(quetta, DAY).iftar  # the dip delays sunset by minutes


def test_conventions_are_configurable():
    lahore = miqat.places.resolve("Lahore")
    base = miqat.fasting_times(lahore, DAY)
    later = miqat.fasting_times(lahore, DAY, convention={"iftar_after_sunset": 3, "sehri_before_dawn": 5})
    assert later.iftar - base.iftar == timedelta(minutes=2)
    assert base.sehri_end - later.sehri_end == timedelta(minutes=4)
    own = FastingConvention(iftar_after_sunset=0, sehri_before_dawn=0, method="karachi")
    assert miqat.fasting_times(lahore, DAY, convention=own).iftar == base.iftar - timedelta(minutes=1)
    miqat.CITY_CONVENTIONS["LHR"] = FastingConvention(iftar_after_sunset=2, sehri_before_dawn=2, method="karachi")
    try:
        assert miqat.fasting_times(lahore, DAY).iftar == base.iftar + timedelta(minutes=1)
        assert miqat.fasting_times("Karachi", DAY).iftar == miqat.fasting_times("KHI", DAY).iftar
    finally:
        del miqat.CITY_CONVENTIONS["LHR"]


def test_default_convention_elsewhere():
    """No convention of its own: iftar at sunset rounded up, sehri at the country's Fajr
    (Dubai's 18.2°) rounded down."""
    dubai = miqat.places.resolve("Dubai")
    fast = miqat.fasting_times(dubai, DAY)
    prayer = miqat.times(dubai, DAY, method="dubai", asr="shafi")
    assert timedelta(0) <= fast.iftar - prayer.sunset < timedelta(minutes=1)
    assert timedelta(0) <= prayer.fajr - fast.sehri_end < timedelta(minutes=1)


def test_karachi_method_and_hanafi_asr_are_the_default():
    lahore = miqat.places.resolve("Lahore")
    assert miqat.times(lahore, DAY).unix == miqat.times(lahore, DAY, method=1, asr="hanafi").unix
    assert miqat.times(lahore, DAY).asr > miqat.times(lahore, DAY, asr="shafi").asr
