"""Country Hijri calendars: Umm al-Qura as hijridate has it, Pakistan as announced and predicted.

Reference values: hijridate (the Umm al-Qura table), and the Central Ruet-e-Hilal
Committee's Ramadan and Shawwal starts for 1440-1447 (ANNOUNCED below, typed from the
public announcements, not read from the package's data file), with its other announced
starts found in newspaper reports of the announcements (ANNOUNCED_ELSEWHERE below; each
report is named in the package's pk.json).
"""

from __future__ import annotations

from datetime import date, timedelta

import hijridate
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miqat import hijri
from miqat.calendars import declared as declared_data
from miqat.calendars import sightings as sightings_store
from miqat.calendars.rules import COUNTRIES

ANNOUNCED = {
    (1440, 9): date(2019, 5, 7),
    (1440, 10): date(2019, 6, 5),
    (1441, 9): date(2020, 4, 25),
    (1441, 10): date(2020, 5, 24),
    (1442, 9): date(2021, 4, 14),
    (1442, 10): date(2021, 5, 13),
    (1443, 9): date(2022, 4, 3),
    (1443, 10): date(2022, 5, 3),
    (1444, 9): date(2023, 3, 23),
    (1444, 10): date(2023, 4, 22),
    (1445, 9): date(2024, 3, 12),
    (1445, 10): date(2024, 4, 10),
    (1446, 9): date(2025, 3, 2),
    (1446, 10): date(2025, 3, 31),
    (1447, 9): date(2026, 2, 19),
    (1447, 10): date(2026, 3, 21),
}

# Further announced starts, each from a newspaper report of the committee's announcement
# (the first fast, Eid ul Fitr, Ashura, 12 Rabi ul Awwal or Eid ul Azha it fixed), 1437-1447.
ANNOUNCED_ELSEWHERE = {
    (1437, 9): date(2016, 6, 7),  # 6 June 2016: sighted, first Ramazan Tuesday 7 June
    (1437, 10): date(2016, 7, 6),  # late on 5 July 2016: sighted, Eid on Wednesday 6 July
    (1437, 12): date(2016, 9, 4),  # 2 September 2016: not sighted, Eid ul Azha 13 September
    (1438, 9): date(2017, 5, 28),  # 26 May 2017: not sighted, Ramazan from Sunday 28 May
    (1438, 10): date(2017, 6, 26),  # 25 June 2017: sighted, Eid on Monday 26 June
    (1438, 12): date(2017, 8, 24),  # 22 August 2017: not sighted, Eid ul Azha 2 September
    (1439, 9): date(2018, 5, 17),  # 16 May 2018: sighted, first fast Thursday 17 May
    (1439, 10): date(2018, 6, 16),  # 14 June 2018: not sighted, Eid on Saturday 16 June
    (1439, 12): date(2018, 8, 13),  # 12 August 2018: sighted, Eid ul Azha 22 August
    (1440, 1): date(2018, 9, 12),  # 10 September 2018: not sighted, Ashura 21 September
    (1440, 12): date(2019, 8, 3),  # 2 August 2019: sighted, Eid ul Azha 12 August
    (1441, 3): date(2019, 10, 30),  # 29 October 2019: sighted, 12 Rabi ul Awwal 10 November
    (1441, 12): date(2020, 7, 23),  # 21 July 2020: not sighted, Eid ul Azha 1 August
    (1442, 12): date(2021, 7, 12),  # 10 July 2021: not sighted, Eid ul Azha 21 July
    (1443, 12): date(2022, 7, 1),  # 29 June 2022: not sighted, Eid ul Azha 10 July
    (1444, 1): date(2022, 7, 31),  # 29 July 2022: not sighted, Ashura 9 August
    (1444, 3): date(2022, 9, 28),  # 26 September 2022: not sighted, 12 Rabi ul Awwal 9 October
    (1444, 12): date(2023, 6, 20),  # 19 June 2023: sighted, Eid ul Azha 29 June
    (1445, 1): date(2023, 7, 20),  # 18 July 2023: not sighted, Ashura 29 July
    (1445, 3): date(2023, 9, 18),  # 16 September 2023: not sighted, 12 Rabi ul Awwal 29 September
    (1445, 12): date(2024, 6, 8),  # 7 June 2024: sighted, Eid ul Azha 17 June
    (1446, 1): date(2024, 7, 8),  # 6 July 2024: not sighted, Ashura 17 July
    (1446, 3): date(2024, 9, 6),  # 4 September 2024: not sighted, 12 Rabi ul Awwal 17 September
    (1446, 12): date(2025, 5, 29),  # 27 May 2025: not sighted, Eid ul Azha 7 June
    (1447, 1): date(2025, 6, 27),  # 26 June 2025: sighted, Ashura 6 July
    (1447, 3): date(2025, 8, 26),  # 24 August 2025: not sighted, 12 Rabi ul Awwal 6 September
}

