"""What the Ramadan strip, hub, exports and API show, as plain functions.

Times come from miqat (``fasting_times`` for sehri and iftar by Pakistan's conventions,
``times`` for the prayers) and the Hijri calendar is Pakistan's (``miqat.hijri``), with the
editors' announcements added as declared month starts.

The strip is a list of *segments*: spans of time with what the strip says during each
(``Iftar Time · Ramadan 15`` and the cities' iftar times, until the reader's iftar; then
``Sehri Time · Ramadan 16`` ...).  The server computes them for the next day or two; the
browser only picks the segment that holds its clock, so the page and the data can both be
cached without the strip ever showing a wrong state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from miqat import hijri
from miqat.calendars.names import URDU_DIGITS, gregorian_month_name
from miqat.errors import MiqatError
from miqat.place import Place

from . import clock, duas, places

from miqat import fasting_times as _fasting_times, times as _prayer_times

RAMADAN, SHAWWAL, SHABAN = 9, 10, 8
FIQHS = ("hanafi", "jafria")
PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")
# The strip's cities until an editor sets them, with the registry's short codes.
DEFAULT_CITIES = ("Lahore", "Karachi", "Islamabad", "Peshawar", "Quetta")
WEEKDAYS_UR = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")


class BadInput(ValueError):
    """A parameter a reader or a client got wrong; the message says what and how to fix it,
    ``field`` names the parameter (None when no one parameter is at fault)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- cities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A place as the module shows it: names, short code and the margins its times use."""

    place: Place
    name: str
    name_ur: str
    code: str
    convention: tuple = ()  # (field, value) pairs changing the country's fasting convention

    def display_name(self, lang: str) -> str:
        return (self.name_ur or self.name) if lang == "ur" else self.name

    @property
    def key(self) -> str:
        return places.city_key(self.place)

    def describe(self) -> dict:
        return {**places.describe(self.place), "name": self.name, "name_ur": self.name_ur, "code": self.code,
                "margins": dict(self.convention)}


def _city_from_row(row, place: Place | None = None) -> City:
    place = place or places.lookup(row.geonames_id or row.place)
    return City(
        place=place,
        name=row.name or place.name,
        name_ur=row.name_ur or place.name_ur,
        code=row.display_code or place.code,
        convention=tuple(sorted(row.convention().items())),
    )


def default_city_rows() -> list[dict]:
    """The strip's cities before an editor sets any (the demo creates them as rows)."""
    rows = []
    for order, query in enumerate(DEFAULT_CITIES):
        place = places.lookup(query)
        rows.append({"place": str(place.geonames_id), "name": place.name, "name_ur": place.name_ur,
                     "code": place.code, "sort_order": order})
    return rows


def strip_cities() -> list[City]:
    """The cities the strip shows, in the editors' order (the defaults when none are set)."""
    from .models import RamadanCity

    rows = list(RamadanCity.objects.filter(show_in_strip=True))
    if rows:
        return [_city_from_row(row) for row in rows]
    cities = []
    for spec in default_city_rows():
        place = places.lookup(spec["place"])
        cities.append(City(place, spec["name"], spec["name_ur"], spec["code"]))
    return cities


def city_for(place: Place) -> City:
    """A place with the names, code and margins the editors gave it, if any."""
    from .models import RamadanCity

    if place.geonames_id:
        row = RamadanCity.objects.filter(geonames_id=place.geonames_id).first()
        if row is not None:
            return _city_from_row(row, place)
        for city in strip_cities():
            if city.place.geonames_id == place.geonames_id:
                return city
    return City(place, place.name, place.name_ur, place.code)


def resolve_city(query: str | None, tz: str | None = None, *, default: City | None = None) -> City:
    """The city a parameter names; no parameter gives ``default`` (the strip's first city)."""
    if query is None or not str(query).strip():
        return default or strip_cities()[0]
    try:
        return city_for(places.lookup(query, tz))
    except MiqatError as exc:
        raise BadInput(f"city: {exc}", field="city") from None


def check_fiqh(value: str | None) -> str:
    key = (value or "hanafi").strip().lower()
    key = {"jafari": "jafria", "shia": "jafria", "sunni": "hanafi"}.get(key, key)
    if key not in FIQHS:
        raise BadInput(f"fiqh must be hanafi or jafria, not {value!r}", field="fiqh")
    return key


