"""Durations and Hijri labels as the Ramadan pages print them, in English and Urdu; dates and
times are the site's own (:mod:`roznama.core.formatting`), named here too for the Ramadan
modules."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from miqat import hijri
from roznama.core.formatting import WEEKDAYS_UR, format_date, format_time, local_digits, weekday

from .calendar import RAMADAN

__all__ = [
    "WEEKDAYS_UR",
    "format_date",
    "format_time",
    "local_digits",
    "weekday",
    "format_duration",
    "fast_label",
    "date_label",
    "month_name",
    "zone_label",
]


def format_duration(minutes: int, lang: str) -> str:
    return local_digits(f"{minutes // 60}:{minutes % 60:02d}", lang)


def _locale(lang: str, spelling: str) -> tuple[str, str | None]:
    return ("ur", None) if lang == "ur" else ("en", spelling)


def fast_label(hijri_date, lang: str, spelling: str = "Ramadan") -> str:
    locale, chosen = _locale(lang, spelling)
    return hijri.label(hijri_date, "fast", locale=locale, spelling=chosen)


def date_label(hijri_date, lang: str, spelling: str = "Ramadan") -> str:
    locale, chosen = _locale(lang, spelling)
    return hijri.label(hijri_date, "date", locale=locale, spelling=chosen)


def month_name(month: int, lang: str, spelling: str = "Ramadan") -> str:
    from miqat.calendars.names import hijri_month_name

    if lang == "ur":
        return hijri_month_name(month, "ur")
    return spelling if month == RAMADAN else hijri_month_name(month, "en")


def _utc_offset(moment: datetime) -> str:
    """“+5”, “+5:30”, “-4”: the moment's offset from UTC as clocks write it."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    if not minutes:
        return ""
    return f"{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def zone_label(moment: datetime, lang: str) -> str:
    """The time zone a time is given in, as a reader abroad needs it beside the time: “PKT”,
    “GMT”, “EST”, or “UTC+4” where the zone has no letters of its own (“+04” in the time-zone
    database).  In Urdu “پاکستانی وقت” for Pakistan's time, else the UTC offset, in Urdu digits."""
    abbreviation = moment.strftime("%Z")
    if abbreviation == "PKT":
        return _("PKT")
    if lang != "ur" and abbreviation.isalpha():
        return abbreviation
    return (_("UTC%(offset)s") % {"offset": local_digits(_utc_offset(moment), lang)}).strip()
