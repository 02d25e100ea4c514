"""Gregorian <-> Hijri by country: declared month starts, predicted from the sky in between.

A country's calendar is a chain of month starts.  A month the country declared (shipped
in ``miqat/calendars/<cc>.json`` or passed in by the caller) starts where it was declared;
any other month starts where the country's rule puts it (:mod:`miqat.calendars.rules`):
for Pakistan, the day after the 29th if the crescent is visible that evening at one of
its reference sites, else the day after the 30th.  Because each prediction starts from
the month before it, a declaration moves every predicted month after it.

The base is Umm al-Qura (the ``hijridate`` package, 1343-1500 AH): it names the years,
bounds the range, starts the chain and takes over where the ephemeris ends (2053).

For the site::

    to_hijri(day, "PK", declared=editors_starts)          # HijriDate
    fast_number(day, "PK")                                  # 15 on 16 March 2025
    hijri_moment(now, maghrib=maghrib_today, country="PK")  # which Islamic day it is
    label(moment, "fast"|"night"|"date", locale="en-PK")    # "Ramazan 15", "Night of 27 Ramazan"
    label(expected_eid_ul_fitr(today), "eid_ul_fitr")       # "Eid ul-Fitr expected on ..."
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from hijridate import Gregorian, Hijri

from miqat.calendars import names, rules
from miqat.calendars.declared import (
    ANNOUNCED,
    PREDICTED,
    MonthStart,
    month_index,
    shipped,
    year_month,
)
from miqat.calendars.rules import CRESCENT, UMM_AL_QURA, CountryRule
from miqat.calendars.sightings import Sighting, sighting

__all__ = [
    "ANNOUNCED",
    "PREDICTED",
    "Calendar",
    "HijriDate",
    "HijriMoment",
    "HijriRangeError",
    "MonthStart",
    "Sighting",
    "calendar",
    "expected_eid_ul_fitr",
    "fast_number",
    "hijri_moment",
    "label",
    "month_starts",
    "to_gregorian",
    "to_hijri",
    "umm_al_qura_first_day",
]

FIRST_YEAR, LAST_YEAR = 1343, 1500  # what hijridate's Umm al-Qura table covers
FIRST_INDEX = month_index(FIRST_YEAR, 1)
LAST_INDEX = month_index(LAST_YEAR, 12)

# The last evening the crescent is computed on: DE421 ends on 2053 October 9, and finding
# the conjunction looks up to a lunation and a half beyond the evening.
LAST_CRESCENT_EVENING = date(2053, 8, 25)

# A declared start further than this from Umm al-Qura's is taken for a typing mistake.
MAX_DAYS_FROM_UMM_AL_QURA = 3

RAMADAN, SHAWWAL = 9, 10


class HijriRangeError(ValueError):
    """A date outside the calendar's range, or a Hijri date that does not exist."""


def umm_al_qura_first_day(year: int, month: int) -> date:
    _check_year_month(year, month)
    return date.fromordinal(Hijri(year, month, 1).to_gregorian().toordinal())


@lru_cache(maxsize=1)
def _gregorian_range() -> tuple[date, date]:
    last_length = Hijri(LAST_YEAR, 12, 1).month_length()
    return (
        date.fromordinal(Hijri(FIRST_YEAR, 1, 1).to_gregorian().toordinal()),
        date.fromordinal(Hijri(LAST_YEAR, 12, last_length).to_gregorian().toordinal()),
    )


