"""The crescent figures of one evening at one reference site, and the store that ships them.

A prediction looks at one evening a month per reference site.  Computing those from the
ephemeris takes a tenth of a second each, so the evenings the shipped calendars look at are
precomputed into ``sightings.json.gz`` next to this file; anything else (an evening moved by
an editor's declaration, a site someone configured) is computed on demand and kept for the
life of the process.  Both paths go through ``Sighting.from_report``, so a stored sighting
and a computed one are the same value.

Regenerate the store after changing a country's declarations, its sites or the crescent
code::

    python -m miqat.calendars.regenerate
"""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

from miqat.place import Place

STORE_NAME = "sightings.json.gz"

# Regeneration (miqat.calendars.regenerate) must not read the store it is rewriting.
_read_store = True


@dataclass(frozen=True)
class Sighting:
    """What the crescent looks like at ``site`` on the evening of ``evening``.

    The figures are those of :class:`miqat.crescent.CrescentReport`, rounded to the
    precision they are shown with (times to the second, angles to 0.001 degree, widths to
    0.0001 arc minute).  The category and zone letters come from the unrounded values.
    """

    site: str
    evening: date
    conjunction: datetime
    sunset: datetime
    moonset: datetime | None
    lag_minutes: float
    age_hours: float
    arcl: float
    arcv: float
    daz: float
    width_yallop: float
    arcv_topo: float
    width: float
    yallop_q: float
    yallop_category: str
    odeh_v: float
    odeh_zone: str

    @classmethod
    def from_report(cls, report) -> Sighting:
        def second(moment: datetime | None) -> datetime | None:
            return None if moment is None else moment.replace(microsecond=0)

        return cls(
            site=report.place.name,
            evening=report.evening,
            conjunction=second(report.conjunction),
            sunset=second(report.sunset),
            moonset=second(report.moonset),
            lag_minutes=round(report.lag_minutes, 1),
            age_hours=round(report.age_hours, 2),
            arcl=round(report.arcl, 3),
            arcv=round(report.arcv, 3),
            daz=round(report.daz, 3),
            width_yallop=round(report.width_yallop, 4),
            arcv_topo=round(report.arcv_topo, 3),
            width=round(report.width, 4),
            yallop_q=round(report.yallop_q, 4),
            yallop_category=report.yallop_category,
            odeh_v=round(report.odeh_v, 3),
            odeh_zone=report.odeh_zone,
        )

    def to_json(self) -> list:
        """The values after ``site`` and ``evening`` (which key the store), in field order."""
        values = []
        for f in fields(self)[2:]:
            value = getattr(self, f.name)
            values.append(value.isoformat() if isinstance(value, datetime) else value)
        return values

    @classmethod
    def from_json(cls, site: str, evening: date, values: list) -> Sighting:
        names = [f.name for f in fields(cls)[2:]]
        data = dict(zip(names, values, strict=True))
        for name in ("conjunction", "sunset", "moonset"):
            if data[name] is not None:
                data[name] = datetime.fromisoformat(data[name])
        return cls(site=site, evening=evening, **data)

    def as_dict(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, (date, datetime)):
                data[key] = value.isoformat()
        return data


def site_key(site: Place) -> str:
    """Sightings depend on where, not on what the place is called."""
    return f"{site.latitude:.4f},{site.longitude:.4f},{site.elevation:g}"


@lru_cache(maxsize=1)
def _store() -> dict[str, dict[str, list]]:
    if not _read_store:
        return {}
    resource = resources.files("miqat.calendars").joinpath(STORE_NAME)
    if not resource.is_file():
        return {}
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)["evenings"]


@lru_cache(maxsize=8192)
def _computed(site: Place, evening: date) -> Sighting:
    from miqat.crescent import crescent

    return Sighting.from_report(crescent(evening, site))


def sighting(site: Place, evening: date) -> Sighting:
    """The figures at a site on an evening: from the shipped store, else computed."""
    stored = _store().get(site_key(site), {}).get(evening.isoformat())
    if stored is not None:
        return Sighting.from_json(site.name, evening, stored)
    return _computed(site, evening)


def is_stored(site: Place, evening: date) -> bool:
    return evening.isoformat() in _store().get(site_key(site), {})


def write_store(path, entries: dict[tuple[Place, date], Sighting]) -> None:
    evenings: dict[str, dict[str, list]] = {}
    sites: dict[str, str] = {}
    for (site, evening), found in sorted(entries.items(), key=lambda kv: (site_key(kv[0][0]), kv[0][1])):
        evenings.setdefault(site_key(site), {})[evening.isoformat()] = found.to_json()
        sites[site_key(site)] = site.name
    document = {
        "about": "Crescent figures on the evenings the shipped Hijri calendars examine; "
        "computed by miqat.crescent from JPL DE421. Regenerate with: python -m miqat.calendars.regenerate",
        "fields": [f.name for f in fields(Sighting)[2:]],
        "sites": sites,
        "evenings": evenings,
    }
    # mtime=0 keeps the compressed file identical when nothing changed.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
