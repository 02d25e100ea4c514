"""The prayer-time pages as plain functions: which cities have pages, their addresses, and
what each page shows (today's times, the month's table, the Qibla, the Hijri dates).

Times come from miqat; the Hijri dates from Pakistan's calendar with the editors'
announcements (``roznama.ramadan.calendar.site_calendar``), the calendar the whole site
keeps.  Every "now" is the site clock (``roznama.ramadan.clock``), so a demo or a test can
stand on any day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.utils.text import slugify
from django.utils.translation import gettext as _, gettext_lazy

from miqat import METHODS, places, times as prayer_times
from miqat.calendars.names import gregorian_month_name
from miqat.errors import MiqatError
from miqat.place import Place
from miqat.qibla import qibla

from roznama.ramadan import clock
from roznama.ramadan.formatting import date_label, format_time, local_digits, weekday
from roznama.ramadan.calendar import site_calendar

PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")
COLUMNS = ("fajr", "sunrise", "dhuhr", "asr", "sunset", "maghrib", "isha")
LABELS = {
    "fajr": gettext_lazy("Fajr"),
    "sunrise": gettext_lazy("Sunrise"),
    "dhuhr": gettext_lazy("Dhuhr"),
    "asr": gettext_lazy("Asr"),
    "sunset": gettext_lazy("Sunset"),
    "maghrib": gettext_lazy("Maghrib"),
    "isha": gettext_lazy("Isha"),
}
ASR_SCHOOLS = {
    "hanafi": gettext_lazy("Hanafi (shadow twice the height)"),
    "shafi": gettext_lazy("Shafi'i, Maliki, Hanbali (shadow equal to the height)"),
}
# Where the Hanafi Asr is what mosques keep; elsewhere the majority (Shafi'i) time.
HANAFI_COUNTRIES = {"PK", "IN", "BD", "AF", "TR", "UZ", "TJ", "TM", "KG", "KZ", "AZ", "BA", "AL", "XK"}
# Muslim-majority countries: their cities of 500,000 people or more have pages.
MUSLIM_MAJORITY = set(
    "AF AE AL AZ BA BD BF BH BN DJ DZ EG GM GN ID IQ IR JO KG KM KW KZ LB LY MA ML "
    "MR MV MY NE OM PS QA SA SD SN SO SY TD TJ TM TN TR UZ XK YE".split()
)
WORLD_CITY_POPULATION = 500_000
# Cities elsewhere with large Muslim communities (and the capitals of the Gulf, whatever their
# size), by the code miqat's registry gives them.
WORLD_EXTRA = (
    "SA-MKK",
    "SA-MDN",
    "QA-DOH",
    "KW-KWT",
    "BH-MNM",
    "GB-LND",
    "GB-BRM",
    "GB-MNC",
    "GB-BRD",
    "GB-LCS",
    "GB-GLS",
    "CA-TRN",
    "US-NWY",
    "US-CHC",
    "US-HST",
    "AU-SYD",
    "AU-MLB",
    "IN-NWD",
    "IN-MMB",
    "IN-HYD",
    "IN-LCK",
    "IN-KLK",
    "NO-OSL",
    "FR-PRS",
    "DE-BRL",
    "BE-BRS",
    "NL-AMS",
    "ZA-JHN",
    "SG-SNG",
)
MONTH_SLUG = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2076  # the months the archive offers (the Hijri calendar's range)


class BadChoice(ValueError):
    """A method or Asr school a reader asked for that the page does not offer."""


# --- the cities and their addresses -------------------------------------------------------


@dataclass(frozen=True)
class City:
    place: Place
    slug: str

    def name(self, lang: str) -> str:
        return (self.place.name_ur or self.place.name) if lang == "ur" else self.place.name

    @property
    def is_pakistani(self) -> bool:
        return self.place.country == "PK"

    def region(self, lang: str) -> str:
        """The province (Pakistan) or the country."""
        if self.is_pakistani:
            return province_name(self.place.province, lang)
        return country_name(self.place.country)


PROVINCES_UR = {
    "Punjab": "پنجاب",
    "Sindh": "سندھ",
    "Khyber Pakhtunkhwa": "خیبر پختونخوا",
    "Balochistan": "بلوچستان",
    "Islamabad Capital Territory": "اسلام آباد",
    "Azad Kashmir": "آزاد کشمیر",
    "Gilgit-Baltistan": "گلگت بلتستان",
    "Federally Administered Tribal Areas": "وفاقی قبائلی علاقہ جات",
}


def province_name(province: str, lang: str) -> str:
    return PROVINCES_UR.get(province, province) if lang == "ur" else province


def country_name(code: str) -> str:
    return places.countries().get(code, code)


def _ascii_slug(place: Place) -> str:
    return slugify(place.name) or place.code.lower()


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, City], dict[int, City]]:
    """Every city with a page, by slug and by GeoNames id.  Pakistan's places come first,
    largest first, so a shared name's plain address goes to the place most people mean; a
    namesake gets the name with its code (``sahiwal-shw``), a city abroad whose name Pakistan
    already uses gets its country (``hyderabad-in``)."""
    by_slug: dict[str, City] = {}
    chosen = list(places.pakistan())
    world = [p for p in places.world() if p.country in MUSLIM_MAJORITY and p.population >= WORLD_CITY_POPULATION]
    for code in WORLD_EXTRA:
        try:
            world.append(places.get(code))
        except MiqatError:
            continue
    seen = set()
    for place in [*chosen, *sorted(world, key=lambda p: -p.population)]:
        if place.geonames_id in seen:
            continue
        seen.add(place.geonames_id)
        base = _ascii_slug(place)
        for slug in (
            base,
            f"{base}-{place.country.lower()}" if place.country != "PK" else None,
            f"{base}-{place.code.lower()}",
        ):
            if slug and slug not in by_slug:
                by_slug[slug] = City(place, slug)
                break
    return by_slug, {c.place.geonames_id: c for c in by_slug.values()}


def all_cities() -> list[City]:
    return list(_registry()[0].values())


def city(slug: str) -> City | None:
    return _registry()[0].get(slug)


def city_for_place(place: Place) -> City | None:
    return _registry()[1].get(place.geonames_id)


def suggestions(text: str, limit: int = 5) -> list[City]:
    """Cities with pages whose names come closest to ``text`` (a slug or a typed name)."""
    query = text.replace("-", " ")
    out = []
    for place in [*places.search(query, limit=20), *places.suggest(query, limit=10)]:
        found = city_for_place(place)
        if found is not None and found not in out:
            out.append(found)
    return out[:limit]


def index_groups(lang: str, query: str = "") -> tuple[list[tuple[str, list[City]]], list[tuple[str, list[City]]]]:
    """The index: Pakistan's places by province (largest province first), the world's by
    country; only those matching ``query`` when one is given."""
    cities = all_cities()
    if query:
        wanted = {p.geonames_id for p in places.search(query, limit=60)}
        cities = [c for c in cities if c.place.geonames_id in wanted]
    pakistan: dict[str, list[City]] = {}
    world: dict[str, list[City]] = {}
    for c in cities:
        (pakistan if c.is_pakistani else world).setdefault(c.region(lang), []).append(c)
    ordered_pk = sorted(pakistan.items(), key=lambda kv: -len(kv[1]))
    ordered_world = sorted(world.items(), key=lambda kv: kv[0])
    return ordered_pk, ordered_world


# --- the reader's choices -------------------------------------------------------------------


def default_method(place: Place) -> str:
    from miqat.methods import country_method

    return country_method(place.country).key


def default_asr(place: Place) -> str:
    return "hanafi" if place.country in HANAFI_COUNTRIES else "shafi"


def check_choices(place: Place, method: str | None, asr: str | None) -> tuple[str, str]:
    """The method and Asr school to show: the place's usual ones unless the reader chose."""
    method = (method or "").strip().lower() or default_method(place)
    asr = (asr or "").strip().lower() or default_asr(place)
    if method not in METHODS:
        raise BadChoice(_("There is no calculation method called “%(method)s”.") % {"method": method[:40]})
    if asr not in ASR_SCHOOLS:
        raise BadChoice(_("There is no Asr school called “%(asr)s”: choose hanafi or shafi.") % {"asr": asr[:40]})
    return method, asr