def _check_year_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise HijriRangeError(f"Hijri month must be 1-12, got {month}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise HijriRangeError(f"Hijri year {year} is outside {FIRST_YEAR}-{LAST_YEAR} AH, the Umm al-Qura range")


def _check_day(day: date) -> None:
    first, last = _gregorian_range()
    if isinstance(day, datetime):
        raise TypeError("pass a date; for an instant use hijri_moment(), which knows when maghrib is")
    if not first <= day <= last:
        raise HijriRangeError(
            f"{day.isoformat()} is outside {first.isoformat()}..{last.isoformat()}, "
            f"the Umm al-Qura range ({FIRST_YEAR}-{LAST_YEAR} AH)"
        )


@dataclass(frozen=True)
class HijriDate:
    """A day of a country's Hijri calendar, with how its month's start is known."""

    year: int
    month: int
    day: int
    country: str
    month_length: int
    month_start: MonthStart

    @property
    def month_name(self) -> str:
        return names.hijri_month_name(self.month, "en")

    @property
    def month_name_ur(self) -> str:
        return names.hijri_month_name(self.month, "ur")

    def month_name_in(self, locale: str = "en") -> str:
        return names.hijri_month_name(self.month, locale)

    @property
    def status(self) -> str:
        """``announced`` or ``predicted``: how this month's first day is known."""
        return self.month_start.status

    @property
    def gregorian(self) -> date:
        return self.month_start.first_day + timedelta(days=self.day - 1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return f"{self.day} {self.month_name} {self.year}"


class Calendar:
    """One country's Hijri calendar: its declarations plus its rule for the other months.

    ``declared`` adds month starts (an editor's announcement, say); they replace shipped
    ones for the same month.  ``use_declared=False`` leaves out the shipped declarations
    (to see what the sky alone predicts).  ``rule`` replaces the country's rule.
    """

    def __init__(
        self,
        country: str = "PK",
        declared: Iterable[MonthStart] = (),
        *,
        use_declared: bool = True,
        rule: CountryRule | None = None,
    ) -> None:
        self.rule = rule or rules.rule_for(country)
        self.country = self.rule.country
        self._declared: dict[int, MonthStart] = {}
        for start in (*(shipped(self.country) if use_declared else ()), *declared):
            self._check_declared(start)
            self._declared[start.index] = start
        self._declared_indexes = sorted(self._declared)
        self._check_declared_chain()
        self._starts: list[MonthStart] = []  # by index - FIRST_INDEX, filled as needed
        # Calendars are shared between a server's threads (see calendar()); the chain is
        # filled in order, so two threads must not extend it at once.
        self._filling = threading.Lock()

    # -- declarations -------------------------------------------------------------------

    def _check_declared(self, start: MonthStart) -> None:
        if not isinstance(start, MonthStart):
            raise TypeError(f"declared starts must be MonthStart, got {type(start).__name__}")
        _check_year_month(start.year, start.month)
        base = umm_al_qura_first_day(start.year, start.month)
        offset = (start.first_day - base).days
        if abs(offset) > MAX_DAYS_FROM_UMM_AL_QURA:
            raise ValueError(
                f"declared start of {names.hijri_month_name(start.month)} {start.year} on "
                f"{start.first_day.isoformat()} is {offset:+d} days from Umm al-Qura's "
                f"{base.isoformat()}; check the year and the date"
            )

    def _check_declared_chain(self) -> None:
        for before, after in zip(self._declared_indexes, self._declared_indexes[1:]):
            months = after - before
            days = (self._declared[after].first_day - self._declared[before].first_day).days
            if not 29 * months <= days <= 30 * months:
                first, second = self._declared[before], self._declared[after]
                raise ValueError(
                    f"declared starts {first.year}-{first.month:02d} on {first.first_day} and "
                    f"{second.year}-{second.month:02d} on {second.first_day} are {days} days apart, "
                    f"impossible for {months} month(s) of 29 or 30 days"
                )

    def _window_from_next_declared(self, index: int) -> tuple[date, date] | None:
        """Earliest and latest start of month ``index`` that still reaches the next declaration."""
        position = bisect.bisect_right(self._declared_indexes, index)
        if position == len(self._declared_indexes):
            return None
        after = self._declared_indexes[position]
        months = after - index
        target = self._declared[after].first_day
        return target - timedelta(days=30 * months), target - timedelta(days=29 * months)

    # -- the chain ----------------------------------------------------------------------

    def month_start(self, year: int, month: int) -> MonthStart:
        _check_year_month(year, month)
        index = month_index(year, month)
        if len(self._starts) <= index - FIRST_INDEX:
            with self._filling:
                while len(self._starts) <= index - FIRST_INDEX:
                    self._starts.append(self._decide(FIRST_INDEX + len(self._starts)))
        return self._starts[index - FIRST_INDEX]

    def _decide(self, index: int) -> MonthStart:
        year, month = year_month(index)
        if index in self._declared:
            return self._declared[index]
        base = umm_al_qura_first_day(year, month)
        if index == FIRST_INDEX:
            return MonthStart(year, month, base, PREDICTED, "Umm al-Qura", UMM_AL_QURA)
        previous = self._starts[index - 1 - FIRST_INDEX].first_day
        candidates = [previous + timedelta(days=29), previous + timedelta(days=30)]

        evening = previous + timedelta(days=28)
        found: tuple[Sighting, ...] = ()
        seen: bool | None = None
        note = ""
        uses_crescent = (
            self.rule.method == CRESCENT and year >= self.rule.epoch_year and evening <= LAST_CRESCENT_EVENING
        )
        if uses_crescent:
            found = tuple(sighting(site, evening) for site in self.rule.sites)
            seen = any(self.rule.criterion.sees(s) for s in found)
            preferred = candidates[0] if seen else candidates[1]
            method, source = (
                CRESCENT,
                f"crescent, {self.rule.criterion.describe()} at " + ", ".join(site.name for site in self.rule.sites),
            )
        else:
            preferred = base
            method, source = UMM_AL_QURA, "Umm al-Qura"
            if self.rule.method == CRESCENT and evening > LAST_CRESCENT_EVENING:
                note = "past the end of the ephemeris: Umm al-Qura"

        allowed = list(candidates)
        window = self._window_from_next_declared(index)
        if window is not None:
            allowed = [d for d in allowed if window[0] <= d <= window[1]]
        if self.rule.not_before_umm_al_qura and any(d >= base for d in allowed):
            allowed = [d for d in allowed if d >= base]
        # Keep the preferred day when it is allowed; otherwise the nearest allowed one.
        # The window always leaves one of the two candidates (see _check_declared_chain).
        first_day = min(allowed or candidates, key=lambda d: abs((d - preferred).days))
        if first_day != preferred:
            if window is not None and not window[0] <= preferred <= window[1]:
                note = "moved by a day to meet the next declared start"
            elif first_day >= base > preferred:
                note = "kept on or after Umm al-Qura"
            else:
                note = "moved by a day to keep the previous month at 29 or 30 days"
        examined = evening if uses_crescent else None
        return MonthStart(year, month, first_day, PREDICTED, source, method, examined, found, note, seen)

    def month_starts(self, year: int) -> list[MonthStart]:
        """The twelve months of a Hijri year; Umm al-Qura months carry the reference-site figures."""
        starts = [self.month_start(year, month) for month in range(1, 13)]
        listed = []
        for start in starts:
            if start.method == UMM_AL_QURA and not start.sightings and start.status == PREDICTED:
                reference = self.reference_sightings(start.year, start.month)
                if reference:
                    start = replace(start, evening=reference[0].evening, sightings=reference)
            listed.append(start)
        return listed

    def reference_sightings(self, year: int, month: int) -> tuple[Sighting, ...]:
        """The crescent at the rule's sites on the evening of the 29th of the month before."""
        index = month_index(year, month)
        if index == FIRST_INDEX:
            return ()
        previous = self.month_start(*year_month(index - 1))
        evening = previous.first_day + timedelta(days=28)
        if evening > LAST_CRESCENT_EVENING or year < self.rule.epoch_year:
            return ()
        return tuple(sighting(site, evening) for site in self.rule.sites)

    def all_month_starts(self) -> list[MonthStart]:
        """Every month from the rule's epoch to the last one the ephemeris can decide."""
        starts = []
        for index in range(month_index(self.rule.epoch_year, 1), LAST_INDEX + 1):
            start = self.month_start(*year_month(index))
            if start.first_day > LAST_CRESCENT_EVENING:
                break
            starts.append(start)
        return starts

    def month_length(self, year: int, month: int) -> int:
        index = month_index(year, month)
        start = self.month_start(year, month).first_day
        if index == LAST_INDEX:
            return (_gregorian_range()[1] - start).days + 1
        return (self.month_start(*year_month(index + 1)).first_day - start).days

    # -- conversions --------------------------------------------------------------------

    def to_hijri(self, day: date) -> HijriDate:
        _check_day(day)
        base = Gregorian(day.year, day.month, day.day).to_hijri()
        index = month_index(base.year, base.month)
        # A country's month starts within a few days of Umm al-Qura's, so the month that
        # holds the day is Umm al-Qura's or a neighbour.
        for candidate in (index, index - 1, index + 1):
            if not FIRST_INDEX <= candidate <= LAST_INDEX:
                continue
            year, month = year_month(candidate)
            start = self.month_start(year, month)
            offset = (day - start.first_day).days
            if 0 <= offset < self.month_length(year, month):
                return HijriDate(year, month, offset + 1, self.country, self.month_length(year, month), start)
        raise HijriRangeError(f"{day.isoformat()} falls outside the {self.country} calendar's range")

    def to_gregorian(self, year: int, month: int, day: int) -> date:
        _check_year_month(year, month)
        length = self.month_length(year, month)
        if not 1 <= day <= length:
            raise HijriRangeError(
                f"{year}-{month:02d}-{day:02d} does not exist in the {self.country} calendar: "
                f"{names.hijri_month_name(month)} {year} has {length} days"
            )
        return self.month_start(year, month).first_day + timedelta(days=day - 1)


@lru_cache(maxsize=64)
def _cached_calendar(country: str, declared: tuple[MonthStart, ...], use_declared: bool) -> Calendar:
    return Calendar(country, declared, use_declared=use_declared)


def calendar(country: str = "PK", declared: Iterable[MonthStart] = (), *, use_declared: bool = True) -> Calendar:
    """A country's calendar, shared between calls with the same declarations."""
    return _cached_calendar(country.upper(), tuple(declared), use_declared)


def to_hijri(day: date, country: str = "PK", *, declared: Iterable[MonthStart] = ()) -> HijriDate:
    return calendar(country, declared).to_hijri(day)


def to_gregorian(year: int, month: int, day: int, country: str = "PK", *, declared: Iterable[MonthStart] = ()) -> date:
    return calendar(country, declared).to_gregorian(year, month, day)


def month_starts(
    country: str, hijri_year: int, *, use_declared: bool = True, declared: Iterable[MonthStart] = ()
) -> list[MonthStart]:
    """The year's twelve month starts: declared ones as declared, the others predicted."""
    return calendar(country, declared, use_declared=use_declared).month_starts(hijri_year)


def fast_number(day: date, country: str = "PK", *, declared: Iterable[MonthStart] = ()) -> int | None:
    """The Ramadan fast held on a civil day ("Ramadan N"), None outside Ramadan."""
    found = to_hijri(day, country, declared=declared)
    return found.day if found.month == RAMADAN else None


def expected_eid_ul_fitr(on: date, country: str = "PK", *, declared: Iterable[MonthStart] = ()) -> MonthStart:
    """The start of Shawwal (Eid ul-Fitr) on or after ``on``, announced or predicted."""
    cal = calendar(country, declared)
    year = cal.to_hijri(on).year
    start = cal.month_start(year, SHAWWAL)
    if start.first_day < on:
        start = cal.month_start(year + 1, SHAWWAL)
    return start


# -- the Islamic day at an instant, and the labels --------------------------------------


@dataclass(frozen=True)
class HijriMoment:
    """Which Hijri day it is at ``instant`` for a reader whose maghrib today is ``maghrib``.

    ``civil`` is the Hijri date of the reader's civil (Gregorian) day; the Islamic day
    turns at maghrib, so after it ``islamic`` is already the next Hijri day.
    """

    instant: datetime
    maghrib: datetime
    civil: HijriDate
    after_maghrib: bool
    islamic: HijriDate

    @property
    def fast(self) -> int | None:
        """The Ramadan fast held on this civil day ("Ramadan N"), None outside Ramadan."""
        return self.civil.day if self.civil.month == RAMADAN else None

    @property
    def coming_fast(self) -> int | None:
        """The fast the Islamic day in effect belongs to: after iftar, tomorrow's (N + 1)."""
        return self.islamic.day if self.islamic.month == RAMADAN else None

    def label(self, kind: str = "date", *, locale: str = "en", spelling: str | None = None) -> str:
        return label(self, kind, locale=locale, spelling=spelling)


def hijri_moment(
    instant: datetime,
    *,
    maghrib: datetime,
    country: str = "PK",
    declared: Iterable[MonthStart] = (),
) -> HijriMoment:
    """The Hijri day at an instant, given the reader's maghrib (iftar) time for that day.

    Both must be timezone-aware; the reader's civil day is the instant's date in
    ``maghrib``'s time zone, and ``maghrib`` must fall on that day.
    """
    if instant.tzinfo is None or maghrib.tzinfo is None:
        raise ValueError("instant and maghrib must be timezone-aware datetimes")
    local = instant.astimezone(maghrib.tzinfo)
    if maghrib.date() != local.date():
        raise ValueError(f"maghrib {maghrib.isoformat()} is not on the reader's day {local.date().isoformat()}")
    cal = calendar(country, declared)
    civil = cal.to_hijri(local.date())
    after = instant >= maghrib
    islamic = cal.to_hijri(local.date() + timedelta(days=1)) if after else civil
    return HijriMoment(instant, maghrib, civil, after, islamic)


LABEL_KINDS = ("date", "month", "fast", "night", "eid_ul_fitr")


def label(
    subject: HijriDate | HijriMoment | MonthStart,
    kind: str = "date",
    *,
    locale: str = "en",
    spelling: str | None = None,
) -> str:
    """Every Hijri label the site shows.

    kinds, for a :class:`HijriMoment` (``date``/``month``/``fast`` read its civil day,
    ``night`` its Islamic day) or a :class:`HijriDate`:

    * ``date``  "15 Ramadan 1446" / "۱۵ رمضان ۱۴۴۶"
    * ``month`` "Ramadan 1446"
    * ``fast``  "Ramadan 15", the fast held on that civil day (Ramadan only)
    * ``night`` "Night of 27 Ramazan" / "۲۷ رمضان کی شب", the night the Islamic day opens with

    and for the :class:`MonthStart` of Shawwal (see :func:`expected_eid_ul_fitr`):

    * ``eid_ul_fitr`` "Eid ul-Fitr expected on 31 March 2025 (predicted)"

    ``locale`` is ``en``, ``en-PK`` (Ramazan) or ``ur``; ``spelling`` ("Ramadan" or
    "Ramazan") overrides the English spelling of the ninth month.
    """
    names.check_locale(locale)
    if kind not in LABEL_KINDS:
        raise ValueError(f"unknown label kind {kind!r}; use one of {', '.join(LABEL_KINDS)}")
    if spelling not in (None, "Ramadan", "Ramazan"):
        raise ValueError(f"spelling must be 'Ramadan' or 'Ramazan', got {spelling!r}")
    urdu = locale == "ur"

    def month_name(month: int) -> str:
        if month == RAMADAN and spelling and not urdu:
            return spelling
        return names.hijri_month_name(month, locale)

    def n(number: int) -> str:
        return names.digits(number, locale)

    if kind == "eid_ul_fitr":
        if not isinstance(subject, MonthStart) or subject.month != SHAWWAL:
            raise ValueError("the eid_ul_fitr label takes the MonthStart of Shawwal")
        day = subject.first_day
        when = f"{n(day.day)} {names.gregorian_month_name(day.month, locale)} {n(day.year)}"
        if urdu:
            return (
                f"عید الفطر: {when} (اعلان شدہ)"
                if subject.status == ANNOUNCED
                else f"عید الفطر متوقع: {when} (پیش گوئی)"
            )
        if subject.status == ANNOUNCED:
            return f"Eid ul-Fitr on {when} (announced)"
        return f"Eid ul-Fitr expected on {when} (predicted)"

    if isinstance(subject, HijriMoment):
        hijri = subject.islamic if kind == "night" else subject.civil
    elif isinstance(subject, HijriDate):
        hijri = subject
    else:
        raise TypeError(f"cannot label a {type(subject).__name__} as {kind!r}")

    if kind == "date":
        return f"{n(hijri.day)} {month_name(hijri.month)} {n(hijri.year)}"
    if kind == "month":
        return f"{month_name(hijri.month)} {n(hijri.year)}"
    if kind == "fast":
        if hijri.month != RAMADAN:
            raise ValueError(f"{hijri.isoformat()} is not in Ramadan: there is no fast to label")
        return f"{n(hijri.day)} {month_name(RAMADAN)}" if urdu else f"{month_name(RAMADAN)} {hijri.day}"
    # night
    if urdu:
        return f"{n(hijri.day)} {month_name(hijri.month)} کی شب"
    return f"Night of {hijri.day} {month_name(hijri.month)}"
