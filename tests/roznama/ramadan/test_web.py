"""The API, the exports, the hub page and the admin, through the test client.

Exports are parsed back (icalendar, csv, the PDF's structure) and checked against miqat;
the preview clock stands at 16 March 2025, noon in Pakistan (Ramadan 15, by Pakistan's
announced start of 2 March 2025).
"""

import csv
import io
import json
import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import miqat
import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from roznama.ramadan import signals
from roznama.ramadan.demo import ensure_ramadan
from roznama.ramadan.models import MonthDeclaration, RamadanHubPage
from roznama.ramadan.tasks import refresh_calendar_state

PKT = ZoneInfo("Asia/Karachi")
AS_OF = "2025-03-16T12:00:00+05:00"


@pytest.fixture
def preview(settings):
    settings.ROZNAMA_AS_OF = AS_OF
    settings.ROZNAMA_AS_OF_SINCE = time.time()


@pytest.fixture
def hub(newsroom, preview):
    ensure_ramadan({"en": newsroom.home, "ur": newsroom.home_ur})
    newsroom.article("Iftar prices climb in five cities", tags=["Ramadan"])
    newsroom.article("Cricket series drawn", section=newsroom.sports, tags=["Cricket"])
    return RamadanHubPage.objects.get(locale=newsroom.en)


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response, json.loads(response.content)


# --- API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_today_for_a_city(client, preview):
    response, doc = get_json(client, "/ramadan/api/v1/today?city=Karachi&fiqh=jafria")
    expected = miqat.fasting_times(miqat.places.resolve("Karachi"), date(2025, 3, 16), fiqh="jafria")
    assert doc["date"] == "2025-03-16" and doc["fast_number"] == 15
    assert doc["iftar"] == expected.iftar.isoformat() and doc["sehri_end"] == expected.sehri_end.isoformat()
    assert doc["next"] == {"event": "iftar", "at": expected.iftar.isoformat()}
    assert doc["city"]["geonames_id"] == 1174872
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_city_by_code_id_and_coordinates(client, preview):
    by_code = get_json(client, "/ramadan/api/v1/today?city=LHR")[1]
    by_id = get_json(client, "/ramadan/api/v1/today?city=1172451")[1]
    assert by_code["iftar"] == by_id["iftar"]
    near = get_json(client, "/ramadan/api/v1/today?city=31.558,74.3507")[1]
    assert near["iftar"] == by_code["iftar"]
    london = get_json(client, "/ramadan/api/v1/today?city=51.5085,-0.1257&tz=Europe/London")[1]
    assert london["sehri_end"].endswith("+00:00")


@pytest.mark.django_db
def test_whole_month(client, preview):
    response, doc = get_json(client, "/ramadan/api/v1/month?city=Quetta&year=1446")
    assert doc["ramadan_starts"] == {"date": "2025-03-02", "status": "announced"}
    assert doc["eid_ul_fitr"] == {"date": "2025-03-31", "status": "announced"}
    assert len(doc["days"]) == 29
    quetta = miqat.places.resolve("Quetta")
    for day in doc["days"]:
        on = date.fromisoformat(day["date"])
        for fiqh in ("hanafi", "jafria"):
            expected = miqat.fasting_times(quetta, on, fiqh=fiqh)
            assert day[fiqh]["iftar"] == expected.iftar.isoformat()
            assert day[fiqh]["sehri_end"] == expected.sehri_end.isoformat()
    assert doc["days"][0]["date"] == "2025-03-02" and doc["days"][14]["fast"] == 15
    assert "max-age=3600" in response["Cache-Control"]
    mwl = get_json(client, "/ramadan/api/v1/month?city=Quetta&year=1446&fiqh=hanafi&method=mwl")[1]
    assert mwl["method"] == "mwl" and "jafria" not in mwl["days"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, says",
    [
        ("city=Qqzzxxville", "unknown place"),
        ("city=Lahore&fiqh=maliki", "fiqh must be hanafi or jafria"),
        ("city=Lahore&method=nonsense", "unknown method"),
        ("city=51.5,-0.12", "need a time zone"),
        ("city=51.5,-0.12&tz=Mars/Base", "unknown time zone"),
        ("city=Lahore&year=abc", "year must be a Hijri year"),
        ("city=Lahore&year=1600", "outside the Hijri years"),
        ("city=99.9,10&tz=UTC", "latitude"),
    ],
)
def test_bad_parameters_get_a_400_that_says_why(client, preview, query, says):
    for path in ("/ramadan/api/v1/month", "/ramadan/api/v1/today"):
        if "year" in query and "today" in path:
            continue
        response, doc = get_json(client, f"{path}?{query}", status=400)
        assert says in doc["error"], doc
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_bad_file_and_strip_parameters(client, preview):
    assert client.get("/ramadan/timetable.csv?city=Qqzzxxville").status_code == 400
    assert b"unknown place" in client.get("/ramadan/timetable.ics?city=Qqzzxxville").content
    assert client.get("/ramadan/timetable.pdf?city=Lahore&lang=fr").status_code == 400
    assert "lang" in get_json(client, "/ramadan/api/v1/strip?lang=de", status=400)[1]["error"]
    assert get_json(client, "/ramadan/api/v1/places?q=", status=400)[1]["error"].startswith("q:")
    # Only editors may look at another instant.
    assert "editors" in get_json(client, f"/ramadan/api/v1/strip?as_of={AS_OF}", status=400)[1]["error"]


