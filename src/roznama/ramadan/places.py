"""The reader's city from what a URL or a form says: a name, short code, GeoNames id, or
coordinates ("31.55,74.35"; outside Pakistan with a time zone)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from miqat import places as registry
from miqat.errors import MiqatError
from miqat.place import Place

PAKISTAN_TZ = "Asia/Karachi"
_COORDS = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
# Pakistan's extent, roughly: coordinates inside it take Pakistan's time zone and rules.
_PAKISTAN_BOX = (23.5, 37.2, 60.8, 77.9)


def in_pakistan_box(latitude: float, longitude: float) -> bool:
    south, north, west, east = _PAKISTAN_BOX
    return south <= latitude <= north and west <= longitude <= east


def lookup(query, tz: str | None = None) -> Place:
    """A ``Place`` for ``query``; raises ``MiqatError`` saying what is wrong."""
    if isinstance(query, Place):
        return query
    text = str(query or "").strip()
    if not text:
        raise MiqatError("no city given: name one (Lahore), give its code (LHR), GeoNames id or lat,lon")
    match = _COORDS.match(text)
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if tz:
            try:
                ZoneInfo(tz)
            except Exception:
                raise MiqatError(f"unknown time zone {tz!r}; use an IANA name such as Asia/Karachi") from None
        elif in_pakistan_box(latitude, longitude):
            tz = PAKISTAN_TZ
        else:
            raise MiqatError("coordinates outside Pakistan need a time zone: add tz=Europe/London (an IANA name)")
        country = "PK" if tz == PAKISTAN_TZ and in_pakistan_box(latitude, longitude) else ""
        try:
            return Place(f"{latitude:.4f},{longitude:.4f}", latitude, longitude, tz, country)
        except ValueError as exc:  # latitude or longitude out of range
            raise MiqatError(str(exc)) from None
    return registry.resolve(text)


def search(text: str, limit: int = 8) -> list[Place]:
    return registry.search(text, limit=limit)


def pakistan(limit: int | None = None) -> list[Place]:
    found = registry.pakistan()
    return found[:limit] if limit else found


def describe(place: Place) -> dict:
    return {
        "name": place.name,
        "name_ur": place.name_ur,
        "code": place.code,
        "geonames_id": place.geonames_id,
        "country": place.country,
        "latitude": round(place.latitude, 5),
        "longitude": round(place.longitude, 5),
        "timezone": place.timezone,
    }


def nearest_document(latitude: float, longitude: float) -> dict:
    """The place nearest a reader's coordinates, as the strip's "use my location" names it: the
    place (with the key that asks the strip for its times) and how far the point is from it."""
    found = registry.nearest(latitude, longitude)
    return {
        "latitude": latitude,
        "longitude": longitude,
        "distance_km": round(found.distance_km, 1),
        "place": {**describe(found.place), "key": city_key(found.place)},
    }


def city_key(place: Place) -> str:
    """What identifies a place in a URL: its GeoNames id, else its coordinates."""
    if place.geonames_id:
        return str(place.geonames_id)
    return f"{place.latitude:.4f},{place.longitude:.4f}"
