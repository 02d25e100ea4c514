"""The prayer-time pages as a reader gets them: addresses, today's times, the month, the
choices, the Qibla, the structured data, the errors."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from miqat import places
from roznama.prayertimes import services

pytestmark = pytest.mark.django_db

PRAYER_TESTDATA = Path(__file__).resolve().parents[2] / "data" / "prayer-testdata"


@pytest.fixture
def site(newsroom, settings):
    settings.ROZNAMA_AS_OF = "2026-12-07T12:00:00+05:00"
    return newsroom


def _times(html: str) -> dict[str, str]:
    """{prayer: datetime attribute} of today's box."""
    box = html.split('class="pt-today"', 1)[1].split("</section>", 1)[0]
    return dict(
        re.findall(r'data-prayer="(\w+)"><span class="pt-time__name">[^<]*</span> <time datetime="([^"]+)"', box)
    )


def test_every_pakistani_place_has_a_page_and_sahiwal_means_the_city(site, client):
    slugs = {c.place.geonames_id: c.slug for c in services.all_cities()}
    assert all(p.geonames_id in slugs for p in places.pakistan())
    assert services.city("sahiwal").place == places.resolve("Sahiwal")
    assert services.city("khanewal").place.name == "Khanewal"
    assert services.city("makkah").place.country == "SA"
    assert services.city("hyderabad").place.country == "PK" and services.city("hyderabad-in").place.country == "IN"
    response = client.get("/prayer-times/sahiwal/")
    assert response.status_code == 200
    # The other Sahiwal is offered, by a link that reaches it.
    other = services.city_for_place(places.resolve("Sahiwal, Sargodha"))
    assert f'href="/prayer-times/{other.slug}/"' in response.content.decode()


def test_city_page_shows_today_with_the_times_miqat_gives(site, client):
    response = client.get("/prayer-times/lahore/")
    assert response.status_code == 200
    html = response.content.decode()
    shown = _times(html)
    assert set(shown) == {"fajr", "sunrise", "dhuhr", "asr", "sunset", "maghrib", "isha"}
    assert shown["fajr"].startswith("2026-12-07T05:2") and shown["fajr"].endswith("+05:00")
    assert "Karachi" in html and "Hanafi" in html  # the method and school Pakistan keeps
    schedule = json.loads(re.search(r'<script id="pt-schedule" type="application/json">(.*?)</script>', html).group(1))
    assert [s["name"] for s in schedule] == ["fajr", "dhuhr", "asr", "maghrib", "isha"] * 2
    assert "data-prayer-countdown" in html and "countdown.js" in html
    assert "onclick" not in html and "javascript:" not in html


def test_month_table_has_every_day_with_gregorian_and_hijri_dates(site, client):
    html = client.get("/prayer-times/karachi/2027-02/").content.decode()
    rows = re.findall(r'<tr[^>]*data-date="(2027-02-\d\d)"', html)
    assert len(rows) == 28
    # Pakistan's Ramadan 1448 is expected to begin about 8-9 February 2027: the month holds Shaban and Ramadan.
    assert "Shaban" in html and "Ramadan" in html
    assert 'rel="prev" href="/prayer-times/karachi/2027-01/"' in html
    assert 'rel="next" href="/prayer-times/karachi/2027-03/"' in html