def check_method(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    from miqat.methods import get_method

    try:
        return get_method(value).key
    except MiqatError as exc:
        raise BadInput(f"method: {exc}", field="method") from None


# --- the calendar -----------------------------------------------------------------------


def declared_starts() -> tuple:
    from .models import MonthDeclaration

    return tuple(d.as_month_start() for d in MonthDeclaration.objects.order_by("hijri_year", "month"))


def site_calendar(declared: Iterable | None = None) -> hijri.Calendar:
    """Pakistan's Hijri calendar with the editors' announcements."""
    return hijri.calendar("PK", tuple(declared_starts() if declared is None else declared))


def check_declaration(start, exclude_pk=None) -> str:
    """Why an announced start cannot be right ('' when it can)."""
    from .models import MonthDeclaration

    others = [d.as_month_start() for d in MonthDeclaration.objects.exclude(pk=exclude_pk)
              if (d.hijri_year, d.month) != (start.year, start.month)]
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


# --- times ------------------------------------------------------------------------------


def fasting(city: City, day: date, fiqh: str = "hanafi", method: str | None = None):
    convention = dict(city.convention)
    if method:
        convention["method"] = method
    try:
        return _fasting_times(city.place, day, fiqh=fiqh, convention=convention or None)
    except MiqatError as exc:
        raise BadInput(f"{city.name}, {day.isoformat()}: {exc}", field="city") from None


def prayer_times(city: City, day: date, method: str | None = None):
    try:
        return _prayer_times(city.place, day, method=method or "auto")
    except MiqatError as exc:
        raise BadInput(f"{city.name}, {day.isoformat()}: {exc}", field="city") from None


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


# --- the strip --------------------------------------------------------------------------


@dataclass
class StripOptions:
    outside_mode: str = "countdown"
    spelling: str = "Ramadan"
    fiqh: str = "hanafi"

    @classmethod
    def from_settings(cls) -> "StripOptions":
        from .models import RamadanSettings

        chosen = RamadanSettings.load()
        return cls(chosen.outside_mode, chosen.spelling, chosen.strip_fiqh)


@dataclass
class Segment:
    """What the strip says from ``start`` until ``end``."""

    start: datetime
    end: datetime
    kind: str  # iftar, sehri, awaiting, eid, countdown, prayer_times, hidden
    heading: str = ""
    detail: str = ""
    fast: int | None = None
    items: list[dict] = field(default_factory=list)
    target: datetime | None = None
    target_label: str = ""

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "start_ms": int(self.start.timestamp() * 1000), "end_ms": int(self.end.timestamp() * 1000),
            "kind": self.kind, "heading": self.heading, "detail": self.detail, "fast": self.fast,
            "items": self.items,
            "target": self.target.isoformat() if self.target else None,
            "target_ms": int(self.target.timestamp() * 1000) if self.target else None,
            "target_label": self.target_label,
        }


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def _items(cities: list[City], reader: City, day: date, which: str, fiqh: str, lang: str) -> list[dict]:
    """Each city's iftar (or sehri end) on ``day``; the reader's city first."""
    shown = list(cities)
    if not any(c.place == reader.place for c in shown):
        shown.insert(0, reader)
    items = []
    for city in shown:
        times = fasting(city, day, fiqh)
        moment = times.iftar if which == "iftar" else times.sehri_end
        items.append({
            "name": city.display_name(lang), "code": city.code, "time": format_time(moment, lang),
            "at": moment.isoformat(), "reader": city.place == reader.place,
        })
    return items


def _heading(kind: str, fast_text: str) -> str:
    label = {"iftar": _("Iftar Time"), "sehri": _("Sehri Time")}[kind]
    return f"{label} · {fast_text}"


