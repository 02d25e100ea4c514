"""Dates and times as the site prints them, in English and Urdu: in Urdu with Urdu digits
(۰۱۲…, the one digit style of every Urdu page: the strip, the header, bylines, timetables) and
the part of the day instead of AM/PM."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone

from miqat.calendars.names import URDU_DIGITS, gregorian_month_name

WEEKDAYS_UR = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")


def local_digits(text: str, lang: str) -> str:
    return text.translate(URDU_DIGITS) if lang == "ur" else text


def day_part_ur(hour: int) -> str:
    """The part of the day Urdu names instead of AM/PM."""
    return "صبح" if 4 <= hour < 12 else "دوپہر" if 12 <= hour < 15 else "شام" if 15 <= hour < 20 else "رات"


def format_time(moment: datetime, lang: str) -> str:
    """“06:13 PM”, or “۰۶:۱۳ شام” in Urdu."""
    if lang == "ur":
        return f"{local_digits(moment.strftime('%I:%M'), lang)} {day_part_ur(moment.hour)}"
    return moment.strftime("%I:%M %p")


def format_date(day: date, lang: str) -> str:
    """“16 March 2025”, or “۱۶ مارچ ۲۰۲۵” in Urdu."""
    if lang == "ur":
        return f"{local_digits(str(day.day), lang)} {gregorian_month_name(day.month, 'ur')} {local_digits(str(day.year), lang)}"
    return f"{day.day} {gregorian_month_name(day.month, 'en')} {day.year}"


def weekday(day: date, lang: str) -> str:
    return WEEKDAYS_UR[day.weekday()] if lang == "ur" else day.strftime("%A")


def format_datetime(moment: datetime, lang: str) -> str:
    """A story's time as its byline shows it, in the site's time zone: Django's
    DATETIME_FORMAT in English; “۱۶ مارچ ۲۰۲۵، ۰۶:۱۳ شام” in Urdu."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if lang == "ur":
        return f"{format_date(local.date(), lang)}، {format_time(local, lang)}"
    return formats.date_format(local, "DATETIME_FORMAT")
