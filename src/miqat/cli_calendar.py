"""The ``hijri`` and ``crescent`` commands of the ``miqat`` command line.

``register(subparsers)`` adds them to the main ``miqat`` parser; ``python -m
miqat.cli_calendar ...`` runs them on their own.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone

from miqat.place import Place

DEFAULT_SITE = {"PK": "Karachi", "SA": "Makkah"}


def register(subparsers) -> None:
    hijri = subparsers.add_parser("hijri", help="Hijri dates by country (Pakistan, Saudi Arabia)")
    commands = hijri.add_subparsers(dest="hijri_command", required=True, metavar="COMMAND")

    today = commands.add_parser("today", help="the Hijri date now, and which Islamic day it is")
    today.add_argument("--country", default="PK", help="calendar to use: PK (default) or SA")
    today.add_argument("--place", help="where maghrib is taken (default: Karachi for PK, Makkah for SA)")
    today.add_argument("--locale", default="en", choices=("en", "en-PK", "ur"))
    today.add_argument("--at", help="an ISO date-time instead of now, e.g. 2025-03-16T20:00+05:00")
    today.set_defaults(func=handle_today)

    starts = commands.add_parser("month-starts", help="the first day of every month of a Hijri year")
    starts.add_argument("--country", default="PK")
    starts.add_argument("--year", type=int, required=True, help="Hijri year, e.g. 1448")
    starts.add_argument("--sky-only", action="store_true", help="ignore declared starts: prediction only")
    starts.add_argument("--json", action="store_true", help="print JSON")
    starts.set_defaults(func=handle_month_starts)

    convert = commands.add_parser(
        "convert", help="convert a date: Gregorian to Hijri, or Hijri (year <= 1500) to Gregorian"
    )
    convert.add_argument("date", help="YYYY-MM-DD; a year up to 1500 is read as Hijri")
    convert.add_argument("--country", default="PK")
    convert.set_defaults(func=handle_convert)

    crescent = subparsers.add_parser("crescent", help="the young crescent on an evening at a place")
    crescent.add_argument("--date", required=True, help="the evening's civil date, YYYY-MM-DD")
    crescent.add_argument("--place", default="Karachi")
    crescent.add_argument("--json", action="store_true", help="print JSON")
    crescent.set_defaults(func=handle_crescent)


def resolve_place(name: str) -> Place:
    """A place by name: the shared registry first, then this module's reference sites."""
    from miqat.calendars.rules import REFERENCE_SITES

    try:
        from miqat.places import resolve
    except ImportError:
        resolve = None
    if resolve is not None:
        try:
            found = resolve(name)
        except (LookupError, ValueError):
            found = None
        if found is not None:
            return found
    for site_name, site in REFERENCE_SITES.items():
        if site_name.casefold() == name.casefold():
            return site
    raise LookupError(f"unknown place {name!r}")


def _fail(message: str) -> int:
    print(f"miqat: {message}", file=sys.stderr)
    return 2


def handle_today(args) -> int:
    from miqat import hijri
    from miqat.crescent import sunset

    country = args.country.upper()
    try:
        place = resolve_place(args.place or DEFAULT_SITE.get(country, "Karachi"))
        instant = datetime.fromisoformat(args.at) if args.at else datetime.now(timezone.utc)
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=place.tz)
        local = instant.astimezone(place.tz)
        maghrib = sunset(place, local.date()).astimezone(place.tz)
        moment = hijri.hijri_moment(instant, maghrib=maghrib, country=country)
        base = hijri.to_hijri(local.date(), "SA", declared=()) if country != "SA" else None
    except (LookupError, ValueError) as error:
        return _fail(str(error))

    locale = args.locale
    civil = moment.civil
    print(f"{local:%A %d %B %Y, %H:%M} at {place.name}")
    print(f"  {moment.label('date', locale=locale)}  ({country}, month start {civil.status})")
    if moment.fast is not None:
        print(f"  {moment.label('fast', locale=locale)}: the fast of this civil day")
    if moment.after_maghrib:
        night = moment.label("night", locale=locale)
        print(
            f"  after maghrib ({maghrib:%H:%M}): {night}, Islamic day {hijri.label(moment.islamic, 'date', locale=locale)}"
        )
    else:
        print(f"  maghrib at {maghrib:%H:%M}; the Islamic day turns then")
    if base is not None:
        print(f"  Umm al-Qura: {hijri.label(base, 'date', locale=locale)}")
    try:
        eid = hijri.expected_eid_ul_fitr(local.date(), country)
        print(f"  {hijri.label(eid, 'eid_ul_fitr', locale=locale)}")
    except ValueError:
        pass
    return 0


