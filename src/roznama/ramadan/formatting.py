"""Durations and Hijri labels as the Ramadan pages print them, in English and Urdu; dates and
times are the site's own (:mod:`roznama.core.formatting`), named here too for the Ramadan
modules."""

from __future__ import annotations


from miqat import hijri
from roznama.core.formatting import WEEKDAYS_UR, format_date, format_time, local_digits, weekday

from .calendar import RAMADAN

__all__ = ["WEEKDAYS_UR", "format_date", "format_time", "local_digits", "weekday", "format_duration", "fast_label",
           "date_label", "month_name"]


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