def ramadan_segments(reader: City, cities: list[City], days: list[date], cal, opts: StripOptions,
                     lang: str) -> list[Segment]:
    """The strip's Ramadan states over ``days`` (civil days of the reader's city)."""
    segments: list[Segment] = []
    for day in days[:-1]:
        today, tomorrow = cal.to_hijri(day), cal.to_hijri(day + timedelta(days=1))
        now_times = fasting(reader, day, opts.fiqh)
        next_times = fasting(reader, day + timedelta(days=1), opts.fiqh)
        if today.month == RAMADAN:
            segments.append(Segment(
                now_times.sehri_end, now_times.iftar, "iftar",
                heading=_heading("iftar", fast_label(today, lang, opts.spelling)), fast=today.day,
                items=_items(cities, reader, day, "iftar", opts.fiqh, lang),
                target=now_times.iftar, target_label=_("Iftar in"),
            ))
        evening = (now_times.iftar, next_times.sehri_end)
        awaiting = None
        if today.day == 29 and today.month in (SHABAN, RAMADAN):
            start = cal.month_start(today.year, today.month + 1)
            if start.status != hijri.ANNOUNCED:
                awaiting = today.month + 1
        if awaiting is not None:
            if awaiting == RAMADAN:
                heading = _("Ramadan moon: the committee's decision is awaited")
            else:
                heading = _("Eid moon: the committee's decision is awaited")
            predicted = cal.month_start(today.year, awaiting).first_day
            detail = _("Predicted: %(month)s begins on %(date)s") % {
                "month": month_name(awaiting, lang, opts.spelling), "date": format_date(predicted, lang)}
            segments.append(Segment(
                *evening, "awaiting", heading=heading, detail=detail,
                fast=today.day if today.month == RAMADAN else None,
                items=_items(cities, reader, day + timedelta(days=1), "sehri", opts.fiqh, lang),
            ))
        elif tomorrow.month == RAMADAN:
            segments.append(Segment(
                *evening, "sehri", heading=_heading("sehri", fast_label(tomorrow, lang, opts.spelling)),
                fast=tomorrow.day, items=_items(cities, reader, day + timedelta(days=1), "sehri", opts.fiqh, lang),
                target=next_times.sehri_end, target_label=_("Sehri ends in"),
            ))
        elif today.month == RAMADAN and tomorrow.month == SHAWWAL:
            tz = reader.place.tz
            segments.append(Segment(
                now_times.iftar, _midnight(day + timedelta(days=2), tz), "eid",
                heading=_("Eid Mubarak"), detail=_("Eid ul-Fitr: %(date)s") % {
                    "date": format_date(day + timedelta(days=1), lang)},
            ))
    return segments


def _outside_segments(reader: City, start: datetime, end: datetime, cal, opts: StripOptions, lang: str) -> list[Segment]:
    """Fill a span outside Ramadan's states, a civil day at a time."""
    tz = reader.place.tz
    out = []
    cursor = start
    while cursor < end:
        day = cursor.astimezone(tz).date()
        stop = min(end, _midnight(day + timedelta(days=1), tz))
        if opts.outside_mode == "hidden":
            out.append(Segment(cursor, stop, "hidden"))
        elif opts.outside_mode == "prayer_times":
            out.extend(_prayer_segments(reader, day, cursor, stop, lang))
        else:
            out.append(_countdown_segment(day, cursor, stop, cal, opts, lang))
        cursor = stop
    return out


def _countdown_segment(day: date, start: datetime, end: datetime, cal, opts: StripOptions, lang: str) -> Segment:
    year = ramadan_year_for(day, cal)
    first = cal.month_start(year, RAMADAN)
    days = (first.first_day - day).days
    name = month_name(RAMADAN, lang, opts.spelling)
    if days <= 1:
        heading = _("%(month)s begins tomorrow") % {"month": name}
    else:
        heading = _("%(month)s begins in %(days)s days") % {"month": name, "days": local_digits(str(days), lang)}
    status = _("announced") if first.status == hijri.ANNOUNCED else _("predicted")
    detail = f"{format_date(first.first_day, lang)} ({status})"
    return Segment(start, end, "countdown", heading=heading, detail=detail)


def prayer_label(name: str) -> str:
    return {"fajr": _("Fajr"), "dhuhr": _("Dhuhr"), "asr": _("Asr"), "maghrib": _("Maghrib"), "isha": _("Isha")}[name]


def _prayer_segments(reader: City, day: date, start: datetime, end: datetime, lang: str) -> list[Segment]:
    found = prayer_times(reader, day)
    moments = [(name, getattr(found.rounded, name)) for name in PRAYERS]
    items = [{"name": prayer_label(n), "code": "", "time": format_time(m, lang), "at": m.isoformat(), "reader": False}
             for n, m in moments]
    heading = _("Prayer times · %(city)s") % {"city": reader.display_name(lang)}
    out, cursor = [], start
    for name, moment in moments + [(None, end)]:
        if moment <= cursor:
            continue
        stop = min(moment, end)
        out.append(Segment(cursor, stop, "prayer_times", heading=heading, items=items,
                           target=moment if name else None,
                           target_label=(_("%(prayer)s in") % {"prayer": prayer_label(name)}) if name else ""))
        cursor = stop
        if cursor >= end:
            break
    return out