# With the table hidden the rule is a day early on these eleven, for one of two reasons:
# * on the 29th evening the crescent was in Odeh zone B at Karachi and Jiwani (V from +2.2
#   to +4.5 at Karachi), which the rule counts as seen, and the committee received no
#   testimony it accepted: Ramazan 1438, Shawwal 1439, Zil Hajj 1437 and 1441, Muharram
#   1440 and 1444-1446 (reports of the 1445 and 1446 Muharram meetings mention cloud);
# * the month before was predicted a day early (a Muharram above, or a Safar nobody
#   announced), so the rule's 29th evening is a day before the committee's and the month
#   completes thirty days a day early: Rabi ul Awwal 1445-1447.
# The committee is stricter than the rule on zone B: of the twelve zone-B 29th evenings in
# the shipped table it accepted four (Shawwal 1437 and 1441, Ramazan 1444, Shawwal 1445).
KNOWN_EARLY_ELSEWHERE = {
    (1437, 12),
    (1438, 9),
    (1439, 10),
    (1440, 1),
    (1441, 12),
    (1444, 1),
    (1445, 1),
    (1446, 1),
    (1445, 3),
    (1446, 3),
    (1447, 3),
}

# The prediction misses these, with the table hidden, and why:
KNOWN_MISSES = {
    # Shawwal 1442: on 12 May 2021 the crescent was in Odeh zone C at Karachi and Jiwani
    # (about V = +1.1 and +1.3, optical aid only), so the rule waits a day, for 14 May.
    # The committee met late into that night and accepted sightings reported from
    # Khyber Pakhtunkhwa, and Eid was held on 13 May.
    (1442, 10),
}


def umm_al_qura(day: date) -> tuple[int, int, int]:
    found = hijridate.Gregorian(day.year, day.month, day.day).to_hijri()
    return found.year, found.month, found.day


# -- Umm al-Qura ---------------------------------------------------------------------------


def test_umm_al_qura_agrees_with_hijridate_on_every_day_of_1400_to_1500():
    calendar = hijri.Calendar("SA", use_declared=False)
    day = hijridate.Hijri(1400, 1, 1).to_gregorian()
    day = date(day.year, day.month, day.day)
    last = hijridate.Hijri(1500, 12, hijridate.Hijri(1500, 12, 1).month_length()).to_gregorian()
    last = date(last.year, last.month, last.day)
    checked = 0
    while day <= last:
        found = calendar.to_hijri(day)
        assert (found.year, found.month, found.day) == umm_al_qura(day), day
        checked += 1
        day += timedelta(days=1)
    assert checked > 35_700  # a hundred and one lunar years of 354.37 days


@settings(max_examples=200, deadline=None)
@given(year=st.integers(1400, 1500), month=st.integers(1, 12), day=st.integers(1, 30))
def test_umm_al_qura_to_gregorian_agrees_with_hijridate(year, month, day):
    length = hijridate.Hijri(year, month, 1).month_length()
    if day > length:
        with pytest.raises(hijri.HijriRangeError, match=f"has {length} days"):
            hijri.to_gregorian(year, month, day, "SA")
    else:
        expected = hijridate.Hijri(year, month, day).to_gregorian()
        assert hijri.to_gregorian(year, month, day, "SA") == date(expected.year, expected.month, expected.day)


@pytest.mark.parametrize("country", ["PK", "SA"])
def test_dates_outside_the_umm_al_qura_range_are_a_clear_error(country):
    with pytest.raises(hijri.HijriRangeError, match="outside .* Umm al-Qura range"):
        hijri.to_hijri(date(1900, 1, 1), country)
    with pytest.raises(hijri.HijriRangeError, match="outside .* Umm al-Qura range"):
        hijri.to_hijri(date(2100, 1, 1), country)
    with pytest.raises(hijri.HijriRangeError, match="1501 is outside"):
        hijri.to_gregorian(1501, 1, 1, country)
    with pytest.raises(hijri.HijriRangeError, match="month must be 1-12"):
        hijri.to_gregorian(1446, 13, 1, country)
    with pytest.raises(hijri.HijriRangeError, match="does not exist"):
        hijri.to_gregorian(1446, 9, 0, country)


