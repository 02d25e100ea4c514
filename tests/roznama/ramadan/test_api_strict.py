"""The API and the files refuse what they do not take, in one JSON shape, and say which field.

What a client would check: the status, that the body is JSON ``{"error", "field"}`` naming
the parameter, that a huge input is not echoed back, the methods in ``Allow``; and that the
OpenAPI document is valid by the OpenAPI 3.1 specification (openapi-spec-validator).
"""

import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

PATHS = [
    "/ramadan/api/v1/today",
    "/ramadan/api/v1/month",
    "/ramadan/api/v1/strip",
    "/ramadan/timetable.csv",
    "/ramadan/timetable.ics",
    "/ramadan/timetable.pdf",
]


def refused(response, field, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    doc = json.loads(response.content)
    assert set(doc) == {"error", "field"} and doc["field"] == field, doc
    assert "no-store" in response["Cache-Control"]
    return doc


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "query, field",
    [
        ("city=Lahore&tz=Mars/Base", "tz"),  # not an IANA zone, even beside a named city
        ("city=Lahore&tz=", "tz"),
        ("city=Lahore&lat=91", "lat"),  # not a parameter: refused, not ignored
        ("city=Lahore&month=13", "month"),
        ("city=Lahore&cty=Karachi", "cty"),  # a misspelling would otherwise give Lahore silently
        ("city=Lahore&city=Karachi", "city"),  # twice
        ("city=95.0,10&tz=UTC", "city"),  # latitude beyond 90
        ("city=30.0,190&tz=UTC", "city"),  # longitude beyond 180
        ("city=Lahore&method=Karachi", "method"),  # methods are named by their key, in lower case
    ],
)
def test_unknown_and_bad_parameters_name_the_field(client, path, query, field):
    refused(client.get(f"{path}?{query}"), field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ramadan/api/v1/month", "/ramadan/timetable.csv", "/ramadan/timetable.ics", "/ramadan/timetable.pdf"]
)
@pytest.mark.parametrize("year", ["1501", "1399", "abc", "1448.0", "١٤٤٨"])
def test_hijri_year_is_checked_by_every_export(client, path, year):
    doc = refused(client.get(f"{path}?city=Lahore&year={year}"), "year")
    assert "year" in doc["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["-1", "0", "26", "five", ""])
def test_places_limit_is_checked(client, limit):
    refused(client.get(f"/ramadan/api/v1/places?q=Lah&limit={limit}"), "limit")


@pytest.mark.django_db
def test_places_needs_q(client):
    refused(client.get("/ramadan/api/v1/places"), "q")
    refused(client.get("/ramadan/api/v1/places?q=%20%20"), "q")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["city", "tz", "q"])
