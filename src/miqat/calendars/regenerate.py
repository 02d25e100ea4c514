"""Regenerate the shipped crescent store, ``sightings.json.gz``::

    python -m miqat.calendars.regenerate

It walks every shipped calendar (with and without its declarations) and stores the evenings
each examined.  Run it after changing a country's declarations, its sites or the crescent code.
It lives apart from :mod:`miqat.calendars.sightings` because it drives the calendars, which
themselves read that store.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from miqat.calendars import rules, sightings
from miqat.calendars.sightings import STORE_NAME, Sighting, write_store
from miqat.hijri import Calendar
from miqat.place import Place


def main(argv: list[str] | None = None) -> int:
    """Walk every shipped calendar (with and without its declarations) and store what it examined."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--output", default=str(Path(sightings.__file__).with_name(STORE_NAME)))
    args = parser.parse_args(argv)
    sightings._read_store = False
    sightings._store.cache_clear()

    examined: dict[tuple[Place, date], Sighting] = {}
    for country in rules.COUNTRIES:
        for use_declared in (True, False):
            calendar = Calendar(country, use_declared=use_declared)
            for start in calendar.all_month_starts():
                for found in start.sightings:
                    site = rules.site_named(country, found.site)
                    examined[(site, found.evening)] = found
            for start in calendar.all_month_starts():
                for found in calendar.reference_sightings(start.year, start.month):
                    site = rules.site_named(country, found.site)
                    examined[(site, found.evening)] = found
    write_store(args.output, examined)
    print(f"wrote {len(examined)} sightings to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
