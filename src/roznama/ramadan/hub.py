"""What the Ramadan hub (“Ramadan Pedia”) shows: today, the month's timetable, duas, the
charts, the moon's status and the news tagged Ramadan."""

from __future__ import annotations

from datetime import datetime
from typing import Mapping

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from miqat import hijri
from roznama.news.services import live_articles

from . import charts, clock, duas
from .calendar import RAMADAN, SHAWWAL, check_year, site_calendar
from .cities import resolve_city, strip_cities
from .formatting import date_label, fast_label, format_date, format_time, local_digits, month_name
from .strip import StripOptions
from .times import FIQHS, fasting, fiqh_label
from .timetable import export_links, month_summary, ramadan_month, timetable_row_display


def _ramadan_articles(page, limit=6):
    tags = {page.news_tag.lower(), "ramadan", "ramazan", "رمضان"} - {""}
    query = Q()
    for tag in tags:
        query |= Q(tags__name__iexact=tag) | Q(tags__slug__iexact=tag)
    return list(live_articles(page.locale).filter(query).distinct()[:limit])


def moon_status(cal, year: int, lang: str, spelling: str = "Ramadan") -> list[dict]:
    """The starts of Ramadan and Shawwal: announced or predicted, with the crescent figures."""
    out = []
    for month in (RAMADAN, SHAWWAL):
        start = cal.month_start(year, month)
        sightings = start.sightings or cal.reference_sightings(year, month)
        out.append(
            {
                "month": month_name(month, lang, spelling),
                "date": format_date(start.first_day, lang),
                "iso": start.first_day.isoformat(),
                "announced": start.status == hijri.ANNOUNCED,
                "status": _("announced") if start.status == hijri.ANNOUNCED else _("predicted"),
                "source": start.source,
                "evening": format_date(sightings[0].evening, lang) if sightings else "",
                "sightings": [
                    {
                        "site": s.site,
                        "age_hours": s.age_hours,
                        "lag_minutes": s.lag_minutes,
                        "arcl": s.arcl,
                        "arcv": s.arcv,
                        "width": s.width,
                        "yallop_q": s.yallop_q,
                        "yallop_category": s.yallop_category,
                        "odeh_v": s.odeh_v,
                        "odeh_zone": s.odeh_zone,
                    }
                    for s in sightings
                ],
            }
        )
    return out


def hub_context(page, params: Mapping, now: datetime | None = None) -> dict:
    now = now or clock.now()
    lang = translation.get_language() or "en"
    opts = StripOptions.from_settings()
    cities = strip_cities()
    city = resolve_city(params.get("city"), params.get("tz"), default=cities[0])
    cal = site_calendar()
    today = now.astimezone(city.place.tz).date()
    year = check_year(params.get("year"), today, cal)
    month = ramadan_month(city, year, cal)
    today_hijri = cal.to_hijri(today)
    today_times = {fiqh: fasting(city, today, fiqh) for fiqh in FIQHS}
    map_day = today if today_hijri.month == RAMADAN and today_hijri.year == year else month.start.first_day
    query = {"city": city.key, "year": year}
    return {
        "lang": lang,
        "city": city,
        "city_name": city.display_name(lang),
        "cities": cities,
        "year": year,
        "month": month,
        "summary": month_summary(month, lang, opts.spelling),
        "rows": [timetable_row_display(row, lang, today) for row in month.rows],
        "today": {
            "date": format_date(today, lang),
            "hijri": date_label(today_hijri, lang, opts.spelling),
            "fast": fast_label(today_hijri, lang, opts.spelling) if today_hijri.month == RAMADAN else "",
            "times": [
                {
                    "fiqh": fiqh,
                    "label": fiqh_label(fiqh),
                    "sehri": format_time(t.sehri_end, lang),
                    "iftar": format_time(t.iftar, lang),
                    "sehri_iso": t.sehri_end.isoformat(),
                    "iftar_iso": t.iftar.isoformat(),
                }
                for fiqh, t in today_times.items()
            ],
        },
        "ashras": [
            {
                "ashra": a,
                "name": a.name(lang),
                "title": a.dua.title(lang),
                "translation": a.dua.translation(lang),
                "arabic": a.dua.arabic,
                "days": f"{local_digits(str(a.first_day), lang)}–{local_digits(str(min(a.last_day, month.length)), lang)}",
            }
            for a in duas.ASHRAS
        ],
        "duas": [
            {"title": d.title(lang), "arabic": d.arabic, "translation": d.translation(lang)}
            for d in (duas.SEHRI, duas.IFTAR, duas.LAYLAT_AL_QADR)
        ],
        "fasting_chart": charts.fasting_hours_svg(month, lang),
        "iftar_map": charts.iftar_wave_svg(map_day, lang, highlight=city),
        "map_day": format_date(map_day, lang),
        "moon": moon_status(cal, year, lang, opts.spelling),
        "articles": _ramadan_articles(page),
        "exports": export_links(query),
        "api_example": f"/ramadan/api/v1/today?city={city.key}",
        "preview": clock.is_preview(),
        "clock_offset_ms": int(clock.offset_seconds() * 1000),
    }
