"""Dates, times, durations and Hijri labels as the Ramadan pages print them, in English and Urdu
(Urdu digits, the part of the day instead of AM/PM)."""

from __future__ import annotations

from datetime import date, datetime

from miqat import hijri
from miqat.calendars.names import gregorian_month_name, URDU_DIGITS

from .calendar import RAMADAN


WEEKDAYS_UR = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")


def local_digits(text: str, lang: str) -> str:
    return text.translate(URDU_DIGITS) if lang == "ur" else text


def format_time(moment: datetime, lang: str) -> str:
    """“06:13 PM”, or “۰۶:۱۳ شام” in Urdu."""
    if lang == "ur":
        hour = moment.hour
        part = "صبح" if 4 <= hour < 12 else "دوپہر" if 12 <= hour < 15 else "شام" if 15 <= hour < 20 else "رات"
        return f"{local_digits(moment.strftime('%I:%M'), lang)} {part}"
    return moment.strftime("%I:%M %p")


def format_duration(minutes: int, lang: str) -> str:
    return local_digits(f"{minutes // 60}:{minutes % 60:02d}", lang)


def format_date(day: date, lang: str) -> str:
    if lang == "ur":
        return f"{local_digits(str(day.day), lang)} {gregorian_month_name(day.month, 'ur')} {local_digits(str(day.year), lang)}"
    return f"{day.day} {gregorian_month_name(day.month, 'en')} {day.year}"


def weekday(day: date, lang: str) -> str:
    return WEEKDAYS_UR[day.weekday()] if lang == "ur" else day.strftime("%A")


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