def strip_segments(reader: City, now: datetime, *, cities: list[City] | None = None, cal=None,
                   opts: StripOptions | None = None, lang: str = "en") -> list[Segment]:
    """The strip's segments for the reader's city from the day before ``now`` to two days
    after, in order and without gaps."""
    cities = strip_cities() if cities is None else cities
    cal = cal or site_calendar()
    opts = opts or StripOptions.from_settings()
    tz = reader.place.tz
    today = now.astimezone(tz).date()
    # The evening before yesterday reaches into yesterday: start the states a day earlier.
    days = [today + timedelta(days=i) for i in range(-2, 3)]
    window = (_midnight(days[1], tz), _midnight(days[-1], tz))
    with translation.override(lang):
        fixed = [s for s in ramadan_segments(reader, cities, days, cal, opts, lang)
                 if s.end > window[0] and s.start < window[1]]
        fixed.sort(key=lambda s: s.start)
        out: list[Segment] = []
        cursor = window[0]
        for segment in fixed:
            if segment.start > cursor:
                out.extend(_outside_segments(reader, cursor, segment.start, cal, opts, lang))
            segment.start = max(segment.start, cursor)
            if segment.end > segment.start:
                out.append(segment)
                cursor = segment.end
        if cursor < window[1]:
            out.extend(_outside_segments(reader, cursor, window[1], cal, opts, lang))
    return out


def current_segment(segments: list[Segment], now: datetime) -> Segment | None:
    return next((s for s in segments if s.holds(now)), None)


def strip_state(reader: City | None = None, now: datetime | None = None, *, lang: str = "en", **kwargs) -> Segment:
    """What the strip says at ``now`` for a reader in ``reader``'s city."""
    now = now or clock.now()
    reader = reader or strip_cities()[0]
    return current_segment(strip_segments(reader, now, lang=lang, **kwargs), now)


def hub_url(lang: str) -> str:
    from .models import RamadanHubPage

    page = RamadanHubPage.objects.live().filter(locale__language_code=lang).first() or \
        RamadanHubPage.objects.live().first()
    if page is None:
        return ""
    # The path alone: the strip is shared by every host the site is served on.
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def strip_payload(reader: City, now: datetime, lang: str, *, default_city: bool) -> dict:
    """The strip's cacheable data: segments from a minute ago onwards, the clock offset."""
    segments = [s for s in strip_segments(reader, now, lang=lang) if s.end > now - timedelta(minutes=1)]
    return {
        "version": 1,
        "lang": lang,
        "generated_at": now.isoformat(),
        "clock_offset_ms": int(clock.offset_seconds() * 1000),
        "refresh_ms": 60_000,
        "digits": "۰۱۲۳۴۵۶۷۸۹" if lang == "ur" else "0123456789",
        "city": {**reader.describe(), "key": reader.key, "display_name": reader.display_name(lang),
                 "default": default_city},
        "hub_url": hub_url(lang),
        "segments": [s.as_dict() for s in segments],
    }


# --- the month --------------------------------------------------------------------------


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
        rows.append(TimetableRow(index + 1, day, duas.ashra_of(index + 1).number, hanafi.sehri_end, hanafi.iftar,
                                 jafria.sehri_end, jafria.iftar, possible=index >= length))
    return Month(city, year, start, end, rows, method)


def month_summary(month: Month, lang: str, spelling: str = "Ramadan") -> dict:
    def status(start):
        return _("announced") if start.status == hijri.ANNOUNCED else _("predicted")

    return {
        "title": f"{month_name(RAMADAN, lang, spelling)} {local_digits(str(month.year), lang)}",
        "starts": format_date(month.start.first_day, lang), "starts_status": status(month.start),
        "eid": format_date(month.end.first_day, lang), "eid_status": status(month.end),
    }


# --- the hub ----------------------------------------------------------------------------


def _ramadan_articles(page, limit=6):
    from roznama.news.services import live_articles

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
        out.append({
            "month": month_name(month, lang, spelling),
            "date": format_date(start.first_day, lang),
            "iso": start.first_day.isoformat(),
            "announced": start.status == hijri.ANNOUNCED,
            "status": _("announced") if start.status == hijri.ANNOUNCED else _("predicted"),
            "source": start.source,
            "evening": format_date(sightings[0].evening, lang) if sightings else "",
            "sightings": [{
                "site": s.site, "age_hours": s.age_hours, "lag_minutes": s.lag_minutes,
                "arcl": s.arcl, "arcv": s.arcv, "width": s.width, "yallop_q": s.yallop_q,
                "yallop_category": s.yallop_category, "odeh_v": s.odeh_v, "odeh_zone": s.odeh_zone,
            } for s in sightings],
        })
    return out


