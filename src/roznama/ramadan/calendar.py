"""Pakistan's Hijri calendar as the site keeps it: miqat's prediction with the editors'
announcements (the Ruet-e-Hilal Committee's decisions) as declared month starts."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from miqat import hijri

from .errors import BadInput


RAMADAN, SHAWWAL, SHABAN = 9, 10, 8


def declared_starts() -> tuple:
    from .models import MonthDeclaration

    return tuple(d.as_month_start() for d in MonthDeclaration.objects.order_by("hijri_year", "month"))


def site_calendar(declared: Iterable | None = None) -> hijri.Calendar:
    """Pakistan's Hijri calendar with the editors' announcements."""
    return hijri.calendar("PK", tuple(declared_starts() if declared is None else declared))


def check_declaration(start, exclude_pk=None) -> str:
    """Why an announced start cannot be right ('' when it can)."""
    from .models import MonthDeclaration

    others = [
        d.as_month_start()
        for d in MonthDeclaration.objects.exclude(pk=exclude_pk)
        if (d.hijri_year, d.month) != (start.year, start.month)
    ]
    try:
        hijri.Calendar("PK", [*others, start])
    except (ValueError, hijri.HijriRangeError) as exc:
        return str(exc)
    return ""


def ramadan_year_for(day: date, cal: hijri.Calendar) -> int:
    """The Hijri year of the Ramadan in progress on ``day``, else of the next one."""
    found = cal.to_hijri(day)
    return found.year if found.month <= RAMADAN else found.year + 1


def check_year(value: str | None, day: date, cal: hijri.Calendar) -> int:
    if value is None or not str(value).strip():
        return ramadan_year_for(day, cal)
    try:
        year = int(str(value).strip())
    except ValueError:
        raise BadInput(f"year must be a Hijri year such as 1448, not {value!r}", field="year") from None
    if not 1400 <= year <= 1500:
        raise BadInput(f"year {year} is outside the Hijri years 1400-1500 this calendar covers", field="year")
    return year
