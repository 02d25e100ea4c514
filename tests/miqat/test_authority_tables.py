"""Against the authorities' own published timetables (the Adhan project's test data).

Each file gives the authority's method, madhab, coordinates and time zone, and the
tolerance in minutes its published figures allow (``variance``).  Three files give none:
their figures are published to the minute, so one minute either way (rounding of a time
near the half minute) is allowed for them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

import miqat

# The authorities' timetables, copied into the repository (see tests/data/prayer-testdata/SOURCES.md).
PRAYER_TESTDATA = Path(__file__).resolve().parents[1] / "data" / "prayer-testdata"
METHODS = {
    "Turkey": "turkey",
    "Qatar": "qatar",
    "Dubai": "dubai",
    "Kuwait": "kuwait",
    "MoonsightingCommittee": "moonsighting",
    "UmmAlQura": "umm_al_qura",
    "Singapore": "singapore",
    "Tehran": "tehran",
}
PRAYERS = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
FILES = sorted(PRAYER_TESTDATA.glob("*.json"))


def test_the_authority_timetables_are_there():
    assert len(FILES) >= 8, f"expected the authority timetables in {PRAYER_TESTDATA}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_published_times(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    params = data["params"]
    place = miqat.Place(path.stem, params["latitude"], params["longitude"], params["timezone"])
    variance = data.get("variance", 1)
    rule = {
        "MiddleOfTheNight": "middle_of_night",
        "SeventhOfTheNight": "seventh_of_night",
        "TwilightAngle": "twilight_angle",
    }[params["highLatitudeRule"]]
    failures = []
    for row in data["times"]:
        day = date.fromisoformat(row["date"])
        computed = miqat.times(
            place, day, method=METHODS[params["method"]], asr=params["madhab"].lower(), high_latitude=rule
        ).rounded
        for prayer in PRAYERS:
            published = datetime.strptime(f"{row['date']} {row[prayer]}", "%Y-%m-%d %I:%M %p")
            ours = getattr(computed, prayer).replace(tzinfo=None)
            minutes = abs((ours - published).total_seconds()) / 60
            if minutes > variance:
                failures.append(
                    f"{row['date']} {prayer}: published {row[prayer]}, computed {ours:%H:%M} ({minutes:.0f} min)"
                )
    assert len(data["times"]) > 0
    assert not failures, "\n".join(failures)
