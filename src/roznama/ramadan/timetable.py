"""The month of Ramadan at a city: every fast's sehri and iftar for both fiqhs (and a possible
30th while the month may end after 29 days), and the rows as the hub prints them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from miqat import hijri

from . import duas
from .calendar import RAMADAN, SHAWWAL, site_calendar
from .cities import City
from .errors import BadInput
from .formatting import format_date, format_duration, format_time, local_digits, month_name, weekday
from .times import FIQHS, fasting


@dataclass
class TimetableRow:
    fast: int
    day: date
    ashra: int
    hanafi_sehri: datetime
    hanafi_iftar: datetime
    jafria_sehri: datetime
    jafria_iftar: datetime
    possible: bool = False  # the 30th when the month may end after 29 days

    @property
    def fasting_minutes(self) -> int:
        return int((self.hanafi_iftar - self.hanafi_sehri).total_seconds() // 60)

    @property
    def jafria_fasting_minutes(self) -> int:
        return int((self.jafria_iftar - self.jafria_sehri).total_seconds() // 60)

    def times(self, fiqh: str) -> tuple[datetime, datetime]:
        if fiqh == "jafria":
            return self.jafria_sehri, self.jafria_iftar
        return self.hanafi_sehri, self.hanafi_iftar


@dataclass
class Month:
    city: City
    year: int
    start: object  # MonthStart of Ramadan
    end: object  # MonthStart of Shawwal
    rows: list[TimetableRow]
    method: str | None = None

    @property
    def length(self) -> int:
        return (self.end.first_day - self.start.first_day).days


def ramadan_month(city: City, year: int, cal=None, method: str | None = None) -> Month:
    """Ramadan ``year`` at a city: both fiqhs, every day (and a possible 30th)."""
    cal = cal or site_calendar()
    try:
        start = cal.month_start(year, RAMADAN)
        end = cal.month_start(year, SHAWWAL)
    except (ValueError, hijri.HijriRangeError) as exc:
        raise BadInput(f"year: {exc}", field="year") from None
    length = (end.first_day - start.first_day).days
    count = 30 if (length == 29 and end.status != hijri.ANNOUNCED) else length
    rows = []
    for index in range(count):
        day = start.first_day + timedelta(days=index)
        hanafi = fasting(city, day, "hanafi", method)
        jafria = fasting(city, day, "jafria", method)
        rows.append(
            TimetableRow(
                index + 1,
                day,
                duas.ashra_of(index + 1).number,
                hanafi.sehri_end,
                hanafi.iftar,
                jafria.sehri_end,
                jafria.iftar,
                possible=index >= length,
            )
        )
    return Month(city, year, start, end, rows, method)


def month_summary(month: Month, lang: str, spelling: str = "Ramadan") -> dict:
    def status(start):
        return _("announced") if start.status == hijri.ANNOUNCED else _("predicted")

    return {
        "title": f"{month_name(RAMADAN, lang, spelling)} {local_digits(str(month.year), lang)}",
        "starts": format_date(month.start.first_day, lang),
        "starts_status": status(month.start),
        "eid": format_date(month.end.first_day, lang),
        "eid_status": status(month.end),
    }


def timetable_row_display(row: TimetableRow, lang: str, today: date) -> dict:
    ashra = duas.ASHRAS[row.ashra - 1]
    return {
        "fast": local_digits(str(row.fast), lang),
        "date": format_date(row.day, lang),
        "iso": row.day.isoformat(),
        "weekday": weekday(row.day, lang),
        "hanafi_sehri": format_time(row.hanafi_sehri, lang),
        "hanafi_iftar": format_time(row.hanafi_iftar, lang),
        "jafria_sehri": format_time(row.jafria_sehri, lang),
        "jafria_iftar": format_time(row.jafria_iftar, lang),
        "length": format_duration(row.fasting_minutes, lang),
        "ashra": row.ashra,
        "ashra_name": ashra.name(lang),
        "ashra_start": row.fast == ashra.first_day,
        "today": row.day == today,
        "possible": row.possible,
    }


def export_links(query: dict) -> dict:
    from urllib.parse import urlencode

    return {
        f"{kind}_{fiqh}": f"/ramadan/timetable.{kind}?{urlencode({**query, 'fiqh': fiqh})}"
        for kind in ("ics",)
        for fiqh in FIQHS
    } | {
        "csv": f"/ramadan/timetable.csv?{urlencode(query)}",
        "pdf": f"/ramadan/timetable.pdf?{urlencode(query)}",
        "pdf_ur": f"/ramadan/timetable.pdf?{urlencode({**query, 'lang': 'ur'})}",
    }