def test_urdu_page_is_right_to_left_with_urdu_names_and_digits(site, client):
    response = client.get("/ur/prayer-times/lahore/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "لاہور میں آج کے اوقاتِ نماز" in html and "فجر" in html and "۰۵:۲" in html
    assert '<link rel="alternate" hreflang="en" href="http://localhost/prayer-times/lahore/">' in html
    assert '<link rel="canonical" href="http://localhost/ur/prayer-times/lahore/">' in html


def test_structured_data_breadcrumbs_and_place_with_coordinates(site, client):
    html = client.get("/prayer-times/khanewal/").content.decode()
    items = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    kinds = {item.get("@type"): item for item in items}
    assert [i["name"] for i in kinds["BreadcrumbList"]["itemListElement"]][-1] == "Khanewal"
    geo = kinds["Place"]["geo"]
    assert geo["@type"] == "GeoCoordinates" and abs(geo["latitude"] - 30.30) < 0.05


def test_method_and_asr_are_switchable_and_validated(site, client):
    hanafi = _times(client.get("/prayer-times/lahore/").content.decode())
    shafi_html = client.get("/prayer-times/lahore/?asr=shafi&method=mwl").content.decode()
    shafi = _times(shafi_html)
    # The Shafi'i Asr (shadow equal to the height) comes well before the Hanafi one.
    assert datetime.fromisoformat(shafi["asr"]) < datetime.fromisoformat(hanafi["asr"])
    assert "Muslim World League" in shafi_html and 'content="noindex' in shafi_html
    for bad in ("?method=nonsense", "?asr=maliki", "?method=%00"):
        response = client.get("/prayer-times/lahore/" + bad)
        assert response.status_code == 400, bad
        assert "not offered" in response.content.decode()


def test_unknown_city_and_month_are_404_with_suggestions(site, client):
    response = client.get("/prayer-times/khanewall/")
    assert response.status_code == 404
    assert 'href="/prayer-times/khanewal/"' in response.content.decode()
    assert client.get("/prayer-times/lahore/2027-13/").status_code == 404
    assert client.get("/prayer-times/lahore/1999-12/").status_code == 404


def test_qibla_shown_with_compass(site, client):
    html = client.get("/prayer-times/lahore/").content.decode()
    assert re.search(r'<g transform="rotate\(26\d\.\d 50 50\)">', html)
    assert "km" in html and "Qibla" in html


def test_index_lists_provinces_and_world_and_searches(site, client):
    html = client.get("/prayer-times/").content.decode()
    for text in (
        "Punjab",
        "Sindh",
        "Gilgit-Baltistan",
        "Azad Kashmir",
        "Saudi Arabia",
        "Indonesia",
        'href="/prayer-times/khanewal/"',
        'href="/prayer-times/makkah/"',
    ):
        assert text in html, text
    found = client.get("/prayer-times/?q=Khanew").content.decode()
    assert 'href="/prayer-times/khanewal/"' in found and 'href="/prayer-times/lahore/"' not in found


def test_sitemap_lists_every_city_in_both_languages_and_is_in_the_index(site, client):
    xml = client.get("/sitemaps/prayer-times.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://localhost/prayer-times/khanewal/" in locs and "http://localhost/ur/prayer-times/khanewal/" in locs
    assert len(locs) == 2 * (len(services.all_cities()) + 1)
    index = b"".join(client.get("/sitemap.xml").streaming_content).decode()
    assert "http://localhost/sitemaps/prayer-times.xml" in index


def test_pages_are_cached_like_every_other_page(site, client, settings):
    first = client.get("/prayer-times/quetta/")
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]


AUTHORITY_CITIES = {  # file: (slug, country, method); the Asr school is the file's own
    "Ankara-Turkey": ("ankara", "TR", "turkey"),
    "Doha-Qatar": ("doha", "QA", "qatar"),
    "Dubai-Gulf": ("dubai", "AE", "dubai"),
    "Kuwait_City-Kuwait": ("kuwait-city", "KW", "kuwait"),
    "London-MoonsightingCommittee": ("london", "GB", "moonsighting"),
    "Makkah-UmmAlQura": ("makkah", "SA", "umm_al_qura"),
    "Singapore-Singapore": ("singapore", "SG", "singapore"),
    "Tehran-Tehran": ("tehran", "IR", "tehran"),
}


@pytest.mark.parametrize("name", sorted(AUTHORITY_CITIES))
def test_month_pages_agree_with_the_authorities_published_tables(site, client, name):
    """The authorities' own timetables (tests/data/prayer-testdata), where a city has a page:
    the page uses the registry's city centre, not the authority's reference point, so one
    minute beyond the file's own tolerance is allowed for the few kilometres between them."""
    data = json.loads((PRAYER_TESTDATA / f"{name}.json").read_text(encoding="utf-8"))
    slug, country, method = AUTHORITY_CITIES[name]
    asr = data["params"]["madhab"].lower()
    city = services.city(slug)
    assert city is not None and city.place.country == country
    variance = data.get("variance", 1) + 1
    pages: dict[str, str] = {}
    failures = []
    for row in data["times"][:12]:
        month = row["date"][:7]
        if month not in pages:
            response = client.get(f"/prayer-times/{slug}/{month}/?method={method}&asr={asr}")
            assert response.status_code == 200, (slug, month)
            pages[month] = response.content.decode()
        line = re.search(rf'data-date="{row["date"]}">(.*?)</tr>', pages[month]).group(1)
        shown = dict(re.findall(r'data-prayer="(\w+)"><time datetime="([^"]+)"', line))
        for prayer in ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"):
            published = datetime.strptime(f"{row['date']} {row[prayer]}", "%Y-%m-%d %I:%M %p")
            ours = datetime.fromisoformat(shown[prayer]).replace(tzinfo=None)
            if abs((ours - published).total_seconds()) / 60 > variance:
                failures.append(f"{row['date']} {prayer}: published {row[prayer]}, page {ours:%H:%M}")
    assert not failures, "\n".join(failures)