def _sighting_line(found) -> str:
    from miqat.calendars.rules import REFERENCE_SITES

    site = REFERENCE_SITES.get(found.site)
    zone = site.tz if site is not None else timezone.utc
    zone_name = site.timezone if site is not None else "UTC"
    moonset = "-" if found.moonset is None else f"{found.moonset.astimezone(zone):%H:%M}"
    return (
        f"{found.site}: Odeh V {found.odeh_v:+.2f} zone {found.odeh_zone}, Yallop q {found.yallop_q:+.3f} "
        f"category {found.yallop_category}; sunset {found.sunset.astimezone(zone):%H:%M} moonset {moonset} "
        f"({zone_name}), "
        f"lag {found.lag_minutes:.0f} min, age {found.age_hours:.1f} h, ARCL {found.arcl:.2f}, "
        f"ARCV {found.arcv:.2f}, DAZ {found.daz:+.2f}, W {found.width:.3f}'"
    )


def handle_month_starts(args) -> int:
    from miqat import hijri
    from miqat.calendars import names, rules

    country = args.country.upper()
    try:
        rule = rules.rule_for(country)
        starts = hijri.month_starts(country, args.year, use_declared=not args.sky_only)
    except ValueError as error:
        return _fail(str(error))

    if args.json:
        document = {
            "country": country,
            "year": args.year,
            "months": [
                {
                    "month": s.month,
                    "name": names.hijri_month_name(s.month),
                    "first_day": s.first_day.isoformat(),
                    "status": s.status,
                    "method": s.method,
                    "source": s.source,
                    "evening": s.evening.isoformat() if s.evening else None,
                    "sightings": [found.as_dict() for found in s.sightings],
                    "note": s.note,
                }
                for s in starts
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0

    if rule.method == rules.CRESCENT:
        how = f"{rule.criterion.describe()} at {', '.join(site.name for site in rule.sites)} on the 29th evening"
    else:
        how = f"Umm al-Qura; the crescent at {', '.join(site.name for site in rule.sites)} shown for reference"
    print(f"Hijri {args.year} for {country} ({rule.name}): undeclared months by {how}")
    for s in starts:
        name = names.hijri_month_name(s.month)
        base = hijri.umm_al_qura_first_day(s.year, s.month)
        shift = (s.first_day - base).days
        versus = "= Umm al-Qura" if shift == 0 else f"Umm al-Qura {shift:+d}"
        print(f"{s.month:2d} {name:<16} {s.first_day:%a %Y-%m-%d}  {s.status:<9}  {s.method:<11} ({versus})")
        if s.status == hijri.ANNOUNCED and s.source:
            print(f"     {s.source}")
        if s.sightings:
            print(f"     evening of {s.evening.isoformat()}:")
            for found in s.sightings:
                print(f"       {_sighting_line(found)}")
        if s.note:
            print(f"     note: {s.note}")
    return 0


def handle_convert(args) -> int:
    from miqat import hijri

    try:
        year, month, day = (int(part) for part in args.date.split("-"))
        if year <= hijri.LAST_YEAR:
            result = hijri.to_gregorian(year, month, day, args.country.upper())
            status = hijri.calendar(args.country.upper()).month_start(year, month).status
            print(f"{result:%A %Y-%m-%d}  ({args.country.upper()}, month start {status})")
        else:
            found = hijri.to_hijri(date(year, month, day), args.country.upper())
            print(f"{found.isoformat()}  {found}  ({args.country.upper()}, month start {found.status})")
    except ValueError as error:
        return _fail(str(error))
    return 0


def handle_crescent(args) -> int:
    from miqat.crescent import crescent, describe

    try:
        place = resolve_place(args.place)
        evening = date.fromisoformat(args.date)
        report = crescent(evening, place)
    except (LookupError, ValueError) as error:
        return _fail(str(error))
    if args.json:
        from miqat.calendars.sightings import Sighting

        print(json.dumps(Sighting.from_report(report).as_dict(), ensure_ascii=False, indent=2))
    else:
        print(describe(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="miqat", description="Hijri calendar and crescent visibility")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