def method_choices() -> list[tuple[str, str]]:
    return [(key, method.name) for key, method in METHODS.items()]


def parse_month(text: str) -> tuple[int, int] | None:
    match = MONTH_SLUG.match(text)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        return None
    return year, month


# --- what a page shows --------------------------------------------------------------------


def today_at(place: Place, now: datetime | None = None) -> date:
    return (now or clock.now()).astimezone(place.tz).date()


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=k) for k in range((following - first).days)]


def _times_row(place: Place, day: date, method: str, asr: str, lang: str) -> list[dict]:
    found = prayer_times(place, day, method=method, asr=asr)
    rounded = found.rounded
    return [
        {
            "name": name,
            "label": LABELS[name],
            "iso": getattr(rounded, name).isoformat(),
            "text": format_time(getattr(rounded, name), lang),
        }
        for name in COLUMNS
    ]


def month_table(
    city: City, year: int, month: int, method: str, asr: str, lang: str, today: date | None = None, cal=None
) -> list[dict]:
    """One row a day: Gregorian and Hijri dates and the seven times (as shown, and ISO)."""
    cal = cal or site_calendar()
    rows = []
    for day in _month_days(year, month):
        hijri_day = cal.to_hijri(day)
        rows.append(
            {
                "date": day,
                "iso": day.isoformat(),
                "is_today": day == today,
                "gregorian": local_digits(str(day.day), lang),
                "weekday": weekday(day, lang),
                "hijri": date_label(hijri_day, lang),
                "hijri_status": hijri_day.status,
                "times": _times_row(city.place, day, method, asr, lang),
            }
        )
    return rows


