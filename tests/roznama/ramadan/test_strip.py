"""The strip's states, computed by services for chosen instants.

Reference values come from outside the code: the reference page's strip on 16 March 2025
(Ramadan 15; Lahore 06:13 PM, Karachi 06:43 PM, Islamabad 06:19 PM, Peshawar 06:25 PM,
Quetta 06:43 PM) and Pakistan's announced start of Ramadan 1446 on 2 March 2025 (and of
Shawwal, Eid ul-Fitr, on 31 March 2025).  Ramadan 1448 has not been announced: it is the
month the announcement-night and 29th/30th cases are tested on.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import miqat
import pytest
from miqat import hijri

from roznama.ramadan import cities, strip
from roznama.ramadan.models import MonthDeclaration, RamadanCity, RamadanSettings

PKT = ZoneInfo("Asia/Karachi")
REFERENCE_IFTAR_16_MARCH_2025 = {  # the reference page's strip
    "Lahore": (18, 13),
    "Karachi": (18, 43),
    "Islamabad": (18, 19),
    "Peshawar": (18, 25),
    "Quetta": (18, 43),
}

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PKT)


def state(when: datetime, reader: str = "Lahore", lang: str = "en", mode: str | None = None):
    if mode is not None:
        chosen = RamadanSettings.load()
        chosen.outside_mode = mode
        chosen.save()
    city = cities.resolve_city(reader)
    return strip.strip_state(city, when, lang=lang)


def minutes_off(text: str, expected: tuple[int, int]) -> int:
    moment = datetime.strptime(text, "%I:%M %p")
    return abs(moment.hour * 60 + moment.minute - (expected[0] * 60 + expected[1]))


def lahore(day: date, fiqh="hanafi"):
    return miqat.fasting_times(miqat.places.resolve("Lahore"), day, fiqh=fiqh)


def test_reference_page_16_march_2025():
    segment = state(at("2025-03-16T12:00:00"))
    assert segment.kind == "iftar"
    assert segment.heading == "Iftar Time · Ramadan 15"
    names = [item["name"] for item in segment.items]
    assert names == ["Lahore", "Karachi", "Islamabad", "Peshawar", "Quetta"]
    for item in segment.items:
        assert minutes_off(item["time"], REFERENCE_IFTAR_16_MARCH_2025[item["name"]]) <= 1, item
    assert [item["code"] for item in segment.items][:2] == ["LHR", "KHI"]
    assert segment.target == lahore(date(2025, 3, 16)).iftar
    assert segment.target_label == "Iftar in"


def test_before_and_after_iftar_and_sehri():
    day = date(2025, 3, 16)
    iftar = lahore(day).iftar
    sehri_next = lahore(day + timedelta(days=1)).sehri_end
    before = state(iftar - timedelta(seconds=1))
    after = state(iftar)
    assert before.heading == "Iftar Time · Ramadan 15"
    assert after.kind == "sehri" and after.heading == "Sehri Time · Ramadan 16"
    assert after.target == sehri_next and after.target_label == "Sehri ends in"
    # After iftar the cities show the next sehri.
    karachi = next(i for i in after.items if i["name"] == "Karachi")
    assert (
        karachi["at"]
        == miqat.fasting_times(miqat.places.resolve("Karachi"), day + timedelta(days=1)).sehri_end.isoformat()
    )
    assert state(sehri_next - timedelta(seconds=1)).heading == "Sehri Time · Ramadan 16"
    assert state(sehri_next).heading == "Iftar Time · Ramadan 16"


def test_day_one_is_pakistans_announced_start():
    assert state(at("2025-03-02T12:00:00")).heading == "Iftar Time · Ramadan 1"
    # The night before, once the start is announced: the first sehri.
    evening = state(at("2025-03-01T21:00:00"))
    assert (evening.kind, evening.heading) == ("sehri", "Sehri Time · Ramadan 1")
    # The morning of 1 March is still Shaban: the countdown.
    morning = state(at("2025-03-01T09:00:00"))
    assert morning.kind == "countdown" and morning.heading == "Ramadan begins tomorrow"
    assert "announced" in morning.detail


def test_last_day_of_an_announced_month_turns_to_eid():
    # Pakistan's Eid ul-Fitr 1446 was on 31 March 2025: 30 March was Ramadan 29, the last fast.
    assert state(at("2025-03-30T12:00:00")).heading == "Iftar Time · Ramadan 29"
    eid = state(at("2025-03-30T20:00:00"))
    assert eid.kind == "eid" and eid.heading == "Eid Mubarak"
    assert "31 March 2025" in eid.detail


def _ramadan_1448_day(n: int) -> date:
    return hijri.calendar("PK").month_start(1448, 9).first_day + timedelta(days=n - 1)


def test_29th_after_maghrib_awaits_the_committee_until_announced():
    day29 = _ramadan_1448_day(29)
    evening = datetime.combine(day29, datetime.min.time(), PKT).replace(hour=21)
    waiting = state(evening)
    assert waiting.kind == "awaiting"
    assert waiting.heading == "Eid moon: the committee's decision is awaited"
    assert waiting.target is None  # no countdown to a sehri that may not come
    # The moon is seen: Shawwal begins tomorrow.
    MonthDeclaration.objects.create(hijri_year=1448, month=10, first_day=day29 + timedelta(days=1))
    assert state(evening).heading == "Eid Mubarak"
    # Or it is not: a 30th fast.
    MonthDeclaration.objects.all().delete()
    MonthDeclaration.objects.create(hijri_year=1448, month=10, first_day=day29 + timedelta(days=2))
    assert state(evening).heading == "Sehri Time · Ramadan 30"


def test_day_30_then_eid():
    day29 = _ramadan_1448_day(29)
    MonthDeclaration.objects.create(hijri_year=1448, month=10, first_day=day29 + timedelta(days=2))
    day30 = day29 + timedelta(days=1)
    noon = datetime.combine(day30, datetime.min.time(), PKT).replace(hour=12)
    assert state(noon).heading == "Iftar Time · Ramadan 30"
    iftar = lahore(day30).iftar
    assert state(iftar).kind == "eid"


def test_announcement_night_for_ramadan():
    cal = hijri.calendar("PK")
    shaban29 = cal.to_gregorian(1448, 8, 29)
    evening = datetime.combine(shaban29, datetime.min.time(), PKT).replace(hour=21)
    waiting = state(evening)
    assert waiting.kind == "awaiting"
    assert waiting.heading == "Ramadan moon: the committee's decision is awaited"
    assert "Predicted" in waiting.detail
    # Before maghrib that day, the countdown still runs.
    assert state(evening.replace(hour=12)).kind == "countdown"
    # The committee announces Ramadan from tomorrow: the first sehri.
    MonthDeclaration.objects.create(hijri_year=1448, month=9, first_day=shaban29 + timedelta(days=1))
    assert state(evening).heading == "Sehri Time · Ramadan 1"


def test_outside_ramadan_the_editors_choice():
    when = at("2026-11-01T12:00:00")
    first = hijri.calendar("PK").month_start(1448, 9)
    countdown = state(when, mode="countdown")
    days = (first.first_day - date(2026, 11, 1)).days
    assert countdown.heading == f"Ramadan begins in {days} days"
    assert countdown.detail.endswith("(predicted)")
    assert state(when, mode="hidden").kind == "hidden"
    prayers = state(when, mode="prayer_times")
    assert prayers.heading == "Prayer times · Lahore"
    assert [i["name"] for i in prayers.items] == ["Fajr", "Dhuhr", "Asr", "Maghrib", "Isha"]
    expected = miqat.times(miqat.places.resolve("Lahore"), date(2026, 11, 1), method="auto")
    assert prayers.target == expected.rounded.asr  # after noon's Dhuhr, Asr is next
    assert prayers.target_label == "Asr in"


def test_urdu_names_labels_and_digits():
    segment = state(at("2025-03-16T12:00:00"), lang="ur")
    assert segment.heading == "افطار کا وقت · ۱۵ رمضان"
    assert segment.items[0]["name"] == "لاہور"
    assert segment.items[0]["time"] == "۰۶:۱۳ شام"
    assert segment.target_label == "افطار میں"


def test_ramazan_spelling_and_editors_cities():
    chosen = RamadanSettings.load()
    chosen.spelling = "Ramazan"
    chosen.save()
    RamadanCity.objects.create(place="Multan", code="MUX", sort_order=1)
    RamadanCity.objects.create(place="Karachi", sort_order=0, iftar_after_sunset=5)
    segment = state(at("2025-03-16T12:00:00"), reader="Karachi")
    assert segment.heading == "Iftar Time · Ramazan 15"
    assert [(i["name"], i["code"]) for i in segment.items] == [("Karachi", "KHI"), ("Multan", "MUX")]
    karachi = miqat.places.resolve("Karachi")
    plain = miqat.fasting_times(karachi, date(2025, 3, 16))
    later = miqat.fasting_times(karachi, date(2025, 3, 16), convention={"iftar_after_sunset": 5})
    assert later.iftar - plain.iftar == timedelta(minutes=4)  # Pakistan's own margin is 1 minute
    assert segment.items[0]["at"] == later.iftar.isoformat()


def test_a_reader_outside_the_list_comes_first():
    segment = state(at("2025-03-16T12:00:00"), reader="Multan")
    assert segment.items[0]["name"] == "Multan" and segment.items[0]["reader"]
    assert segment.target == miqat.fasting_times(miqat.places.resolve("Multan"), date(2025, 3, 16)).iftar


def test_segments_cover_two_days_without_gaps():
    for when in ("2025-03-16T12:00:00", "2026-11-01T12:00:00", "2025-03-31T00:30:00"):
        reader = cities.resolve_city("Lahore")
        segments = strip.strip_segments(reader, at(when))
        assert segments[0].start <= at(when) < segments[-1].end
        assert segments[-1].end - at(when) >= timedelta(hours=24)
        for a, b in zip(segments, segments[1:]):
            assert a.end == b.start and a.start < a.end


# Each city's time is shown in its own zone, labelled: never in the browser's.  Zone names and
# offsets from the IANA time-zone database as published: Pakistan Standard Time (PKT, UTC+5),
# Greenwich Mean Time in London until British Summer Time begins on 30 March 2025, Dubai UTC+4,
# New York's Eastern Daylight Time (EDT, UTC-4) from 9 March 2025.
def zones(segment) -> dict:
    return {item["name"]: item["zone"] for item in segment.items}


def test_a_pakistani_readers_times_say_pkt_once_on_the_readers_city():
    segment = state(at("2025-03-16T12:00:00"), reader="Karachi")
    assert zones(segment) == {"Lahore": "", "Karachi": "PKT", "Islamabad": "", "Peshawar": "", "Quetta": ""}
    karachi = next(item for item in segment.items if item["name"] == "Karachi")
    assert minutes_off(karachi["time"], REFERENCE_IFTAR_16_MARCH_2025["Karachi"]) <= 1


@pytest.mark.parametrize(
    "reader, tz, zone",
    [("London", "Europe/London", "GMT"), ("Dubai", "Asia/Dubai", "UTC+4"), ("New York", "America/New_York", "EDT")],
)
def test_a_reader_abroad_sees_each_city_in_its_own_zone_labelled(reader, tz, zone):
    # Noon of 16 March 2025 where the reader is: the day's fast, before iftar.
    segment = state(datetime(2025, 3, 16, 12, tzinfo=ZoneInfo(tz)), reader=reader)
    assert segment.kind == "iftar"
    shown = zones(segment)
    assert segment.items[0]["reader"] and segment.items[0]["name"].startswith(reader)
    assert segment.items[0]["zone"] == zone
    assert {shown[name] for name in REFERENCE_IFTAR_16_MARCH_2025} == {"PKT"}
    # Pakistan's iftar stays at Pakistan's clock time beside the reader's own.
    for item in segment.items:
        if item["name"] in REFERENCE_IFTAR_16_MARCH_2025:
            assert minutes_off(item["time"], REFERENCE_IFTAR_16_MARCH_2025[item["name"]]) <= 1, item


def test_urdu_zone_labels_are_urdu_with_urdu_digits():
    assert zones(state(at("2025-03-16T12:00:00"), reader="Karachi", lang="ur"))["کراچی"] == "پاکستانی وقت"
    dubai = state(at("2025-03-16T12:00:00"), reader="Dubai", lang="ur")
    assert dubai.items[0]["zone"] == "یو ٹی سی +۴"
    london = state(at("2025-03-16T12:00:00"), reader="London", lang="ur")
    assert london.items[0]["zone"] == "یو ٹی سی"
    assert not any(ch.isascii() and ch.isdigit() for item in dubai.items for ch in item["time"] + item["zone"])
