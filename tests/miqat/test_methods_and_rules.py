"""Methods, Aladhan ids, options, rounding, high-latitude rules, polar resolutions and the
errors for bad input."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

import miqat
from miqat import DateOutOfRange, NoTimeError, PolarError, UnknownMethod, UnknownPlace
from miqat.methods import get_method

LONDON = miqat.Place("London", 51.5085, -0.1257, "Europe/London", "GB")
TROMSO = miqat.Place("Tromsø", 69.6496, 18.9560, "Europe/Oslo", "NO")
LAHORE = miqat.Place("Lahore", 31.558, 74.35071, "Asia/Karachi", "PK")


@pytest.mark.parametrize(
    "aladhan_id,key",
    [
        (0, "jafari"),
        (1, "karachi"),
        (2, "isna"),
        (3, "mwl"),
        (4, "umm_al_qura"),
        (5, "egyptian"),
        (7, "tehran"),
        (8, "gulf"),
        (9, "kuwait"),
        (10, "qatar"),
        (11, "singapore"),
        (12, "france"),
        (13, "turkey"),
        (15, "moonsighting"),
        (16, "dubai"),
        (17, "jakim"),
        (20, "kemenag"),
    ],
)
def test_aladhan_ids(aladhan_id, key):
    """The ids as the Aladhan API documents them."""
    assert get_method(aladhan_id).key == key
    assert get_method(str(aladhan_id)).key == key


def test_method_angles_as_published():
    m = miqat.METHODS
    assert (m["karachi"].fajr_angle, m["karachi"].isha_angle) == (18, 18)
    assert (m["jafari"].fajr_angle, m["jafari"].isha_angle, m["jafari"].maghrib_angle) == (16, 14, 4)
    assert m["tehran"].maghrib_angle == 4.5
    assert m["umm_al_qura"].isha_interval == 90 and m["umm_al_qura"].ramadan_isha_extra == 30


def test_unknown_method():
    with pytest.raises(UnknownMethod):
        miqat.times(LAHORE, "2025-03-16", method="astrology")
    with pytest.raises(UnknownMethod):
        miqat.times(LAHORE, "2025-03-16", method=6)


def test_custom_angles_and_interval():
    day = "2025-03-16"
    base = miqat.times(LAHORE, day, method="karachi")
    steeper = miqat.times(LAHORE, day, method="karachi", fajr_angle=20)
    assert steeper.fajr < base.fajr and steeper.isha == base.isha
    own = miqat.times(LAHORE, day, method=miqat.custom(fajr_angle=18, isha_angle=18))
    assert own.unix == base.unix
    by_interval = miqat.times(LAHORE, day, isha_interval=90)
    assert by_interval.isha - by_interval.maghrib == timedelta(minutes=90)
    later_maghrib = miqat.times(LAHORE, day, maghrib_interval=3)
    assert later_maghrib.maghrib - later_maghrib.sunset == timedelta(minutes=3)


def test_maghrib_by_angle_is_after_sunset():
    t = miqat.times(LAHORE, "2025-03-16", method="jafari", asr="shafi")
    assert timedelta(minutes=12) < t.maghrib - t.sunset < timedelta(minutes=25)


def test_adjustments_and_rounding():
    day = "2025-03-16"
    base = miqat.times(LAHORE, day)
    moved = miqat.times(LAHORE, day, adjustments={"dhuhr": 5, "fajr": -2})
    assert moved.dhuhr - base.dhuhr == timedelta(minutes=5) and base.fajr - moved.fajr == timedelta(minutes=2)
    assert moved.sunset == base.sunset  # sunset is astronomical, never adjusted
    for mode in ("nearest", "up", "down"):
        r = miqat.times(LAHORE, day, rounding=mode).rounded
        for exact, shown in zip(base.exact, r):
            assert shown.second == 0 and shown.microsecond == 0
            gap = (shown - exact).total_seconds()
            assert {"nearest": -30 <= gap <= 30, "up": 0 <= gap < 60, "down": -60 < gap <= 0}[mode]
    assert miqat.times(LAHORE, day, rounding="none").rounded == base.exact
    assert base.rounded == miqat.times(LAHORE, day, rounding="nearest").rounded


def test_dubai_adjustments_are_the_published_minutes():
    dubai = miqat.Place("Dubai", 25.2631, 55.2972, "Asia/Dubai")
    raw = miqat.times(dubai, "2016-01-01", method=miqat.custom(18.2, 18.2), asr="shafi")
    published = miqat.times(dubai, "2016-01-01", method="dubai", asr="shafi")
    assert raw.sunrise - published.sunrise == timedelta(minutes=3)
    assert published.maghrib - raw.maghrib == timedelta(minutes=3)


def test_umm_al_qura_ramadan_isha():
    makkah = miqat.Place("Makkah", 21.427, 39.8287, "Asia/Riyadh", "SA")
    ramadan_day = "2025-03-16"  # 16 Ramadan 1446 in the Umm al-Qura calendar
    plain = miqat.times(makkah, ramadan_day, method="umm_al_qura", asr="shafi")
    extra = miqat.times(makkah, ramadan_day, method="umm_al_qura", asr="shafi", ramadan_isha=True)
    assert extra.isha - plain.isha == timedelta(minutes=30)
    outside = "2025-05-16"
    assert (
        miqat.times(makkah, outside, method=4, asr="shafi", ramadan_isha=True).isha
        == miqat.times(makkah, outside, method=4, asr="shafi").isha
    )


def test_high_latitude_rules_in_a_london_june():
    """At 51.5° in June the Sun never reaches 18° below: each rule gives its share of the
    night; without a rule the error says so."""
    day = date(2025, 6, 21)
    with pytest.raises(NoTimeError, match="high-latitude"):
        miqat.times(LONDON, day, method="mwl", high_latitude=None)
    tomorrow = miqat.times(LONDON, day + timedelta(days=1), method="mwl")
    yesterday = miqat.times(LONDON, day - timedelta(days=1), method="mwl")
    for rule, share in (("middle_of_night", 1 / 2), ("seventh_of_night", 1 / 7), ("twilight_angle", 18 / 60)):
        t = miqat.times(LONDON, day, method="mwl", high_latitude=rule)
        night_before = (t.sunrise - yesterday.sunset).total_seconds()
        assert math.isclose((t.sunrise - t.fajr).total_seconds(), share * night_before, abs_tol=1)
        night_after = (tomorrow.sunrise - t.sunset).total_seconds()
        assert (
            math.isclose((t.isha - t.sunset).total_seconds(), min(share * night_after, 1e9), abs_tol=1)
            or (t.isha - t.sunset).total_seconds() < share * night_after
        )
    # In winter, when 18° is reached early enough, the rules change nothing.
    winter = date(2025, 12, 1)
    assert (
        miqat.times(LONDON, winter, method="mwl", high_latitude=None).unix
        == miqat.times(LONDON, winter, method="mwl").unix
    )


def test_moonsighting_committee_seasonal_times():
    """Khalid Shaukat's seasonal twilight: in London's June, Fajr is sunrise minus the
    seasonal minutes, not 18°, which is never reached."""
    t = miqat.times(LONDON, "2016-06-01", method="moonsighting", asr="hanafi")
    minutes = (t.sunrise - t.fajr).total_seconds() / 60
    assert 75 + 48.10 / 55 * 51.5 - 10 < minutes < 75 + 48.10 / 55 * 51.5 + 10


def test_polar_day_and_night():
    summer, winter = date(2025, 6, 21), date(2025, 12, 21)
    with pytest.raises(PolarError, match="does not set"):
        miqat.times(TROMSO, summer, method="mwl")
    with pytest.raises(PolarError, match="does not rise"):
        miqat.times(TROMSO, winter, method="mwl")
    nearest_latitude = miqat.times(TROMSO, winter, method="mwl", polar="nearest_latitude")
    assert "nearest latitude" in nearest_latitude.note
    assert nearest_latitude.sunrise < nearest_latitude.dhuhr < nearest_latitude.sunset
    assert nearest_latitude.fajr < nearest_latitude.sunrise and nearest_latitude.isha > nearest_latitude.sunset
    nearest_day = miqat.times(TROMSO, summer, method="mwl", polar="nearest_day")
    # The nearest day with a sunset is late July, when Tromsø's sunset comes after midnight.
    assert "nearest day 2025-07" in nearest_day.note
    assert nearest_day.sunset.date() in (summer, summer + timedelta(days=1))
    assert nearest_day.dhuhr.date() == summer and nearest_day.sunrise < nearest_day.dhuhr < nearest_day.sunset
    with pytest.raises(PolarError):
        miqat.timetable([TROMSO], "2025-06-01", "2025-06-30", method="mwl")


@pytest.mark.parametrize("bad_day", ["1850-01-01", "2101-01-01", date(1899, 12, 31), "16/03/2025", 20250316])
def test_dates_out_of_range_or_malformed(bad_day):
    with pytest.raises(ValueError):
        miqat.times(LAHORE, bad_day)


def test_date_range_error_type():
    with pytest.raises(DateOutOfRange):
        miqat.times(LAHORE, "2150-01-01")
    with pytest.raises(DateOutOfRange):
        miqat.fasting_times(LAHORE, "1800-01-01")
    with pytest.raises(DateOutOfRange):
        miqat.timetable([LAHORE], "2100-12-01", "2101-01-31")


def test_unknown_place_and_options():
    with pytest.raises(UnknownPlace):
        miqat.fasting_times("Qwzxv", "2025-03-16")
    with pytest.raises(TypeError, match="unknown option"):
        miqat.times(LAHORE, "2025-03-16", fajr=18)
    with pytest.raises(ValueError):
        miqat.fasting_times(LAHORE, "2025-03-16", fiqh="maliki")
    with pytest.raises(ValueError):
        miqat.times(LAHORE, "2025-03-16", asr="tuesday")


def test_datetimes_are_aware_and_ordered():
    t = miqat.times("Karachi", "2025-03-16")
    assert all(x.tzinfo is not None and x.utcoffset() == timedelta(hours=5) for x in t.exact)
    assert list(t.exact) == sorted(t.exact)
    assert t.transit == t.dhuhr  # Karachi publishes Dhuhr at the transit
    assert isinstance(t.as_dict()["fajr"], str) and t.as_dict()["method"] == "karachi"


def test_elevation_dip_is_an_option():
    high = miqat.Place("Quetta", 30.18414, 67.00141, "Asia/Karachi", "PK", elevation=1680)
    sea = miqat.times(high, "2025-03-16")
    dipped = miqat.times(high, "2025-03-16", elevation=True)
    gap = (dipped.sunset - sea.sunset).total_seconds()
    assert 120 < gap < 400 and dipped.sunrise < sea.sunrise
    assert miqat.times(high, "2025-03-16", elevation=1680).unix == dipped.unix
