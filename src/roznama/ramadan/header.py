"""The date line in every page's header: the civil date and the Hijri date as Pakistan keeps it."""

from __future__ import annotations

from datetime import datetime, timedelta

from .calendar import site_calendar
from .cities import strip_cities
from .formatting import date_label, format_date, weekday
from .times import prayer_times


def header_date(now: datetime, lang: str, cal=None) -> dict:
    """The date line in every page's header: the civil date where the site is, and the Hijri
    date as Pakistan keeps it (the committee's announced month starts, else the prediction).
    The Islamic day begins at sunset, so from sunset in the site's own city the Hijri date is
    the next day's: the evening of the 14th is the night of the 15th."""
    cal = cal or site_calendar()
    city = strip_cities()[0]
    local = now.astimezone(city.place.tz)
    today = local.date()
    after_sunset = local >= prayer_times(city, today).sunset
    hijri_day = cal.to_hijri(today + timedelta(days=1) if after_sunset else today)
    return {
        "iso": today.isoformat(),
        "civil": ("{}، {}" if lang == "ur" else "{}, {}").format(weekday(today, lang), format_date(today, lang)),
        "hijri": date_label(hijri_day, lang),
        "hijri_status": hijri_day.status,
        "after_sunset": after_sunset,
    }
