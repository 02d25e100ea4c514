"""``places.nearest``: the place a reader's coordinates are in or nearest to.

Reference coordinates are the landmarks' own, as Wikipedia's articles give them (degrees,
minutes and seconds converted to decimal degrees), not the registry's:
Empress Market, Saddar, Karachi 24°51′38″N 67°01′48″E; Karachi 24°51′36″N 67°00′36″E;
Badshahi Mosque, Lahore 31°35′17″N 74°18′36″E; Trafalgar Square, London 51°30′29″N 0°07′41″W;
Suva, Fiji 18°08′30″S 178°26′30″E.
"""

from __future__ import annotations

import math

import pytest

from miqat import places


def dms(degrees: int, minutes: int, seconds: int, hemisphere: str) -> float:
    value = degrees + minutes / 60 + seconds / 3600
    return -value if hemisphere in "SW" else value


EMPRESS_MARKET = (dms(24, 51, 38, "N"), dms(67, 1, 48, "E"))
KARACHI = (dms(24, 51, 36, "N"), dms(67, 0, 36, "E"))
BADSHAHI_MOSQUE = (dms(31, 35, 17, "N"), dms(74, 18, 36, "E"))
TRAFALGAR_SQUARE = (dms(51, 30, 29, "N"), dms(0, 7, 41, "W"))
SUVA = (dms(18, 8, 30, "S"), dms(178, 26, 30, "E"))


def haversine_km(a: tuple, b: tuple) -> float:
    """Great-circle distance on a sphere of the IUGG mean radius, 6371.0088 km."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    "point, name, country, within_km",
    [
        (EMPRESS_MARKET, "Karachi", "PK", 5),
        (BADSHAHI_MOSQUE, "Lahore", "PK", 10),
        (TRAFALGAR_SQUARE, "London", "GB", 2),
        (SUVA, "Suva", "FJ", 5),
    ],
)
def test_a_point_in_a_city_names_the_city(point, name, country, within_km):
    found = places.nearest(*point)
    assert (found.place.name, found.place.country) == (name, country)
    assert found.distance_km <= within_km


def test_a_point_at_sea_off_karachi_names_karachi_or_a_nearer_coastal_place():
    # 30 km due south of Karachi's centre: the Arabian Sea, about 22 km off the coast.
    at_sea = (KARACHI[0] - math.degrees(30 / 6371.0088), KARACHI[1])
    assert haversine_km(at_sea, KARACHI) == pytest.approx(30, abs=0.01)
    found = places.nearest(*at_sea)
    assert found.place.country == "PK" and found.place.timezone == "Asia/Karachi"
    assert found.distance_km <= 30.5  # Karachi itself is 30 km away: nothing farther may be named
    # The distance it reports is the distance to the place it names.
    place = (found.place.latitude, found.place.longitude)
    assert found.distance_km == pytest.approx(haversine_km(at_sea, place), rel=1e-6)


def test_the_distance_is_measured_across_the_antimeridian():
    # Just east of the 180th meridian, beside Fiji's Vanua Levu (whose towns lie west of it).
    found = places.nearest(-16.8, -179.99)
    assert found.place.country == "FJ"
    assert found.distance_km < 150


def test_the_poles_still_name_a_place():
    assert places.nearest(90, 0).place.name
    assert places.nearest(-90, 180).place.name


@pytest.mark.parametrize(
    "latitude, longitude, word",
    [
        (90.01, 0, "latitude"),
        (-91, 0, "latitude"),
        (0, 180.5, "longitude"),
        (0, -181, "longitude"),
        (float("nan"), 0, "latitude"),
    ],
)
def test_coordinates_off_the_globe_are_refused(latitude, longitude, word):
    with pytest.raises(ValueError, match=word):
        places.nearest(latitude, longitude)
