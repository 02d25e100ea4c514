"""The ``miqat`` command line: today's times, a month's table, place search, methods.

    miqat today --city Lahore
    miqat month --city Karachi --fiqh jafria --hijri 1448-09
    miqat month --city Quetta --month 2026-03 --csv
    miqat search lah
    miqat methods

Tables are printed for reading; ``--json`` and ``--csv`` print data; ``--lang ur`` prints
Urdu names.  The ``hijri`` and ``crescent`` commands come from ``miqat.cli_calendar`` when
it is there.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from datetime import date, timedelta

import miqat
from miqat.errors import MiqatError, UnknownPlace
from miqat.times import NAMES

COLUMNS = (*NAMES, "sehri_end", "iftar")
HEADINGS = {
    "en": {
        "date": "Date",
        "fajr": "Fajr",
        "sunrise": "Sunrise",
        "dhuhr": "Dhuhr",
        "asr": "Asr",
        "sunset": "Sunset",
        "maghrib": "Maghrib",
        "isha": "Isha",
        "sehri_end": "Sehri",
        "iftar": "Iftar",
    },
    "ur": {
        "date": "تاریخ",
        "fajr": "فجر",
        "sunrise": "طلوع آفتاب",
        "dhuhr": "ظہر",
        "asr": "عصر",
        "sunset": "غروب آفتاب",
        "maghrib": "مغرب",
        "isha": "عشاء",
        "sehri_end": "سحری",
        "iftar": "افطار",
    },
}
FIQH_NAMES = {"en": {"hanafi": "Hanafi", "jafria": "Fiqh Jafria"}, "ur": {"hanafi": "حنفی", "jafria": "فقہ جعفریہ"}}


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


PROVINCES_UR = {
    "Balochistan": "بلوچستان",
    "Khyber Pakhtunkhwa": "خیبر پختونخوا",
    "Punjab": "پنجاب",
    "Sindh": "سندھ",
    "Azad Kashmir": "آزاد کشمیر",
    "Gilgit-Baltistan": "گلگت بلتستان",
    "Islamabad Capital Territory": "اسلام آباد",
    "PK": "پاکستان",
}


def _place_label(place, lang: str) -> str:
    name = place.name_ur if lang == "ur" and place.name_ur else place.name
    parts = (place.province if place.country == "PK" else "", place.country)
    if lang == "ur":
        parts = tuple(PROVINCES_UR.get(x, x) for x in parts)
    where = "، ".join(x for x in parts if x) if lang == "ur" else ", ".join(x for x in parts if x)
    return f"{name} ({where})" if where else name


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", "-c", required=True, help="name (English or Urdu), code (LHR) or GeoNames id")
    parser.add_argument(
        "--method",
        default="auto",
        help="calculation method or Aladhan id; default: the country's usual one (karachi in Pakistan)",
    )
    parser.add_argument("--asr", default=None, help="hanafi or shafi (default: hanafi in Pakistan, else shafi)")
    parser.add_argument("--fiqh", default="hanafi", choices=("hanafi", "jafria"), help="for sehri and iftar")
    parser.add_argument(
        "--high-latitude", default="middle_of_night", help="middle_of_night, seventh_of_night, twilight_angle or none"
    )
    parser.add_argument("--polar", default=None, help="nearest_latitude or nearest_day")
    parser.add_argument("--seconds", action="store_true", help="print unrounded times to the second")
    parser.add_argument("--lang", default="en", choices=("en", "ur"))
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--csv", action="store_true")


def _options(args, place) -> dict:
    asr = args.asr or ("hanafi" if place.country in ("PK", "IN", "BD", "AF") else "shafi")
    rule = None if str(args.high_latitude).lower() == "none" else args.high_latitude
    options = {"method": args.method, "asr": asr, "fiqh": args.fiqh, "high_latitude": rule, "polar": args.polar}
    if args.polar:  # sehri and iftar need the same resolution
        options["convention"] = {"polar": args.polar}
    return options


def _print(args, place, table, title: str) -> None:
    rows = list(table.rows(0, rounded=not args.seconds))
    if args.json:
        method = table.settings[0].method
        json.dump(
            {
                "place": {
                    "name": place.name,
                    "name_ur": place.name_ur,
                    "code": place.code,
                    "country": place.country,
                    "province": place.province,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "timezone": place.timezone,
                },
                "method": method.key,
                "asr_factor": table.settings[0].asr_factor,
                "fiqh": table.fiqh,
                "days": rows,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["date", *COLUMNS])
        for row in rows:
            writer.writerow([row["date"], *(row[c] for c in COLUMNS)])
        return
    lang = args.lang
    heads = HEADINGS[lang]
    print(title)
    method = table.settings[0].method
    print(
        f"{method.describe()}; Asr {'Hanafi' if table.settings[0].asr_factor == 2 else 'Shafi'}; "
        f"{FIQH_NAMES[lang][table.fiqh]} sehri/iftar"
    )
    print()
    body = [[heads["date"], *(heads[c] for c in COLUMNS)]]
    for row in rows:
        body.append([row["date"], *(row[c] for c in COLUMNS)])
    print(_table(body))


def cmd_today(args) -> int:
    place = miqat.places.resolve(args.city)
    day = date.fromisoformat(args.date) if args.date else _today(place)
    table = miqat.timetable([place], day, day, **_options(args, place))
    _print(args, place, table, f"{_place_label(place, args.lang)} — {day:%A %d %B %Y}")
    return 0


def _today(place) -> date:
    from datetime import datetime

    return datetime.now(place.tz).date()


def _month_range(args, place) -> tuple[date, date, str]:
    if args.hijri:
        try:
            year, month = (int(x) for x in args.hijri.split("-"))
        except ValueError:
            raise MiqatError(f"--hijri wants YYYY-MM, not {args.hijri!r}") from None
        try:
            from miqat.hijri import to_gregorian
        except ImportError as exc:
            raise MiqatError(f"the Hijri calendar is not available ({exc}); use --month YYYY-MM") from None
        country = place.country or "PK"
        start = to_gregorian(year, month, 1, country=country)
        ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
        end = to_gregorian(ny, nm, 1, country=country) - timedelta(days=1)
        return start, end, f"{year}-{month:02d} AH"
    if args.month:
        try:
            year, month = (int(x) for x in args.month.split("-"))
            start = date(year, month, 1)
        except ValueError:
            raise MiqatError(f"--month wants YYYY-MM, not {args.month!r}") from None
    else:
        today = _today(place)
        start = today.replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start, end, f"{start:%B %Y}"


def cmd_month(args) -> int:
    place = miqat.places.resolve(args.city)
    start, end, label = _month_range(args, place)
    table = miqat.timetable([place], start, end, **_options(args, place))
    _print(args, place, table, f"{_place_label(place, args.lang)} — {label}")
    return 0


def cmd_search(args) -> int:
    found = miqat.places.search(args.text, limit=args.limit, country=args.country)
    if args.json:
        json.dump(
            [
                {
                    "name": p.name,
                    "name_ur": p.name_ur,
                    "code": p.code,
                    "country": p.country,
                    "province": p.province,
                    "geonames_id": p.geonames_id,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "timezone": p.timezone,
                    "population": p.population,
                }
                for p in found
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    rows = [["Code", "Name", "Urdu", "Country", "Province", "Population"]]
    rows += [
        [p.code, p.name, p.name_ur, p.country, p.province if p.country == "PK" else "", f"{p.population:,}"]
        for p in found
    ]
    print(_table(rows) if found else "no place found")
    return 0 if found else 1


def cmd_methods(args) -> int:
    rows = [["Key", "Aladhan id", "Description"]]
    rows += [[m.key, "" if m.aladhan_id is None else str(m.aladhan_id), m.describe()] for m in miqat.METHODS.values()]
    print(_table(rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="miqat", description="Prayer, sehri and iftar times.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    today = sub.add_parser("today", help="one day's times at a place")
    _common(today)
    today.add_argument("--date", help="YYYY-MM-DD (default: today at the place)")
    today.set_defaults(func=cmd_today)
    month = sub.add_parser("month", help="a month's table at a place")
    _common(month)
    which = month.add_mutually_exclusive_group()
    which.add_argument("--month", help="Gregorian month, YYYY-MM (default: this month)")
    which.add_argument("--hijri", help="Hijri month, YYYY-MM, by the country's calendar")
    month.set_defaults(func=cmd_month)
    search = sub.add_parser("search", help="find places by name (English or Urdu)")
    search.add_argument("text")
    search.add_argument("--country", help="ISO code, e.g. PK")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=cmd_search)
    methods = sub.add_parser("methods", help="list the calculation methods")
    methods.set_defaults(func=cmd_methods)
    return parser, sub


def main(argv: list[str] | None = None) -> int:
    parser, sub = build_parser()
    # The calendar commands belong to another module; the times work without it.
    try:
        from miqat import cli_calendar
    except Exception:  # missing or broken: skip its commands
        cli_calendar = None
    if cli_calendar is not None and hasattr(cli_calendar, "register"):
        try:
            cli_calendar.register(sub)
        except Exception as exc:  # noqa: BLE001 — never let it take "miqat today" down
            print(f"miqat: calendar commands unavailable: {exc}", file=sys.stderr)
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except UnknownPlace as exc:
        print(f"miqat: {exc}", file=sys.stderr)
        return 2
    except MiqatError as exc:
        print(f"miqat: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
