"""What the site shows now, in a few words, so that the worker purges the pages when it changes."""

from __future__ import annotations

from datetime import datetime

from .calendar import RAMADAN, SHAWWAL, ramadan_year_for, site_calendar
from .cities import strip_cities
from .header import header_date
from .strip import strip_state


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
        "segment": segment.kind if segment else "",
        "heading": segment.heading if segment else "",
        "segment_start": segment.start.isoformat() if segment else "",
        # The header's date line: pages are purged at midnight and at sunset, when it changes.
        "header_date": header_date(now, "en", cal),
    }
    digest = hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()
    return digest, summary
