"""``/ramadan/api/v1/places/nearest``: what "Use my location" asks, and what a client sees.

Reference coordinates from Wikipedia's articles: Empress Market, Saddar, Karachi
24°51′38″N 67°01′48″E; Trafalgar Square, London 51°30′29″N 0°07′41″W.
"""

from __future__ import annotations

import json

import pytest

from .test_api_strict import refused

NEAREST = "/ramadan/api/v1/places/nearest"


@pytest.mark.django_db
def test_a_point_in_saddar_names_karachi_in_both_languages_with_the_key_for_its_times(client):
    response = client.get(f"{NEAREST}?lat=24.8606&lon=67.0300")
    assert response.status_code == 200
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    doc = json.loads(response.content)
    place = doc["place"]
    assert (place["name"], place["name_ur"], place["timezone"]) == ("Karachi", "کراچی", "Asia/Karachi")
    assert 0 <= doc["distance_km"] <= 5
    # The key asks the strip for Karachi itself, whose times are in Karachi's zone.
    strip = json.loads(client.get(f"/ramadan/api/v1/strip?city={place['key']}").content)
    assert strip["city"]["name"] == "Karachi" and strip["city"]["timezone"] == "Asia/Karachi"


@pytest.mark.django_db
def test_a_point_abroad_names_the_city_with_its_own_zone(client):
    doc = json.loads(client.get(f"{NEAREST}?lat=51.5081&lon=-0.1281").content)
    assert doc["place"]["name"] == "London" and doc["place"]["timezone"] == "Europe/London"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("lat=90.5&lon=0", "lat"),
        ("lat=-91&lon=0", "lat"),
        ("lat=0&lon=180.01", "lon"),
        ("lat=0&lon=-200", "lon"),
        ("lat=north&lon=0", "lat"),
        ("lat=0&lon=nan", "lon"),
        ("lat=0&lon=inf", "lon"),
        ("lat=&lon=0", "lat"),
        ("lon=67", "lat"),
        ("lat=24.86", "lon"),
        ("lat=24.86&lon=67&city=Lahore", "city"),
        ("lat=24.86&lat=25&lon=67", "lat"),
    ],
)
def test_coordinates_off_the_globe_or_missing_are_refused_naming_the_field(client, query, field):
    refused(client.get(f"{NEAREST}?{query}"), field)


@pytest.mark.django_db
def test_the_document_gives_the_ranges(client):
    doc = json.loads(client.get("/ramadan/api/v1/openapi.json").content)
    parameters = {p["name"]: p for p in doc["paths"][NEAREST]["get"]["parameters"]}
    assert parameters["lat"]["schema"] == {"type": "number", "minimum": -90, "maximum": 90}
    assert parameters["lon"]["schema"] == {"type": "number", "minimum": -180, "maximum": 180}
    assert parameters["lat"]["required"] and parameters["lon"]["required"]
    for edge in ("lat=-90&lon=-180", "lat=90&lon=180"):
        assert client.get(f"{NEAREST}?{edge}").status_code == 200
