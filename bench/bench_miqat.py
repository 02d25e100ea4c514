"""Benchmark: miqat.timetable against adhanpy and skyfield on the same work.

The work: the 1,000 most populous places of miqat's registry for every day of 2025, every
time of the day (fajr, sunrise, dhuhr, asr, sunset, maghrib, isha, and sehri and iftar).
miqat computes all of it in one call.  adhanpy and skyfield are far slower, so they are
timed on a random sample of city-days and extrapolated to the whole (said in the output).
Everything runs in this process on one core; the ratios compare figures measured in this
same run.  Run: ``python bench/bench_miqat.py``.

Then one ``miqat.times`` call, the median of many, in four cases: a day and place already
seen; a new place each call; the next day each call (the Sun's places of the days around it
partly known); and a new day and place each call with every cache of the Sun's daily
places and of the days' nodes cleared first, so that everything is computed afresh.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import miqat  # noqa: E402
from miqat import events  # noqa: E402
from miqat.places import _pakistan, _world  # noqa: E402

YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)
DAYS = (YEAR_END - YEAR_START).days + 1
ADHAN_SAMPLE = 2000
SKYFIELD_SAMPLE = 20


def best_of(repeats, fn, clock=time.perf_counter):
    times = []
    for _ in range(repeats):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return min(times), result


def main() -> None:
    everything = list(_pakistan().places) + list(_world().places)
    cities = sorted(everything, key=lambda p: -p.population)[:1000]
    cells = len(cities) * DAYS
    print(f"work: {len(cities)} cities x {DAYS} days = {cells:,} city-days, 9 times each")

    # miqat, the whole year in one call (MWL 18/17, Shafi Asr, middle-of-the-night rule)
    miqat.timetable(cities[:5], YEAR_START, YEAR_START + timedelta(days=3), method="mwl", asr="shafi")  # warm-up
    world_year = lambda: miqat.timetable(  # noqa: E731
        cities,
        YEAR_START,
        YEAR_END,
        method="mwl",
        asr="shafi",
        polar="nearest_latitude",
        convention={"polar": "nearest_latitude"},
    )
    t_table, table = best_of(3, world_year)
    # CPU time too: on a shared machine the wall clock also counts other people's work.
    cpu_table, _ = best_of(3, world_year, clock=time.process_time)
    pakistan = (miqat.places.pakistan() * 3)[:1000]
    t_pk, _ = best_of(3, lambda: miqat.timetable(pakistan, YEAR_START, YEAR_END))
    per_cell_miqat = t_table / cells
    print(
        f"miqat.timetable, world's 1,000 largest cities, one year:   {t_table:8.3f} s wall, "
        f"{cpu_table:.3f} s CPU ({per_cell_miqat * 1e6:.2f} us per city-day)"
    )
    print(f"miqat.timetable, 1,000 Pakistani places (Karachi, Hanafi): {t_pk:8.3f} s")

    # adhanpy on a sample of the same city-days
    from adhanpy.calculation.CalculationMethod import CalculationMethod
    from adhanpy.PrayerTimes import PrayerTimes as AdhanTimes

    rng = random.Random(1)
    sample = [(rng.randrange(len(cities)), rng.randrange(DAYS)) for _ in range(ADHAN_SAMPLE)]
    zones = {p.timezone: ZoneInfo(p.timezone) for p in cities}
    done = 0

    def run_adhan():
        nonlocal done
        done = 0
        for i, j in sample:
            p = cities[i]
            day = YEAR_START + timedelta(days=j)
            try:
                AdhanTimes(
                    (p.latitude, p.longitude),
                    datetime(day.year, day.month, day.day),
                    calculation_method=CalculationMethod.MUSLIM_WORLD_LEAGUE,
                    time_zone=zones[p.timezone],
                )
                done += 1
            except (RuntimeError, ValueError):  # adhanpy has no polar resolution
                pass

    t_adhan, _ = best_of(1, run_adhan)
    per_cell_adhan = t_adhan / len(sample)
    print(
        f"adhanpy.PrayerTimes, {len(sample):,} sampled city-days ({done:,} computed): {t_adhan:.3f} s "
        f"({per_cell_adhan * 1e6:.1f} us per city-day) -> extrapolated to the whole: {per_cell_adhan * cells:,.0f} s"
    )

    # skyfield (DE421) for the same events on a smaller sample: risings, settings, transit,
    # twilights by its almanac search; Asr is left out, so this flatters skyfield.
    from skyfield import almanac
    from skyfield.api import Loader, wgs84
    from skyfield_data import get_skyfield_data_path

    load = Loader(get_skyfield_data_path(), verbose=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eph, ts = load("de421.bsp"), load.timescale(builtin=True)

        def run_skyfield():
            for i, j in sample[:SKYFIELD_SAMPLE]:
                p = cities[i]
                day = YEAR_START + timedelta(days=j)
                t0 = ts.utc(day.year, day.month, day.day, -p.longitude / 15)
                t1 = ts.utc(day.year, day.month, day.day + 1, -p.longitude / 15)
                where = wgs84.latlon(p.latitude, p.longitude)
                almanac.find_discrete(t0, t1, almanac.dark_twilight_day(eph, where))
                almanac.find_transits(eph["earth"] + where, eph["sun"], t0, t1)

        t_sky, _ = best_of(1, run_skyfield)
    per_cell_sky = t_sky / SKYFIELD_SAMPLE
    print(
        f"skyfield almanac, {SKYFIELD_SAMPLE} sampled city-days: {t_sky:.3f} s "
        f"({per_cell_sky * 1e3:.1f} ms per city-day) -> extrapolated to the whole: {per_cell_sky * cells / 3600:,.1f} h"
    )

    # One miqat.times call: the scalar path, in four cases.
    lahore = miqat.places.resolve("Lahore")
    day = date(2025, 3, 16)
    miqat.times(lahore, day)

    def median_call(call, calls, prepare=None):
        spent = []
        for k in range(calls):
            if prepare is not None:
                prepare(k)
            start = time.perf_counter()
            call(k)
            spent.append(time.perf_counter() - start)
        return statistics.median(spent)

    warm = median_call(lambda k: miqat.times(lahore, day), 2000)  # a day already seen
    new_place = median_call(lambda k: miqat.times(cities[k % len(cities)], day, method="mwl"), 1000)
    new_day = median_call(lambda k: miqat.times(lahore, day + timedelta(days=k + 1)), 1000)  # the next day
    # A new date and a new place each call, with the Sun's daily places and the days'
    # nodes forgotten first: everything about the day is computed afresh.
    cold = median_call(
        lambda k: miqat.times(cities[k % len(cities)], day + timedelta(days=400 + k), method="mwl"),
        1000,
        prepare=lambda k: events.clear_caches(),
    )
    print(
        f"miqat.times, one call (median): {warm * 1e6:.1f} us a day already seen, {new_place * 1e6:.1f} us "
        f"a new place, {new_day * 1e6:.1f} us the next day, {cold * 1e6:.1f} us a new day and place "
        f"with the caches cleared"
    )

    print()
    print("ratios (measured in this run):")
    print(
        f"  miqat.timetable vs adhanpy, per city-day:  {per_cell_adhan / per_cell_miqat:8.0f}x faster  (target >= 100x)"
    )
    print(f"  miqat.timetable vs skyfield, per city-day: {per_cell_sky / per_cell_miqat:8.0f}x faster")
    print(f"  miqat.times (caches cleared) vs adhanpy per call: {per_cell_adhan / cold:8.1f}x faster")
    print(
        f"  1,000 cities x 1 year: {t_table:.3f} s wall, {cpu_table:.3f} s CPU (target < 1 s); "
        f"single call {warm * 1e6:.0f} us, at most {max(warm, new_place, new_day, cold) * 1e6:.0f} us "
        f"(target < 50 us)"
    )


if __name__ == "__main__":
    main()