def hub_context(page, params: Mapping, now: datetime | None = None) -> dict:
    from . import charts

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
            "times": [{"fiqh": fiqh, "label": fiqh_label(fiqh),
                       "sehri": format_time(t.sehri_end, lang), "iftar": format_time(t.iftar, lang),
                       "sehri_iso": t.sehri_end.isoformat(), "iftar_iso": t.iftar.isoformat()}
                      for fiqh, t in today_times.items()],
        },
        "ashras": [{"ashra": a, "name": a.name(lang), "title": a.dua.title(lang),
                    "translation": a.dua.translation(lang), "arabic": a.dua.arabic,
                    "days": f"{local_digits(str(a.first_day), lang)}–{local_digits(str(min(a.last_day, month.length)), lang)}"}
                   for a in duas.ASHRAS],
        "duas": [{"title": d.title(lang), "arabic": d.arabic, "translation": d.translation(lang)}
                 for d in (duas.SEHRI, duas.IFTAR, duas.LAYLAT_AL_QADR)],
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


def fiqh_label(fiqh: str) -> str:
    return _("Hanafi") if fiqh == "hanafi" else _("Jafria")


def timetable_row_display(row: TimetableRow, lang: str, today: date) -> dict:
    ashra = duas.ASHRAS[row.ashra - 1]
    return {
        "fast": local_digits(str(row.fast), lang),
        "date": format_date(row.day, lang),
        "iso": row.day.isoformat(),
        "weekday": weekday(row.day, lang),
        "hanafi_sehri": format_time(row.hanafi_sehri, lang), "hanafi_iftar": format_time(row.hanafi_iftar, lang),
        "jafria_sehri": format_time(row.jafria_sehri, lang), "jafria_iftar": format_time(row.jafria_iftar, lang),
        "length": format_duration(row.fasting_minutes, lang),
        "ashra": row.ashra, "ashra_name": ashra.name(lang),
        "ashra_start": row.fast == ashra.first_day,
        "today": row.day == today, "possible": row.possible,
    }


def export_links(query: dict) -> dict:
    from urllib.parse import urlencode

    return {
        f"{kind}_{fiqh}": f"/ramadan/timetable.{kind}?{urlencode({**query, 'fiqh': fiqh})}"
        for kind in ("ics",) for fiqh in FIQHS
    } | {
        "csv": f"/ramadan/timetable.csv?{urlencode(query)}",
        "pdf": f"/ramadan/timetable.pdf?{urlencode(query)}",
        "pdf_ur": f"/ramadan/timetable.pdf?{urlencode({**query, 'lang': 'ur'})}",
    }


# --- the API's documents ----------------------------------------------------------------


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
        "hijri": {"year": found.year, "month": found.month, "day": found.day, "status": found.status,
                  "label": date_label(found, "en"), "label_ur": date_label(found, "ur")},
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
        "days": [{
            "fast": row.fast, "date": row.day.isoformat(), "weekday": row.day.strftime("%A"),
            "ashra": row.ashra, "possible": row.possible,
            **{f"{f}": {"sehri_end": row.times(f)[0].isoformat(), "iftar": row.times(f)[1].isoformat(),
                        "fasting_minutes": int((row.times(f)[1] - row.times(f)[0]).total_seconds() // 60)}
               for f in fiqhs},
        } for row in month.rows],
    }


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
        "iso": today.isoformat(), "civil": ("{}، {}" if lang == "ur" else "{}, {}").format(weekday(today, lang), format_date(today, lang)),
        "hijri": date_label(hijri_day, lang), "hijri_status": hijri_day.status, "after_sunset": after_sunset,
    }


def state_fingerprint(now: datetime) -> tuple[str, dict]:
    """What the site shows now, in a few words: it changes when pages must be purged."""
    import hashlib
    import json

    cal = site_calendar()
    reader = strip_cities()[0]
    today = now.astimezone(reader.place.tz).date()
    year = ramadan_year_for(today, cal)
    segment = strip_state(reader, now, cal=cal)
    summary = {
        "ramadan": cal.month_start(year, RAMADAN).first_day.isoformat(),
        "ramadan_status": cal.month_start(year, RAMADAN).status,
        "shawwal": cal.month_start(year, SHAWWAL).first_day.isoformat(),
        "shawwal_status": cal.month_start(year, SHAWWAL).status,
        "segment": segment.kind if segment else "", "heading": segment.heading if segment else "",
        "segment_start": segment.start.isoformat() if segment else "",
        # The header's date line: pages are purged at midnight and at sunset, when it changes.
        "header_date": header_date(now, "en", cal),
    }
    digest = hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()
    return digest, summary
