"""The cities the Ramadan pages speak of: miqat's places with the names, short codes and
margins the editors gave them (the strip's cities in the editors' order)."""

from __future__ import annotations

from dataclasses import dataclass

from miqat.errors import MiqatError
from miqat.place import Place

from . import places
from .errors import BadInput


# The strip's cities until an editor sets them, with the registry's short codes.
DEFAULT_CITIES = ("Lahore", "Karachi", "Islamabad", "Peshawar", "Quetta")


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
        return {
            **places.describe(self.place),
            "name": self.name,
            "name_ur": self.name_ur,
            "code": self.code,
            "margins": dict(self.convention),
        }


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
        rows.append(
            {
                "place": str(place.geonames_id),
                "name": place.name,
                "name_ur": place.name_ur,
                "code": place.code,
                "sort_order": order,
            }
        )
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
