"""The Ramadan API's JSON documents: today at a city, and the month's timetable."""

from __future__ import annotations

from datetime import datetime, timedelta

from .calendar import RAMADAN, site_calendar
from .cities import City
from .formatting import date_label
from .times import FIQHS, PRAYERS, fasting, prayer_times
from .timetable import Month


def today_document(city: City, now: datetime, fiqh: str, method: str | None, cal=None) -> dict:
    cal = cal or site_calendar()
    day = now.astimezone(city.place.tz).date()
    found = cal.to_hijri(day)
    times = fasting(city, day, fiqh, method)
    tomorrow = fasting(city, day + timedelta(days=1), fiqh, method)
    if now < times.sehri_end:
        upcoming = {"event": "sehri_end", "at": times.sehri_end.isoformat()}
    elif now < times.iftar:
        upcoming = {"event": "iftar", "at": times.iftar.isoformat()}
    else:
        upcoming = {"event": "sehri_end", "at": tomorrow.sehri_end.isoformat()}
    prayers = prayer_times(city, day, method)
    return {
        "city": city.describe(),
        "now": now.isoformat(),
        "date": day.isoformat(),
        "hijri": {
            "year": found.year,
            "month": found.month,
            "day": found.day,
            "status": found.status,
            "label": date_label(found, "en"),
            "label_ur": date_label(found, "ur"),
        },
        "fast_number": found.day if found.month == RAMADAN else None,
        "fiqh": fiqh,
        "method": method or times.convention.method,
        "sehri_end": times.sehri_end.isoformat(),
        "iftar": times.iftar.isoformat(),
        "fasting_minutes": int((times.iftar - times.sehri_end).total_seconds() // 60),
        "next": upcoming,
        "prayer_times": {name: getattr(prayers.rounded, name).isoformat() for name in PRAYERS},
    }


def month_document(month: Month, fiqh: str | None) -> dict:
    fiqhs = [fiqh] if fiqh else list(FIQHS)
    return {
        "city": month.city.describe(),
        "hijri_year": month.year,
        "method": month.method or "karachi",
        "fiqh": fiqh or "both",
        "ramadan_starts": {"date": month.start.first_day.isoformat(), "status": month.start.status},
        "eid_ul_fitr": {"date": month.end.first_day.isoformat(), "status": month.end.status},
        "days": [
            {
                "fast": row.fast,
                "date": row.day.isoformat(),
                "weekday": row.day.strftime("%A"),
                "ashra": row.ashra,
                "possible": row.possible,
                **{
                    f"{f}": {
                        "sehri_end": row.times(f)[0].isoformat(),
                        "iftar": row.times(f)[1].isoformat(),
                        "fasting_minutes": int((row.times(f)[1] - row.times(f)[0]).total_seconds() // 60),
                    }
                    for f in fiqhs
                },
            }
            for row in month.rows
        ],
    }