def test_thirtieth_of_a_29_day_month_does_not_exist():
    # Ramadan 1446 had 29 days in Pakistan (2 March to Eid on 31 March) and by Umm al-Qura
    # (1 March to 30 March, hijridate).
    assert hijridate.Hijri(1446, 9, 1).month_length() == 29
    for country in ("PK", "SA"):
        with pytest.raises(hijri.HijriRangeError, match="Ramadan 1446 has 29 days"):
            hijri.to_gregorian(1446, 9, 30, country)


def test_unknown_country_is_a_clear_error():
    with pytest.raises(ValueError, match="no Hijri calendar for country 'XX'"):
        hijri.to_hijri(date(2025, 3, 16), "XX")


def test_an_instant_is_refused_where_a_civil_day_is_meant():
    from datetime import datetime, timezone

    with pytest.raises(TypeError, match="hijri_moment"):
        hijri.to_hijri(datetime(2025, 3, 16, 20, tzinfo=timezone.utc))


# -- Pakistan --------------------------------------------------------------------------------


def test_16_march_2025_is_ramadan_15_in_pakistan_and_16_by_umm_al_qura():
    pakistan = hijri.to_hijri(date(2025, 3, 16), "PK")
    assert (pakistan.year, pakistan.month, pakistan.day) == (1446, 9, 15)
    assert pakistan.month_name == "Ramadan" and pakistan.status == "announced"
    saudi = hijri.to_hijri(date(2025, 3, 16), "SA")
    assert (saudi.year, saudi.month, saudi.day) == (1446, 9, 16) == umm_al_qura(date(2025, 3, 16))


def test_the_shipped_calendar_has_every_announced_start():
    calendar = hijri.Calendar("PK")
    for (year, month), first_day in ANNOUNCED.items():
        start = calendar.month_start(year, month)
        assert start.first_day == first_day and start.status == "announced", (year, month)
        assert start.source
        assert hijri.to_gregorian(year, month, 1, "PK") == first_day
        assert hijri.to_hijri(first_day - timedelta(days=1), "PK").month == month - 1


def test_pakistan_never_starts_a_month_before_umm_al_qura_in_its_announcements():
    for (year, month), first_day in {**ANNOUNCED, **ANNOUNCED_ELSEWHERE}.items():
        assert first_day >= hijri.umm_al_qura_first_day(year, month)


def test_with_the_table_hidden_the_sky_reproduces_15_of_the_16_announced_starts():
    sky_only = hijri.Calendar("PK", use_declared=False)
    misses = {key for key, first_day in ANNOUNCED.items() if sky_only.month_start(*key).first_day != first_day}
    assert len(ANNOUNCED) - len(misses) >= 15, sorted(misses)
    assert misses <= KNOWN_MISSES, sorted(misses - KNOWN_MISSES)
    for key in misses:
        # A miss is by one day, and the figures that decided it are there to read.
        predicted = sky_only.month_start(*key)
        assert abs((predicted.first_day - ANNOUNCED[key]).days) == 1
        assert {s.site for s in predicted.sightings} == {"Karachi", "Jiwani"}


def test_the_other_announced_starts_are_shipped_with_their_reports():
    calendar = hijri.Calendar("PK")
    for (year, month), first_day in ANNOUNCED_ELSEWHERE.items():
        start = calendar.month_start(year, month)
        assert start.first_day == first_day and start.status == "announced", (year, month)
        assert "Ruet-e-Hilal" in start.source and "http" in start.source, (year, month)
    for start in declared_data.shipped("PK"):
        # Every shipped row names the announcement and a published report of it.
        assert "Ruet-e-Hilal" in start.source and "http" in start.source, (start.year, start.month)
        assert "to be checked" not in start.source, (start.year, start.month)


