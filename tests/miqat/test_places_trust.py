"""Places a reader can trust: district headquarters where their own articles put them,
ambiguous names resolved to the place people mean, and no population copied from a namesake."""

from __future__ import annotations

import collections
import csv
import re
from pathlib import Path

import pytest

from miqat import Place, places

DATA = Path(__file__).resolve().parents[1] / "data" / "district-headquarters"


def _degrees(text: str) -> float:
    """ "30°39′40″N" (or a decimal "31.7200") as signed decimal degrees."""
    text = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    match = re.fullmatch(r"(\d+)°(?:(\d+)′)?(?:(\d+(?:\.\d+)?)″)?([NSEW])", text)
    assert match, f"unreadable coordinate {text!r}"
    d, m, s, hemisphere = match.groups()
    value = int(d) + int(m or 0) / 60 + float(s or 0) / 3600
    return -value if hemisphere in "SW" else value


def _headquarters():
    lines = [
        line
        for line in (DATA / "headquarters.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


HEADQUARTERS = _headquarters()


def test_the_reference_list_is_read_whole():
    assert len(HEADQUARTERS) >= 129
    assert all(row["source"].strip() for row in HEADQUARTERS)


@pytest.mark.parametrize("row", HEADQUARTERS, ids=[r["headquarters"] for r in HEADQUARTERS])
def test_every_district_headquarters_resolves_within_5_km(row):
    published = Place(row["headquarters"], _degrees(row["latitude"]), _degrees(row["longitude"]), "Asia/Karachi")
    for query in (row["headquarters"], f"{row['headquarters']}, Pakistan"):
        found = places.resolve(query)
        assert found.country == "PK", query
        assert places.distance_km(found, published) <= 5.0, (query, found)


def test_khanewal_is_known_in_english_and_urdu():
    khanewal = places.resolve("Khanewal")
    assert khanewal.province == "Punjab" and khanewal.population > 200_000
    assert places.resolve("خانیوال") == khanewal
    assert places.search("Khanew")[0] == khanewal


def test_sahiwal_means_sahiwal_city_and_the_town_in_sargodha_stays_reachable():
    # Sahiwal city: 30°39′40″N 73°6′30″E (Wikipedia); the town: near Sargodha, about 150 km north-west.
    city = places.resolve("Sahiwal")
    assert abs(city.latitude - 30.661) < 0.05 and abs(city.longitude - 73.108) < 0.05
    town = places.resolve("Sahiwal, Sargodha")
    assert town != city and places.distance_km(town, places.resolve("Sargodha")) < 50
    assert places.resolve("ساہیوال") == city
    assert [query for _place, query in places.namesakes(city)] == ["Sahiwal, Sargodha"]
    assert places.resolve(town.code) == town
    assert places.distinguishing_query(city) == "Sahiwal"


def test_khairpur_means_the_district_headquarters_even_with_the_country_named():
    # Khairpur, headquarters of Khairpur District: 27°32′N 68°46′E (Wikipedia "Khairpur").
    city = places.resolve("Khairpur")
    assert abs(city.latitude - _degrees("27°32′N")) < 0.05 and abs(city.longitude - _degrees("68°46′E")) < 0.05
    assert places.resolve("Khairpur, Pakistan") == places.resolve("Khairpur, PK") == city
    town = places.resolve("Khairpur, Ghotki")
    assert town != city and places.distance_km(town, places.resolve("Ghotki")) < 50


def test_medina_is_the_prophets_city_and_the_town_in_ohio_stays_reachable():
    # Medina: 24°28′N 39°36′E; Medina, Ohio: 41°8′N 81°52′W (Wikipedia).
    for query in ("Medina", "medina", "Madina Munawwara", "Madinah", "مدینہ"):
        city = places.resolve(query)
        assert city.country == "SA", query
        assert abs(city.latitude - _degrees("24°28′N")) < 0.05 and abs(city.longitude - _degrees("39°36′E")) < 0.05
    ohio = places.resolve("Medina, US")
    assert abs(ohio.latitude - _degrees("41°8′N")) < 0.05 and abs(ohio.longitude - _degrees("81°52′W")) < 0.05
    assert places.resolve("Makkah Mukarramah") == places.resolve("Makkah") == places.resolve("Mecca")


def test_bethlehem_is_the_city_in_palestine_and_its_namesakes_stay_reachable():
    # Bethlehem: 31°42′N 35°12′E (Wikipedia).
    city = places.resolve("Bethlehem")
    assert city.country == "PS"
    assert abs(city.latitude - _degrees("31°42′N")) < 0.05 and abs(city.longitude - _degrees("35°12′E")) < 0.05
    assert places.resolve("Bethlehem, ZA").country == "ZA" and places.resolve("Bethlehem, US").country == "US"


def test_every_name_readers_mean_one_place_by_names_a_place_that_exists_with_a_reason():
    lines = [
        line
        for line in (Path(places.__file__).parent / "meant.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert rows
    for row in rows:
        place = places.resolve(row["name"])
        name, _, country = row["place"].rpartition(", ")
        assert (place.geonames_id, place.name, place.country) == (int(row["geonames_id"]), name, country), row
        assert len(row["reason"]) > 20, row


def test_every_namesake_can_be_reached_by_the_query_offered_for_it():
    names = collections.Counter(places.normalise(p.name) for p in places.pakistan())
    shared = [p for p in places.pakistan() if names[places.normalise(p.name)] > 1]
    assert len(shared) >= 4
    for place in shared:
        assert places.resolve(places.distinguishing_query(place)) == place


def test_no_two_places_share_a_large_population():
    """A population copied from a namesake makes the wrong place win every lookup of the name
    (the Sahiwal in Sargodha carried Sahiwal city's 538,344).  Above 200,000 no two distinct
    Pakistani places share a count."""
    by_population = collections.defaultdict(list)
    for place in places.pakistan():
        if place.population > 200_000:
            by_population[place.population].append(place.name)
    assert {pop: names for pop, names in by_population.items() if len(names) > 1} == {}


def test_every_correction_gives_its_reason():
    lines = [
        line
        for line in (Path(places.__file__).parent / "corrections.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert rows and all(len(row["reason"]) > 40 for row in rows)
    registry = {p.geonames_id: p for p in places.pakistan()}
    for row in rows:
        assert registry[int(row["geonames_id"])].population == int(row["value"])


@pytest.mark.parametrize(
    "code,urdu", [("GB-LND", "لندن"), ("AE-DUB", "دبئی"), ("SA-MDN", "مدینہ"), ("IN-SRN", "سری نگر"), ("SA-MKK", "مکہ")]
)
def test_cities_abroad_have_their_urdu_names(code, urdu):
    # Srinagar used to carry "جموں" (Jammu) from GeoNames.
    assert places.get(code).name_ur == urdu
    assert places.resolve(urdu).code == code