@pytest.mark.django_db
def test_openapi_schema_and_places(client):
    doc = get_json(client, "/ramadan/api/v1/openapi.json")[1]
    assert doc["openapi"].startswith("3.")
    assert {"/ramadan/api/v1/today", "/ramadan/api/v1/month", "/ramadan/timetable.ics"} <= set(doc["paths"])
    names = [p["name"] for p in doc["paths"]["/ramadan/api/v1/month"]["get"]["parameters"]]
    assert names == ["city", "tz", "fiqh", "method", "year"]
    found = get_json(client, "/ramadan/api/v1/places?q=Mult")[1]["places"]
    assert found[0]["name"] == "Multan" and found[0]["key"] == str(found[0]["geonames_id"])
    urdu = get_json(client, "/ramadan/api/v1/places?q=%D9%84%D8%A7%DB%81%D9%88%D8%B1")[1]["places"]  # لاہور
    assert urdu[0]["name"] == "Lahore"


@pytest.mark.django_db
def test_strip_data_carries_the_preview_offset(client, preview):
    response, doc = get_json(client, "/ramadan/api/v1/strip?lang=ur&city=Peshawar")
    real = datetime.now(ZoneInfo("UTC")).timestamp()
    expected = datetime.fromisoformat(AS_OF).timestamp() - real
    assert abs(doc["clock_offset_ms"] / 1000 - expected) < 60
    now_ms = (real + doc["clock_offset_ms"] / 1000) * 1000
    current = [s for s in doc["segments"] if s["start_ms"] <= now_ms < s["end_ms"]]
    assert len(current) == 1 and current[0]["heading"] == "افطار کا وقت · ۱۵ رمضان"
    readers = [item["name"] for item in current[0]["items"] if item["reader"]]
    assert readers == ["پشاور"] and current[0]["target_ms"] == int(
        miqat.fasting_times(miqat.places.resolve("Peshawar"), date(2025, 3, 16)).iftar.timestamp() * 1000
    )
    assert doc["digits"] == "۰۱۲۳۴۵۶۷۸۹"
    assert "max-age=60" in response["Cache-Control"]