def test_with_the_table_hidden_the_sky_reproduces_15_of_the_26_other_announced_starts():
    sky_only = hijri.Calendar("PK", use_declared=False)
    misses = {
        key for key, first_day in ANNOUNCED_ELSEWHERE.items() if sky_only.month_start(*key).first_day != first_day
    }
    assert misses == KNOWN_EARLY_ELSEWHERE, sorted(misses)
    for key in misses:
        predicted = sky_only.month_start(*key)
        announced = ANNOUNCED_ELSEWHERE[key]
        assert (announced - predicted.first_day).days == 1
        if predicted.seen:
            assert all(s.odeh_zone == "B" for s in predicted.sightings), key
        else:
            # Thirty days counted from a 29th one day before the committee's.
            assert predicted.evening == announced - timedelta(days=3), key


def test_the_prediction_alone_never_starts_before_umm_al_qura():
    # The fact the issue states, held by the rule itself over everything it predicts.
    for start in hijri.Calendar("PK", use_declared=False).all_month_starts():
        if start.method == "crescent":
            assert start.first_day >= hijri.umm_al_qura_first_day(start.year, start.month), start


@pytest.mark.parametrize("use_declared", [True, False])
def test_every_month_has_29_or_30_days(use_declared):
    calendar = hijri.Calendar("PK", use_declared=use_declared)
    starts = calendar.all_month_starts()
    for before, after in zip(starts, starts[1:]):
        assert (after.first_day - before.first_day).days in (29, 30), (before, after)


def test_month_starts_lists_twelve_months_with_their_figures():
    listed = hijri.month_starts("PK", 1446)
    assert [s.month for s in listed] == list(range(1, 13))
    by_month = {s.month: s for s in listed}
    assert by_month[9].status == "announced" and by_month[9].first_day == date(2025, 3, 2)
    predicted = [s for s in listed if s.status == "predicted"]
    assert predicted
    for start in predicted:
        assert start.method == "crescent"
        assert [s.site for s in start.sightings] == ["Karachi", "Jiwani"]
        assert all(s.evening == start.evening for s in start.sightings)
        seen = any(s.odeh_zone in ("A", "B") for s in start.sightings)
        assert start.seen == seen
        # The decision follows the figures: the day after a visible 29th, else after the 30th,
        # unless the next month is declared and the day must move to meet it.
        follows = 1 if seen else 2
        if start.note == "moved by a day to meet the next declared start":
            assert abs((start.first_day - start.evening).days - follows) == 1
        else:
            assert (start.first_day - start.evening).days == follows


def test_ramadan_1448_prediction_for_pakistan_and_saudi_arabia():
    pakistan = {s.month: s for s in hijri.month_starts("PK", 1448)}[9]
    saudi = {s.month: s for s in hijri.month_starts("SA", 1448)}[9]
    # Umm al-Qura (hijridate): 1 Ramadan 1448 is 8 February 2027.
    uq = hijridate.Hijri(1448, 9, 1).to_gregorian()
    assert saudi.first_day == date(uq.year, uq.month, uq.day) == date(2027, 2, 8)
    assert saudi.status == "predicted" and saudi.method == "umm_al_qura"
    # The conjunction is on 6 February 2027 at 15:56 UT (NASA), after sunset in Pakistan
    # (about 13:20 UT), so the 29th evening that can start Ramadan is the 7th at the
    # earliest: Ramadan begins on the 8th or the 9th, and never before Umm al-Qura.
    assert pakistan.status == "predicted" and pakistan.method == "crescent"
    assert pakistan.first_day in (date(2027, 2, 8), date(2027, 2, 9))
    assert pakistan.first_day >= saudi.first_day
    assert [s.site for s in pakistan.sightings] == ["Karachi", "Jiwani"]
    assert all(-1 < s.age_hours and s.conjunction.date() == date(2027, 2, 6) for s in pakistan.sightings)


# -- declarations at run time ------------------------------------------------------------------


def test_a_declared_start_overrides_the_prediction_and_shifts_what_follows():
    base = hijri.Calendar("PK")
    predicted = base.month_start(1448, 9).first_day
    declared = hijri.MonthStart(1448, 9, predicted + timedelta(days=1), status="announced", source="test")
    moved = hijri.Calendar("PK", [declared])
    assert moved.month_start(1448, 9) == declared
    # Days of Ramadan shift by one...
    inside = predicted + timedelta(days=20)
    assert hijri.to_hijri(inside, "PK", declared=[declared]).day == base.to_hijri(inside).day - 1
    # ...the day before is the 30th of Shaban, and the rule re-examines the 29th of Ramadan.
    assert moved.to_hijri(declared.first_day - timedelta(days=1)).day == 30
    shawwal = moved.month_start(1448, 10)
    assert shawwal.evening == declared.first_day + timedelta(days=28)
    assert (shawwal.first_day - declared.first_day).days in (29, 30)
    # The same through month_starts and to_gregorian.
    listed = {s.month: s for s in hijri.month_starts("PK", 1448, declared=[declared])}
    assert listed[9].status == "announced" and listed[9].first_day == declared.first_day
    assert hijri.to_gregorian(1448, 9, 1, "PK", declared=[declared]) == declared.first_day


