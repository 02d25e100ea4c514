"""The Qibla: the direction of the Kaaba from a place, and how far it is.

The direction is the great-circle initial bearing (the way to face at the place, along the
shortest path over the Earth's surface), in degrees clockwise from true north; the distance
is the great-circle distance on a sphere of the Earth's mean radius.  The Kaaba is taken at
21.4225 N, 39.8262 E.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from miqat.place import Place

KAABA_LATITUDE = 21.4225
KAABA_LONGITUDE = 39.8262
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
COMPASS_POINTS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")

__all__ = ["Qibla", "qibla", "initial_bearing", "great_circle_km"]


@dataclass(frozen=True)
class Qibla:
    bearing: float  # degrees clockwise from true north, 0 <= bearing < 360
    distance_km: float

    @property
    def compass_point(self) -> str:
        """The nearest of the 16 compass points ("WSW")."""
        return COMPASS_POINTS[int((self.bearing + 11.25) // 22.5) % 16]


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def qibla(place: Place) -> Qibla:
    """The Qibla at ``place`` (a ``Place``; at the Kaaba itself the bearing is 0)."""
    return Qibla(
        initial_bearing(place.latitude, place.longitude, KAABA_LATITUDE, KAABA_LONGITUDE),
        great_circle_km(place.latitude, place.longitude, KAABA_LATITUDE, KAABA_LONGITUDE),
    )
