"""The hub's pictures, drawn as SVG on the server (no outside service): fasting hours across
the month, and the “iftar wave” across Pakistan (cities coloured by their iftar time)."""

from __future__ import annotations

import math
from datetime import date

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import places
from .cities import City, city_for, strip_cities
from .timetable import Month
from .times import fasting
from .formatting import format_time, local_digits

# Pakistan's outline, schematic (longitude, latitude), clockwise from the Iranian border
# on the coast; drawn for orientation only.
PAKISTAN_OUTLINE = (
    (61.6, 25.2),
    (62.3, 25.1),
    (63.5, 25.25),
    (64.6, 25.2),
    (66.6, 25.4),
    (67.0, 24.8),
    (67.5, 24.0),
    (68.2, 23.7),
    (68.8, 24.2),
    (70.0, 24.2),
    (70.6, 25.0),
    (70.2, 25.7),
    (70.0, 26.5),
    (70.9, 27.7),
    (72.0, 28.4),
    (72.9, 29.0),
    (73.4, 29.9),
    (74.0, 30.4),
    (74.6, 31.1),
    (74.6, 31.9),
    (75.4, 32.3),
    (74.7, 32.9),
    (74.0, 33.3),
    (74.2, 34.0),
    (73.9, 34.5),
    (74.3, 34.8),
    (75.7, 34.5),
    (77.0, 35.1),
    (77.8, 35.5),
    (76.5, 35.9),
    (75.9, 36.6),
    (75.3, 37.0),
    (74.5, 37.05),
    (73.5, 36.9),
    (72.5, 36.8),
    (71.6, 36.5),
    (71.2, 36.0),
    (71.6, 35.4),
    (71.1, 34.9),
    (71.1, 34.1),
    (70.0, 34.0),
    (70.1, 33.7),
    (69.5, 33.0),
    (69.3, 32.3),
    (68.7, 31.7),
    (67.8, 31.5),
    (66.6, 31.2),
    (66.4, 30.9),
    (66.3, 29.9),
    (64.1, 29.4),
    (62.5, 29.4),
    (60.9, 29.85),
    (61.6, 28.9),
    (62.8, 28.3),
    (62.8, 27.3),
    (63.3, 27.1),
    (63.2, 26.6),
    (62.3, 26.4),
    (61.8, 26.2),
)
MAP_BOX = (60.5, 78.2, 23.3, 37.3)  # west, east, south, north
EARLY, LATE = (38, 110, 180), (232, 122, 36)  # the first iftar blue, the last orange


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def fasting_hours_svg(month: Month, lang: str, width: int = 640, height: int = 260) -> str:
    """Hours of fasting each day, Hanafi and Jafria."""
    rows = month.rows
    if not rows:
        return ""
    left, right, top, bottom = 48, 16, 16, 36
    series = {"hanafi": [r.fasting_minutes / 60 for r in rows], "jafria": [r.jafria_fasting_minutes / 60 for r in rows]}
    low = math.floor(min(min(v) for v in series.values()) * 2) / 2 - 0.5
    high = math.ceil(max(max(v) for v in series.values()) * 2) / 2 + 0.5
    n = len(rows)

    def x(i):
        return left + (width - left - right) * (i / max(n - 1, 1))

    def y(v):
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    parts = [
        f'<svg class="ramadan-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="fasting-chart-title" xmlns="http://www.w3.org/2000/svg" direction="ltr">',
        f'<title id="fasting-chart-title">{escape(_("Hours of fasting, day by day"))}</title>',
    ]
    step = 0.5 if high - low <= 3 else 1.0
    value = low
    while value <= high + 1e-9:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_fmt(y(value))}" y2="{_fmt(y(value))}" class="grid"/>'
        )
        hours, minutes = int(value), int(round((value - int(value)) * 60))
        parts.append(
            f'<text x="{left - 6}" y="{_fmt(y(value) + 4)}" text-anchor="end" class="tick">'
            f"{escape(local_digits(f'{hours}:{minutes:02d}', lang))}</text>"
        )
        value += step
    for i, row in enumerate(rows):
        if i == 0 or (i + 1) % 5 == 0:
            parts.append(
                f'<text x="{_fmt(x(i))}" y="{height - bottom + 16}" text-anchor="middle" class="tick">'
                f"{escape(local_digits(str(row.fast), lang))}</text>"
            )
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 4}" text-anchor="middle" class="axis">'
        f"{escape(_('Fast'))}</text>"
    )
    for key, css in (("hanafi", "line-hanafi"), ("jafria", "line-jafria")):
        points = " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in enumerate(series[key]))
        parts.append(f'<polyline points="{points}" class="{css}" fill="none"/>')
        for i, v in enumerate(series[key]):
            label = f"{rows[i].fast}: {int(v)}h {int(round((v % 1) * 60)):02d}m"
            parts.append(
                f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(v))}" r="2.5" class="dot-{key}"><title>{escape(label)}</title></circle>'
            )
    legend_y = top + 4
    parts.append(
        f'<g class="legend"><line x1="{width - 200}" x2="{width - 180}" y1="{legend_y}" y2="{legend_y}" class="line-hanafi"/>'
        f'<text x="{width - 175}" y="{legend_y + 4}">{escape(_("Hanafi"))}</text>'
        f'<line x1="{width - 110}" x2="{width - 90}" y1="{legend_y}" y2="{legend_y}" class="line-jafria"/>'
        f'<text x="{width - 85}" y="{legend_y + 4}">{escape(_("Jafria"))}</text></g>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308, B703 - every text in the SVG is escaped where it is added


def _colour(fraction: float) -> str:
    r, g, b = (round(a + (b - a) * fraction) for a, b in zip(EARLY, LATE))
    return f"#{r:02x}{g:02x}{b:02x}"


def map_cities(extra: list[City] = (), count: int = 30) -> list[City]:
    chosen = {p.geonames_id: p for p in places.pakistan(count)}
    for city in extra:
        chosen.setdefault(city.place.geonames_id, city.place)
    return [city_for(p) for p in chosen.values()]


def iftar_wave_svg(day: date, lang: str, highlight: City | None = None, width: int = 560) -> str:
    """Pakistan's cities coloured by iftar time on ``day``: the wave runs east to west."""
    west, east, south, north = MAP_BOX
    k = width / ((east - west) * math.cos(math.radians(30)))
    height = int((north - south) * k) + 40

    def project(lon, lat):
        return (lon - west) * k * math.cos(math.radians(30)), (north - lat) * k

    cities = map_cities(strip_cities() + ([highlight] if highlight else []))
    times = [(c, fasting(c, day, "hanafi").iftar) for c in cities if c.place.country == "PK"]
    if not times:
        return ""
    first = min(t for _, t in times)
    last = max(t for _, t in times)
    span = max((last - first).total_seconds(), 60)
    outline = " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in (project(*p) for p in PAKISTAN_OUTLINE))
    parts = [
        f'<svg class="iftar-map" viewBox="0 0 {width} {height}" role="img" aria-labelledby="iftar-map-title" '
        f'xmlns="http://www.w3.org/2000/svg" direction="ltr">',
        f'<title id="iftar-map-title">{escape(_("Iftar wave: iftar time across Pakistan"))}</title>',
        f'<polygon points="{outline}" class="country"/>',
    ]
    labelled = {c.place.geonames_id for c in strip_cities()} | ({highlight.place.geonames_id} if highlight else set())
    for city, moment in sorted(times, key=lambda ct: ct[1], reverse=True):
        px, py = project(city.place.longitude, city.place.latitude)
        fraction = (moment - first).total_seconds() / span
        name = city.display_name(lang)
        marked = highlight is not None and city.place == highlight.place
        parts.append(
            f'<circle cx="{_fmt(px)}" cy="{_fmt(py)}" r="{7 if marked else 5}" fill="{_colour(fraction)}" '
            f'class="city{" city--reader" if marked else ""}" data-iftar="{moment.isoformat()}">'
            f"<title>{escape(name)} {escape(format_time(moment, lang))}</title></circle>"
        )
        if city.place.geonames_id in labelled:
            parts.append(
                f'<text x="{_fmt(px + 9)}" y="{_fmt(py + 4)}" class="city-label">{escape(name)} '
                f"{escape(format_time(moment, lang))}</text>"
            )
    legend_y = height - 24
    parts.append(
        '<defs><linearGradient id="iftar-scale"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/>'
        "</linearGradient></defs>" % (_colour(0), _colour(1))
    )
    parts.append(
        f'<rect x="20" y="{legend_y}" width="200" height="10" fill="url(#iftar-scale)"/>'
        f'<text x="20" y="{legend_y + 24}" class="tick">{escape(format_time(first, lang))}</text>'
        f'<text x="220" y="{legend_y + 24}" text-anchor="end" class="tick">{escape(format_time(last, lang))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308, B703 - every text in the SVG is escaped where it is added