# --- exports ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fiqh", ["hanafi", "jafria"])
def test_ics_parses_and_matches_miqat(client, preview, fiqh):
    response = client.get(f"/ramadan/timetable.ics?city=Islamabad&year=1446&fiqh={fiqh}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 2 * 29
    assert len({str(e["UID"]) for e in events}) == len(events)
    islamabad = miqat.places.resolve("Islamabad")
    sehris = [e for e in events if "SEHRI" in e.get("CATEGORIES").to_ical().decode()]
    iftars = [e for e in events if "IFTAR" in e.get("CATEGORIES").to_ical().decode()]
    assert len(sehris) == len(iftars) == 29
    for n, (sehri, iftar) in enumerate(zip(sehris, iftars)):
        day = date(2025, 3, 2) + timedelta(days=n)
        expected = miqat.fasting_times(islamabad, day, fiqh=fiqh)
        assert sehri.decoded("DTEND") == expected.sehri_end
        assert iftar.decoded("DTSTART") == expected.iftar
        assert f"Ramadan {n + 1}" in str(iftar["SUMMARY"])


@pytest.mark.django_db
def test_csv_parses_and_matches_miqat(client, preview):
    response = client.get("/ramadan/timetable.csv?city=Peshawar&year=1446")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 29 and rows[0]["date"] == "2025-03-02" and rows[14]["fast"] == "15"
    peshawar = miqat.places.resolve("Peshawar")
    for row in rows:
        on = date.fromisoformat(row["date"])
        for fiqh in ("hanafi", "jafria"):
            expected = miqat.fasting_times(peshawar, on, fiqh=fiqh)
            assert row[f"{fiqh}_iftar"] == expected.iftar.strftime("%H:%M")
            assert row[f"{fiqh}_sehri_end"] == expected.sehri_end.strftime("%H:%M")
    assert [r["ashra"] for r in rows].count("1") == 10 and rows[-1]["ashra"] == "3"


def _pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_pdf_is_one_a4_page(client, preview, lang):
    response = client.get(f"/ramadan/timetable.pdf?city=Lahore&year=1448&lang={lang}")
    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(b"%PDF-")
    assert _pdf_pages(response.content) == 1
    assert re.search(rb"/MediaBox\s*\[0 0 595\.28 841\.89\]", response.content)  # A4 in points


@pytest.mark.django_db
def test_possible_30th_is_marked_while_the_month_is_predicted(client, preview):
    doc = get_json(client, "/ramadan/api/v1/month?city=Lahore&year=1448")[1]
    starts = miqat.hijri.calendar("PK").month_start(1448, 10).first_day
    length = (starts - date.fromisoformat(doc["ramadan_starts"]["date"])).days
    assert doc["ramadan_starts"]["status"] == "predicted"
    assert len(doc["days"]) == 30
    assert doc["days"][-1]["possible"] == (length == 29)


# --- the hub ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_hub_page(client, hub):
    response = client.get(hub.url)
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    rows = page.xpath("//table[@data-timetable]/tbody/tr[not(contains(@class,'ashra-head'))]")
    assert len(rows) == 29
    today = page.xpath("//tr[@aria-current='date']")
    assert today and today[0].get("data-date") == "2025-03-16"
    assert len(page.xpath("//tr[contains(@class,'ashra-head')]")) == 3
    assert page.xpath("//svg[contains(@class,'ramadan-chart')]//polyline")
    assert len(page.xpath("//svg[contains(@class,'iftar-map')]//circle")) >= 20
    assert "Iftar prices climb in five cities" in response.content.decode()
    assert "Cricket series drawn" not in response.content.decode()
    assert "اللَّهُمَّ إِنِّي لَكَ صُمْتُ" in response.content.decode()
    statuses = [s.text_content() for s in page.xpath("//*[@data-moon-status]")]
    assert statuses == ["announced", "announced"]
    karachi = lxml_html.fromstring(client.get(hub.url + "?city=Karachi").content)
    iftar = karachi.xpath("//tr[@data-date='2025-03-16']/td")[4].text_content()
    assert iftar == miqat.fasting_times(miqat.places.resolve("Karachi"), date(2025, 3, 16)).iftar.strftime("%I:%M %p")


@pytest.mark.django_db
def test_hub_in_urdu_and_bad_input(client, hub, newsroom):
    urdu = RamadanHubPage.objects.get(locale=newsroom.ur)
    response = client.get(urdu.url)
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert page.getroottree().getroot().get("dir") == "rtl"
    assert "۱۵" in page.xpath("//tr[@aria-current='date']")[0].text_content()
    bad = client.get(hub.url + "?city=Qqzzxxville")
    assert bad.status_code == 400 and "unknown place" in bad.content.decode()
    assert client.get(hub.url + "?year=99999").status_code == 400
    assert client.get(hub.url + "print/").status_code == 200
    assert client.get(hub.url + "widget/").status_code == 200


@pytest.mark.django_db
def test_widget_embeds(client, preview):
    response = client.get("/ramadan/embed/?city=Karachi&lang=ur")
    assert response.status_code == 200 and "X-Frame-Options" not in response
    assert 'dir="rtl"' in response.content.decode()
    script = client.get("/ramadan/widget.js").content.decode()
    assert "/ramadan/embed/?lang=" in script


# --- editors ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_announcements_are_checked_and_announced(preview):
    heard = []

    def listener(sender, reason, **kwargs):
        heard.append(reason)

    signals.calendar_changed.connect(listener)
    try:
        wrong = MonthDeclaration(hijri_year=1448, month=9, first_day=date(2027, 3, 1))
        with pytest.raises(ValidationError) as error:
            wrong.full_clean()
        assert "days from Umm al-Qura" in str(error.value)
        MonthDeclaration.objects.create(hijri_year=1448, month=9, first_day=date(2027, 2, 8))
        assert heard and "1448-09" in heard[-1]
    finally:
        signals.calendar_changed.disconnect(listener)


@pytest.mark.django_db
def test_worker_notices_changes(preview):
    assert refresh_calendar_state() is True
    assert refresh_calendar_state() is False
    MonthDeclaration.objects.create(hijri_year=1446, month=10, first_day=date(2025, 4, 1))
    assert refresh_calendar_state() is True


@pytest.mark.django_db
def test_admin_preview(admin_client, hub):
    client = admin_client
    response = client.get("/admin/ramadan/preview/?as_of=2025-03-30T20:00:00%2B05:00")
    assert response.status_code == 200
    assert "Eid Mubarak" in response.content.decode()
    assert client.get("/admin/ramadan/preview/?as_of=yesterday").status_code == 200  # says why, no 500
    strip = client.get(f"/ramadan/api/v1/strip?as_of=2025-03-16T12:00:00%2B05:00&since={time.time()}")
    assert "no-store" in strip["Cache-Control"]


@pytest.mark.django_db
def test_every_page_carries_the_strip(client, hub, newsroom):
    page = lxml_html.fromstring(client.get("/").content)
    strip = page.xpath("//*[@id='ramadan-strip']//*[@data-ramadan-strip-root]")[0]
    assert " ".join(strip.xpath(".//*[@data-strip-heading]")[0].text_content().split()) == "Iftar Time · Ramadan 15"
    assert strip.xpath(".//a")[0].get("href") == hub.url
    urdu = lxml_html.fromstring(client.get("/ur/").content)
    assert urdu.xpath("//*[@data-strip-heading]")[0].text_content() == "افطار کا وقت · ۱۵ رمضان"


@pytest.mark.django_db
def test_the_strip_links_to_the_hub_by_its_name_and_labels_pakistans_time(client, hub, newsroom):
    for path, name, zone in (("/", "Ramadan Pedia", "PKT"), ("/ur/", "رمضان پیڈیا", "پاکستانی وقت")):
        strip = lxml_html.fromstring(client.get(path).content).xpath("//*[@data-ramadan-strip-root]")[0]
        # One link beside the countdown, one in the line of times for phones (the style sheet shows one).
        links = strip.xpath(".//a[@data-strip-hub]")
        assert [link.text_content().strip() for link in links] == [name, name]
        hub_path = RamadanHubPage.objects.get(locale__language_code=path.strip("/") or "en").url
        assert {link.get("href") for link in links} == {hub_path}
        # The first city's time says its zone; the others, in the same zone, do not repeat it.
        assert [z.text_content() for z in strip.xpath(".//*[@data-zone]")] == [zone]
        assert strip.xpath(".//li[.//*[@data-zone]]")[0].get("class").endswith("is-reader")


def saved_name(response) -> str:
    """The name a browser saves the file as: RFC 6266 §4.3, ``filename*`` (decoded by the
    standard library's RFC 2231/8187 functions) when given, else ``filename``."""
    from email.utils import collapse_rfc2231_value, decode_rfc2231
    from urllib.parse import unquote

    match = re.search(r"filename\*=([^;\s]+)", response["Content-Disposition"])
    if match is None:
        return plain_name(response)
    charset, _language, encoded = decode_rfc2231(match.group(1))
    assert charset.lower() == "utf-8"
    return collapse_rfc2231_value((charset, _language, unquote(encoded, encoding="latin-1")))


def plain_name(response) -> str:
    """The ASCII ``filename`` that clients without RFC 6266 support read."""
    match = re.search(r'filename="([^"]*)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, english, urdu, fallback",
    [
        (
            "timetable.ics?city=Islamabad&year=1446&fiqh=hanafi",
            "ramadan-1446-isb-hanafi.ics",
            "رمضان-1446-اسلام-آباد-حنفی.ics",
            "ramadan-1446-isb-hanafi-ur.ics",
        ),
        (
            "timetable.ics?city=Islamabad&year=1446&fiqh=jafria",
            "ramadan-1446-isb-jafria.ics",
            "رمضان-1446-اسلام-آباد-جعفریہ.ics",
            "ramadan-1446-isb-jafria-ur.ics",
        ),
        (
            "timetable.pdf?city=Lahore&year=1448",
            "ramadan-1448-lhr-en.pdf",
            "رمضان-1448-لاہور.pdf",
            "ramadan-1448-lhr-ur.pdf",
        ),
    ],
)
def test_urdu_files_are_named_in_urdu(client, preview, path, english, urdu, fallback):
    en = client.get(f"/ramadan/{path}&lang=en")
    ur = client.get(f"/ramadan/{path}&lang=ur")
    assert en.status_code == ur.status_code == 200
    assert saved_name(en) == plain_name(en) == english
    assert "filename*" not in en["Content-Disposition"]  # an ASCII name needs no second form
    assert saved_name(ur) == urdu
    assert plain_name(ur) == fallback  # never the English file's name
    assert ur["Content-Disposition"].isascii()  # HTTP headers carry the Urdu percent-encoded


@pytest.mark.django_db
def test_csv_keeps_its_one_name(client, preview):
    response = client.get("/ramadan/timetable.csv?city=Peshawar&year=1446")
    assert saved_name(response) == plain_name(response) == "ramadan-1446-pwr.csv"
