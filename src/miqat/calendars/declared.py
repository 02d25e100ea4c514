"""Month starts a country has declared, and the record every month start is given as.

The shipped declarations live in ``<cc>.json`` beside this module (``pk.json``...).  The
site adds its editors' announcements at run time by passing more :class:`MonthStart`
values; those win over shipped ones for the same month.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from miqat.calendars.sightings import Sighting

ANNOUNCED = "announced"
PREDICTED = "predicted"
STATUSES = (ANNOUNCED, PREDICTED)


@dataclass(frozen=True)
class MonthStart:
    """The first civil day of Hijri month ``month`` (1-12) of ``year``.

    ``status`` is ``"announced"`` (an authority declared it) or ``"predicted"``.
    ``method`` says how it was found: ``"declared"`` (given as data, even when the data is
    someone's published prediction), ``"crescent"`` (the country's 29th-evening rule) or
    ``"umm_al_qura"``.  For a crescent prediction, ``evening`` is the 29th evening that
    decided it, ``sightings`` the figures at each reference site and ``seen`` whether they
    count as a sighting under the country's criterion; ``note`` explains anything unusual
    about the decision.
    """

    year: int
    month: int
    first_day: date
    status: str = ANNOUNCED
    source: str = ""
    method: str = "declared"
    evening: date | None = None
    sightings: tuple[Sighting, ...] = ()
    note: str = ""
    seen: bool | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"Hijri month must be 1-12, got {self.month}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if not isinstance(self.first_day, date):
            raise TypeError(f"first_day must be a date, got {type(self.first_day).__name__}")

    @property
    def index(self) -> int:
        """Months since the start of the era, so consecutive months differ by one."""
        return month_index(self.year, self.month)


def month_index(year: int, month: int) -> int:
    return (year - 1) * 12 + (month - 1)


def year_month(index: int) -> tuple[int, int]:
    return index // 12 + 1, index % 12 + 1


@lru_cache(maxsize=None)
def shipped(country: str) -> tuple[MonthStart, ...]:
    """The month starts shipped for a country (none when there is no file for it)."""
    resource = resources.files("miqat.calendars").joinpath(f"{country.lower()}.json")
    if not resource.is_file():
        return ()
    document = json.loads(resource.read_text(encoding="utf-8"))
    return tuple(
        MonthStart(
            year=entry["year"],
            month=entry["month"],
            first_day=date.fromisoformat(entry["first_day"]),
            status=entry["status"],
            source=entry.get("source", ""),
        )
        for entry in document["months"]
    )
