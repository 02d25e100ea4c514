"""The strip at the top of every page as a list of *segments*: spans of time with what the strip
says during each (``Iftar Time · Ramadan 15`` and the cities' iftar times, until the
reader's iftar; then ``Sehri Time · Ramadan 16`` ...).  The server computes them for the next
day or two; the browser only picks the segment that holds its clock, so the page and the data
can both be cached without the strip ever showing a wrong state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _

from miqat import hijri

from . import clock
from .calendar import RAMADAN, SHABAN, SHAWWAL, ramadan_year_for, site_calendar
from .cities import City, strip_cities
from .formatting import fast_label, format_date, format_time, local_digits, month_name, zone_label
from .times import PRAYERS, fasting, prayer_label, prayer_times


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
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "start_ms": int(self.start.timestamp() * 1000),
            "end_ms": int(self.end.timestamp() * 1000),
            "kind": self.kind,
            "heading": self.heading,
            "detail": self.detail,
            "fast": self.fast,
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
        items.append(
            {
                "name": city.display_name(lang),
                "code": city.code,
                "time": format_time(moment, lang),
                "at": moment.isoformat(),
                "reader": city.place == reader.place,
                "zone": _zone_shown(moment, city.place == reader.place, reader, lang),
            }
        )
    return items


def _zone_shown(moment: datetime, is_reader: bool, reader: City, lang: str) -> str:
    """Each time is in its own city's zone, never the browser's: the reader's city says which
    zone that is, and another city says it too when its zone differs from the reader's (a reader
    in London sees London's iftar in GMT beside Lahore's in PKT)."""
    label = zone_label(moment, lang)
    if is_reader:
        return label
    return label if label != zone_label(moment.astimezone(reader.place.tz), lang) else ""


def _heading(kind: str, fast_text: str) -> str:
    label = {"iftar": _("Iftar Time"), "sehri": _("Sehri Time")}[kind]
    return f"{label} · {fast_text}"


def ramadan_segments(
    reader: City, cities: list[City], days: list[date], cal, opts: StripOptions, lang: str
) -> list[Segment]:
    """The strip's Ramadan states over ``days`` (civil days of the reader's city)."""
    segments: list[Segment] = []
    for day in days[:-1]:
        today, tomorrow = cal.to_hijri(day), cal.to_hijri(day + timedelta(days=1))
        now_times = fasting(reader, day, opts.fiqh)
        next_times = fasting(reader, day + timedelta(days=1), opts.fiqh)
        if today.month == RAMADAN:
            segments.append(
                Segment(
                    now_times.sehri_end,
                    now_times.iftar,
                    "iftar",
                    heading=_heading("iftar", fast_label(today, lang, opts.spelling)),
                    fast=today.day,
                    items=_items(cities, reader, day, "iftar", opts.fiqh, lang),
                    target=now_times.iftar,
                    target_label=_("Iftar in"),
                )
            )
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
                "month": month_name(awaiting, lang, opts.spelling),
                "date": format_date(predicted, lang),
            }
            segments.append(
                Segment(
                    *evening,
                    "awaiting",
                    heading=heading,
                    detail=detail,
                    fast=today.day if today.month == RAMADAN else None,
                    items=_items(cities, reader, day + timedelta(days=1), "sehri", opts.fiqh, lang),
                )
            )
        elif tomorrow.month == RAMADAN:
            segments.append(
                Segment(
                    *evening,
                    "sehri",
                    heading=_heading("sehri", fast_label(tomorrow, lang, opts.spelling)),
                    fast=tomorrow.day,
                    items=_items(cities, reader, day + timedelta(days=1), "sehri", opts.fiqh, lang),
                    target=next_times.sehri_end,
                    target_label=_("Sehri ends in"),
                )
            )
        elif today.month == RAMADAN and tomorrow.month == SHAWWAL:
            tz = reader.place.tz
            segments.append(
                Segment(
                    now_times.iftar,
                    _midnight(day + timedelta(days=2), tz),
                    "eid",
                    heading=_("Eid Mubarak"),
                    detail=_("Eid ul-Fitr: %(date)s") % {"date": format_date(day + timedelta(days=1), lang)},
                )
            )
    return segments


def _outside_segments(
    reader: City, start: datetime, end: datetime, cal, opts: StripOptions, lang: str
) -> list[Segment]:
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


def _prayer_segments(reader: City, day: date, start: datetime, end: datetime, lang: str) -> list[Segment]:
    found = prayer_times(reader, day)
    moments = [(name, getattr(found.rounded, name)) for name in PRAYERS]
    # The day's prayer times are all in the reader's zone: the first one says which.
    items = [
        {
            "name": prayer_label(n),
            "code": "",
            "time": format_time(m, lang),
            "at": m.isoformat(),
            "reader": False,
            "zone": zone_label(m, lang) if i == 0 else "",
        }
        for i, (n, m) in enumerate(moments)
    ]
    heading = _("Prayer times · %(city)s") % {"city": reader.display_name(lang)}
    out, cursor = [], start
    for name, moment in moments + [(None, end)]:
        if moment <= cursor:
            continue
        stop = min(moment, end)
        out.append(
            Segment(
                cursor,
                stop,
                "prayer_times",
                heading=heading,
                items=items,
                target=moment if name else None,
                target_label=(_("%(prayer)s in") % {"prayer": prayer_label(name)}) if name else "",
            )
        )
        cursor = stop
        if cursor >= end:
            break
    return out


def strip_segments(
    reader: City,
    now: datetime,
    *,
    cities: list[City] | None = None,
    cal=None,
    opts: StripOptions | None = None,
    lang: str = "en",
) -> list[Segment]:
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
        fixed = [
            s
            for s in ramadan_segments(reader, cities, days, cal, opts, lang)
            if s.end > window[0] and s.start < window[1]
        ]
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


def hub_link(lang: str) -> tuple[str, str]:
    """The hub's path and title in ``lang`` (else in any language), as the strip links to it;
    ("", "") when there is no hub."""
    from .models import RamadanHubPage

    page = (
        RamadanHubPage.objects.live().filter(locale__language_code=lang).first()
        or RamadanHubPage.objects.live().first()
    )
    if page is None:
        return "", ""
    # The path alone: the strip is shared by every host the site is served on.
    parts = page.get_url_parts()
    return (parts[2], page.title) if parts else ("", "")


def hub_url(lang: str) -> str:
    return hub_link(lang)[0]


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
        "city": {
            **reader.describe(),
            "key": reader.key,
            "display_name": reader.display_name(lang),
            "default": default_city,
        },
        "hub_url": hub_url(lang),
        "segments": [s.as_dict() for s in segments],
    }