def schedule(city: City, day: date, method: str, asr: str) -> list[dict]:
    """Today's and tomorrow's five prayers as instants, for the countdown the browser keeps
    (it picks the first that lies ahead of its own clock, so a cached copy stays right)."""
    out = []
    for offset in (0, 1):
        found = prayer_times(city.place, day + timedelta(days=offset), method=method, asr=asr).rounded
        out.extend({"name": name, "at": getattr(found, name).isoformat()} for name in PRAYERS)
    return out


def compass(place: Place, lang: str) -> dict:
    found = qibla(place)
    return {
        "bearing": round(found.bearing, 1),
        "bearing_text": local_digits(f"{found.bearing:.1f}", lang),
        "distance_text": local_digits(f"{found.distance_km:,.0f}", lang),
        "point": found.compass_point,
    }


def month_title(year: int, month: int, lang: str) -> str:
    return f"{gregorian_month_name(month, lang)} {local_digits(str(year), lang)}"


def neighbour_months(year: int, month: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    return (before if before[0] >= FIRST_YEAR else None), (after if after[0] <= LAST_YEAR else None)


def structured_data(city: City, lang: str, crumbs: list[tuple[str, str]], url: str) -> list[dict]:
    """BreadcrumbList and the Place with its coordinates (schema.org)."""
    place = city.place
    address = {"@type": "PostalAddress", "addressCountry": place.country}
    if city.is_pakistani and place.province:
        address["addressRegion"] = place.province
    return [
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": link}
                for i, (name, link) in enumerate(crumbs, start=1)
            ],
        },
        {
            "@context": "https://schema.org",
            "@type": "Place",
            "name": city.name(lang),
            "url": url,
            "address": address,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": round(place.latitude, 5),
                "longitude": round(place.longitude, 5),
            },
        },
    ]


@lru_cache(maxsize=4096)
def namesakes(place: Place) -> tuple:
    """The other places of this name (Pakistan's), with the query that reaches each."""
    if place.country != "PK":
        return ()
    return tuple(places.namesakes(place))


def table_rows_html(table: list[dict]) -> str:
    """The month table's rows as HTML, built here rather than by template loops: a month is
    some 250 cells, and the template engine's loops were a third of a page's rendering."""
    from django.utils.html import escape

    out = []
    for row in table:
        today = ' class="pt-table__today" aria-current="date"' if row["is_today"] else ""
        cells = "".join(
            f'<td data-prayer="{c["name"]}"><time datetime="{c["iso"]}">{escape(c["text"])}</time></td>'
            for c in row["times"]
        )
        out.append(
            f'<tr{today} data-date="{row["iso"]}"><th scope="row"><time datetime="{row["iso"]}">'
            f"{escape(row['gregorian'])} {escape(row['weekday'])}</time></th><td>{escape(row['hijri'])}</td>"
            f"{cells}</tr>\n"
        )
    return "".join(out)


def today_summary(city: City, lang: str, now: datetime | None = None, fiqh: str = "hanafi") -> dict:
    """A day's times at ``city`` as the home page's block shows them: the Hijri date as
    Pakistan keeps it and the five prayers with sunrise; in Ramadan, the fast's number and its
    sehri and iftar (the strip's city, with the editors' margins, gives those)."""
    from roznama.ramadan.cities import city_for
    from roznama.ramadan.times import fasting

    cal = site_calendar()
    day = today_at(city.place, now)
    hijri_day = cal.to_hijri(day)
    method, asr = default_method(city.place), default_asr(city.place)
    summary = {
        "city": city,
        "city_name": city.name(lang),
        "slug": city.slug,
        "date_line": ("، " if lang == "ur" else ", ").join((weekday(day, lang), date_label(hijri_day, lang))),
        "times": [t for t in _times_row(city.place, day, method, asr, lang) if t["name"] != "sunset"],
        "fast": None,
    }
    if hijri_day.month == 9:
        fast = fasting(city_for(city.place), day, fiqh=fiqh)
        summary["fast"] = {
            "number": local_digits(str(hijri_day.day), lang),
            "sehri": format_time(fast.sehri_end, lang),
            "sehri_iso": fast.sehri_end.isoformat(),
            "iftar": format_time(fast.iftar, lang),
            "iftar_iso": fast.iftar.isoformat(),
        }
    return summary