def test_a_huge_input_is_not_echoed(client, name):
    huge = "Lahore" + "x" * 20_000
    path = "/ramadan/api/v1/places?q=" + huge if name == "q" else f"/ramadan/api/v1/today?{name}={huge}"
    response = client.get(path)
    doc = refused(response, name)
    assert len(response.content) < 400
    assert "x" * 101 not in doc["error"]
    unknown = refused(client.get(f"/ramadan/api/v1/today?{'y' * 5000}=1"), "y" * 100)
    assert "y" * 101 not in json.dumps(unknown)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", PATHS + ["/ramadan/api/v1/places", "/ramadan/api/v1/places/nearest", "/ramadan/api/v1/openapi.json"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_get_405_with_allow(path, method):
    client = Client(enforce_csrf_checks=True)  # as a browser or a script would meet it
    response = getattr(client, method)(path)
    doc = refused(response, None, status=405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert method.upper() in doc["error"]


@pytest.mark.django_db
def test_head_and_options(client):
    got = client.get("/ramadan/api/v1/today?city=Karachi")
    head = client.head("/ramadan/api/v1/today?city=Karachi")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] and head["Cache-Control"] == got["Cache-Control"]
    options = client.options("/ramadan/timetable.ics")
    assert options.status_code == 204 and options["Allow"] == "GET, HEAD, OPTIONS"
    assert options["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_good_requests_still_answer(client):
    assert client.get("/ramadan/api/v1/today?city=Lahore&tz=Asia/Karachi&fiqh=jafria&method=1").status_code == 200
    assert client.get("/ramadan/api/v1/month?city=&year=1447").status_code == 200
    ics = client.get("/ramadan/timetable.ics?city=LHR&year=1447&lang=ur&fiqh=hanafi")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert client.get("/ramadan/api/v1/places?q=Kar&limit=25").status_code == 200


@pytest.mark.django_db
def test_the_widget_is_lenient_with_what_partners_add(client):
    # Partners' tools add their own parameters to the iframe's address; the widget still shows.
    assert client.get("/ramadan/embed/?city=Karachi&lang=ur&utm_source=partner&fbclid=abc").status_code == 200
    # What it does read, it checks, and it does not repeat a huge input.
    bad = client.get("/ramadan/embed/?city=" + "q" * 20_000)
    assert bad.status_code == 400 and len(bad.content) < 400


@pytest.mark.django_db
def test_openapi_document_is_valid_and_declares_what_the_views_check(client):
    doc = json.loads(client.get("/ramadan/api/v1/openapi.json").content)
    validate(doc)  # raises on any violation of the OpenAPI 3.1 specification
    month = {p["name"]: p for p in doc["paths"]["/ramadan/api/v1/month"]["get"]["parameters"]}
    assert month["year"]["schema"] == {"type": "integer", "minimum": 1400, "maximum": 1500}
    assert month["fiqh"]["schema"]["enum"] == ["hanafi", "jafria"]
    places = {p["name"]: p for p in doc["paths"]["/ramadan/api/v1/places"]["get"]["parameters"]}
    assert places["q"]["required"] is True
    assert places["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 25}
    for path, item in doc["paths"].items():
        assert {"400", "405"} <= set(item["get"]["responses"]), path
        for param in item["get"]["parameters"]:
            assert param["in"] == "query" and "type" in param["schema"], (path, param)
    # Every name the document gives is one the view takes, and nothing more.
    for path, item in doc["paths"].items():
        for param in item["get"]["parameters"]:
            example = {
                "city": "Lahore",
                "tz": "Asia/Karachi",
                "fiqh": "hanafi",
                "method": "karachi",
                "year": "1447",
                "lang": "ur",
                "q": "Lah",
                "limit": "3",
                "since": "0",
            }.get(param["name"])
            if example is None:
                continue
            query = f"{param['name']}={example}" + (
                "&q=Lah" if path.endswith("/places") and param["name"] != "q" else ""
            )
            assert client.get(f"{path}?{query}").status_code == 200, (path, query)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_documents_ranges_and_enums_are_what_the_views_check(client):
    """For every documented range and enum, its edges are taken and a step past them is refused."""
    doc = json.loads(client.get("/ramadan/api/v1/openapi.json").content)
    base = {"/ramadan/api/v1/places": "q=Lah&"}
    # The nearest place needs both coordinates: the one not under test is a point in Karachi.
    other = {"lat": "lon=67.01&", "lon": "lat=24.86&"}
    checked = 0
    for path, item in doc["paths"].items():
        if path.endswith(".pdf"):
            continue  # the same declarations as the ICS and CSV, and a PDF per case is slow
        for param in item["get"]["parameters"]:
            name, schema = param["name"], param["schema"]
            if "minimum" in schema:
                good = [schema["minimum"], schema["maximum"]]
                bad = [schema["minimum"] - 1, schema["maximum"] + 1]
            elif "enum" in schema:
                good, bad = schema["enum"], [value + "x" for value in schema["enum"]]
            else:
                continue
            for value in good:
                response = client.get(f"{path}?{base.get(path, '')}{other.get(name, '')}{name}={value}")
                assert response.status_code == 200, (path, name, value, response.content[:200])
            for value in bad:
                refused(client.get(f"{path}?{base.get(path, '')}{other.get(name, '')}{name}={value}"), name)
            checked += 1
    assert checked >= 15  # fiqh, method, year, lang, limit, lat and lon where each is taken
