"""The numpy path (timetable) and the scalar path (times, fasting_times) give the same
times: the same steps in the same order, so they agree to the microsecond."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import miqat
from miqat.times import NAMES

TOLERANCE_SECONDS = 1e-3


def _world_sample(n):
    from miqat.places import _world

    everything = sorted(_world().places, key=lambda p: p.geonames_id)
    rng = np.random.default_rng(7)
    return [everything[i] for i in rng.choice(len(everything), n, replace=False)]


@pytest.mark.parametrize(
    "method,options",
    [
        ("karachi", {}),
        ("auto", {}),
        ("mwl", {"high_latitude": "seventh_of_night"}),
        ("moonsighting", {}),
        ("tehran", {"high_latitude": "twilight_angle"}),
        ("umm_al_qura", {"ramadan_isha": True}),
        ("isna", {"polar": "nearest_latitude", "elevation": 300, "adjustments": {"fajr": 2, "isha": -1}}),
        # a method that moves sunrise: sehri must still come from the astronomical one
        ("turkey", {}),
    ],
)
def test_scalar_and_vector_agree(method, options):
    places = _world_sample(40) + [miqat.places.resolve(q) for q in ("Lahore", "Tromsø", "Reykjavik", "Ushuaia")]
    options.setdefault("polar", "nearest_day")
    convention = {"polar": "nearest_day"}
    table = miqat.timetable(
        places, date(2025, 1, 1), date(2025, 12, 31), method=method, asr="shafi", convention=convention, **options
    )
    rng = np.random.default_rng(11)
    checked = 0
    for i in range(len(places)):
        for j in rng.choice(365, 6, replace=False):
            day = table.days[j]
            one = miqat.times(places[i], day, method=method, asr="shafi", **options)
            for name in NAMES:
                assert abs(one.unix[name] - table.unix[name][i, j]) < TOLERANCE_SECONDS, (places[i], day, name)
            assert table.times(i, j).rounded == one.rounded
            fast = miqat.fasting_times(places[i], day, convention=convention)
            cell = table.fasting(i, j)
            assert (cell.sehri_end, cell.iftar) == (fast.sehri_end, fast.iftar), (places[i], day)
            checked += 1
    assert checked == 6 * len(places)


def test_pakistan_year_jafria_matches_scalar():
    places = miqat.places.pakistan()[:25]
    table = miqat.timetable(places, "2026-01-01", "2026-12-31", fiqh="jafria")
    for i in range(0, 25, 4):
        for j in range(0, 365, 30):
            fast = miqat.fasting_times(places[i], table.days[j], fiqh="jafria")
            assert table.fasting(i, j).iftar == fast.iftar and table.fasting(i, j).sehri_end == fast.sehri_end


def test_local_clock_follows_daylight_saving():
    """London's clock moves on 30 March 2025: sunrise by the local clock jumps an hour."""
    table = miqat.timetable(["London"], "2025-03-29", "2025-03-31", method="mwl", asr="shafi")
    clocks = table.local_clock("sunrise", rounded=False)[0] / 3600
    assert 5.5 < clocks[0] < 6.0 and 6.4 < clocks[1] < 6.9 and 6.4 < clocks[2] < 6.9
    rows = list(table.rows(0))
    assert rows[1]["sunrise"] == f"{miqat.times('London', '2025-03-30', method='mwl').rounded.sunrise:%H:%M}"