def test_a_declaration_reshapes_the_predicted_month_before_it():
    # Declaring Ramadan two days after the predicted Shaban's 29th evening would make Shaban
    # 31 days long; the predicted Shaban moves instead, and every month stays 29 or 30 days.
    base = hijri.Calendar("PK")
    shaban = base.month_start(1448, 8).first_day
    declared = hijri.MonthStart(1448, 9, shaban + timedelta(days=31), source="test")
    moved = hijri.Calendar("PK", [declared])
    for month in range(3, 12):
        assert moved.month_length(1448, month) in (29, 30), month
    assert moved.month_start(1448, 8).note


def test_implausible_declarations_are_refused():
    with pytest.raises(ValueError, match="days from Umm al-Qura"):
        hijri.Calendar("PK", [hijri.MonthStart(1448, 9, date(2028, 2, 8))])
    with pytest.raises(ValueError, match="impossible"):
        hijri.Calendar(
            "PK",
            [hijri.MonthStart(1448, 8, date(2027, 1, 10)), hijri.MonthStart(1448, 9, date(2027, 2, 11))],
        )
    with pytest.raises(ValueError, match="status"):
        hijri.MonthStart(1448, 9, date(2027, 2, 8), status="rumoured")


def test_runtime_declarations_win_over_shipped_ones():
    corrected = hijri.MonthStart(1446, 9, date(2025, 3, 1), source="correction")
    assert hijri.to_hijri(date(2025, 3, 16), "PK", declared=[corrected]).day == 16
    assert hijri.to_hijri(date(2025, 3, 16), "PK").day == 15


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), country=st.sampled_from(["PK", "SA"]))
def test_to_gregorian_inverts_to_hijri(day, country):
    found = hijri.to_hijri(day, country)
    assert 1 <= found.day <= found.month_length <= 30 and found.month_length >= 29
    assert hijri.to_gregorian(found.year, found.month, found.day, country) == day == found.gregorian


# -- the shipped sightings ------------------------------------------------------------------------


def test_the_shipped_calendars_need_no_live_crescent_computation():
    for country in COUNTRIES:
        for use_declared in (True, False):
            calendar = hijri.Calendar(country, use_declared=use_declared)
            for start in calendar.all_month_starts():
                for found in start.sightings:
                    site = next(s for s in COUNTRIES[country].sites if s.name == found.site)
                    assert sightings_store.is_stored(site, found.evening), (country, start)


@pytest.mark.parametrize(
    "site_name, evening",
    [("Karachi", date(2025, 2, 28)), ("Jiwani", date(2021, 5, 12)), ("Karachi", date(2027, 2, 7))],
)
def test_stored_sightings_equal_a_fresh_computation(site_name, evening):
    from miqat.calendars.rules import REFERENCE_SITES
    from miqat.crescent import crescent

    site = REFERENCE_SITES[site_name]
    assert sightings_store.is_stored(site, evening)
    fresh = sightings_store.Sighting.from_report(crescent(evening, site))
    assert sightings_store.sighting(site, evening) == fresh


def test_shipped_declarations_are_well_formed():
    for country in COUNTRIES:
        for start in declared_data.shipped(country):
            assert start.status in ("announced", "predicted") and start.source
    shipped_pk = {(s.year, s.month): s.first_day for s in declared_data.shipped("PK")}
    assert {key: shipped_pk[key] for key in ANNOUNCED} == ANNOUNCED


def test_the_hijri_calendar_is_part_of_the_public_api():
    # A reader of the README writes `import miqat` and reaches the calendar from there.  A
    # Pakistani news site's iftar strip of 16 March 2025 read "Ramadan 15" (1446).
    import miqat

    assert "hijri" in miqat.__all__
    day = miqat.hijri.to_hijri(date(2025, 3, 16))
    assert (day.year, day.month, day.day) == (1446, 9, 15)
