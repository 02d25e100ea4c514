"""The labels of the site's Ramadan strip: which Islamic day it is, and how each locale says it.

Reference facts: Pakistan's Ramadan 1446 began on 2 March 2025 and Eid ul-Fitr was on
31 March 2025 (Central Ruet-e-Hilal Committee), so 16 March was the 15th fast and the
evening of 27 March the 27th night.  The maghrib times are inputs, as the site passes them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miqat import hijri
from miqat.calendars import names

PKT = ZoneInfo("Asia/Karachi")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PKT)


def moment(day: date, hour: int, minute: int = 0, **kwargs) -> hijri.HijriMoment:
    return hijri.hijri_moment(at(day, hour, minute), maghrib=at(day, 18, 39), **kwargs)


MARCH_16 = date(2025, 3, 16)


def test_during_the_day_it_is_the_fast_of_the_civil_date():
    noon = moment(MARCH_16, 12)
    assert not noon.after_maghrib
    assert noon.fast == 15 and noon.coming_fast == 15
    assert noon.label("fast") == "Ramadan 15"
    assert noon.label("fast", locale="en-PK") == "Ramazan 15"
    assert noon.label("fast", spelling="Ramazan") == "Ramazan 15"
    assert noon.label("date", locale="en-PK") == "15 Ramazan 1446"
    assert noon.label("date", locale="ur") == "۱۵ رمضان ۱۴۴۶"
    assert noon.label("fast", locale="ur") == "۱۵ رمضان"


def test_after_iftar_the_evening_is_the_next_night_and_sehri_belongs_to_the_next_fast():
    evening = moment(MARCH_16, 20)
    assert evening.after_maghrib
    assert evening.fast == 15  # the civil day's fast is still the 15th
    assert evening.coming_fast == 16  # the next sehri opens the 16th
    assert evening.label("night", locale="en-PK") == "Night of 16 Ramazan"
    assert evening.label("night", locale="ur") == "۱۶ رمضان کی شب"
    assert evening.label("date") == "15 Ramadan 1446"  # the date line stays civil


def test_maghrib_itself_turns_the_day():
    assert moment(MARCH_16, 18, 38).coming_fast == 15
    assert moment(MARCH_16, 18, 39).coming_fast == 16


def test_before_dawn_the_night_still_belongs_to_the_civil_date():
    early = moment(MARCH_16 + timedelta(days=1), 3)
    assert early.fast == 16 and early.coming_fast == 16
    assert early.label("night", locale="en-PK") == "Night of 16 Ramazan"


def test_the_27th_night():
    assert moment(date(2025, 3, 27), 21).label("night", locale="en-PK") == "Night of 27 Ramazan"


def test_the_first_night_and_chand_raat():
    # 1 March 2025 was the last day of Shaban in Pakistan: its evening is the first night of Ramadan.
    first_night = moment(date(2025, 3, 1), 20)
    assert first_night.fast is None and first_night.coming_fast == 1
    assert first_night.label("night") == "Night of 1 Ramadan"
    # 30 March 2025, the 29th fast: after iftar it is the night of Eid, no fast follows.
    chand_raat = moment(date(2025, 3, 30), 20)
    assert chand_raat.fast == 29 and chand_raat.coming_fast is None
    assert chand_raat.islamic.month == 10 and chand_raat.islamic.day == 1


def test_fast_number_of_a_civil_day():
    assert hijri.fast_number(MARCH_16) == 15
    assert hijri.fast_number(MARCH_16, "SA") == 16
    assert hijri.fast_number(date(2025, 3, 2)) == 1
    assert hijri.fast_number(date(2025, 3, 1)) is None  # Shaban in Pakistan
    assert hijri.fast_number(date(2025, 3, 31)) is None  # Eid ul-Fitr


def test_the_same_instant_by_umm_al_qura():
    assert moment(MARCH_16, 12, country="SA").label("fast") == "Ramadan 16"


def test_eid_ul_fitr_expectation_announced_and_predicted():
    announced = hijri.expected_eid_ul_fitr(MARCH_16)
    assert announced.first_day == date(2025, 3, 31) and announced.status == "announced"
    assert hijri.label(announced, "eid_ul_fitr") == "Eid ul-Fitr on 31 March 2025 (announced)"
    assert hijri.label(announced, "eid_ul_fitr", locale="ur") == "عید الفطر: ۳۱ مارچ ۲۰۲۵ (اعلان شدہ)"
    # After Eid the next one is a year on: Shawwal 1447, announced for 21 March 2026.
    assert hijri.expected_eid_ul_fitr(date(2025, 4, 1)).first_day == date(2026, 3, 21)
    # 1448 has no announcement: a prediction, and the label says so.
    predicted = hijri.expected_eid_ul_fitr(date(2027, 1, 1))
    assert predicted.status == "predicted" and predicted.month == 10 and predicted.year == 1448
    text = hijri.label(predicted, "eid_ul_fitr")
    assert text.startswith("Eid ul-Fitr expected on ") and text.endswith(" 2027 (predicted)")
    assert "متوقع" in hijri.label(predicted, "eid_ul_fitr", locale="ur")


def test_month_names_as_the_issue_spells_them():
    assert names.HIJRI_MONTHS_EN[:3] == ("Muharram", "Safar", "Rabi al-Awwal")
    assert names.HIJRI_MONTHS_EN[-3:] == ("Shawwal", "Dhul Qadah", "Dhul Hijjah")
    assert names.hijri_month_name(9, "ur") == "رمضان"
    assert names.hijri_month_name(12, "ur") == "ذوالحجہ"
    assert len(set(names.HIJRI_MONTHS_UR)) == 12


def test_urdu_writes_extended_arabic_indic_digits():
    assert names.digits(1234567890, "ur") == "۱۲۳۴۵۶۷۸۹۰"
    assert all(0x06F0 <= ord(c) <= 0x06F9 for c in names.digits(1446, "ur"))
    assert names.digits(1446, "en") == "1446"


def test_mistakes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        hijri.hijri_moment(datetime(2025, 3, 16, 12), maghrib=at(MARCH_16, 18, 39))
    with pytest.raises(ValueError, match="not on the reader's day"):
        hijri.hijri_moment(at(MARCH_16, 12), maghrib=at(MARCH_16 + timedelta(days=1), 18, 39))
    with pytest.raises(ValueError, match="not in Ramadan"):
        moment(date(2025, 4, 5), 12).label("fast")
    with pytest.raises(ValueError, match="unknown locale"):
        moment(MARCH_16, 12).label("date", locale="fr")
    with pytest.raises(ValueError, match="unknown label kind"):
        moment(MARCH_16, 12).label("sehri")
    with pytest.raises(ValueError, match="MonthStart of Shawwal"):
        hijri.label(hijri.calendar("PK").month_start(1446, 9), "eid_ul_fitr")


@settings(max_examples=100, deadline=None)
@given(
    day=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
    minutes=st.integers(0, 24 * 60 - 1),
)
def test_the_islamic_day_is_the_civil_day_or_the_next(day, minutes):
    when = datetime(day.year, day.month, day.day, tzinfo=PKT) + timedelta(minutes=minutes)
    found = hijri.hijri_moment(when, maghrib=at(day, 18, 30))
    assert found.civil.gregorian == day
    assert found.islamic.gregorian == day + timedelta(days=1 if found.after_maghrib else 0)
    assert found.after_maghrib == (minutes >= 18 * 60 + 30)
