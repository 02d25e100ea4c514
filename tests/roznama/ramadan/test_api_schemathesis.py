"""schemathesis against the app itself (in-process WSGI), from the OpenAPI document it serves.

Negative mode sends what the document forbids and every such request must be refused with a
4xx; positive mode sends what it allows and every such request must be answered.  All of
schemathesis's checks run (no 5xx, status codes, content types and bodies as documented,
positive data accepted, negative data rejected).  Positive mode draws ``city`` and ``tz``
from real samples: the document can say "a string of at most 100 characters", but only a
place that exists gives a timetable.  ``as_of`` is for signed-in editors only, so positive
mode leaves it out.
"""

import copy
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from roznama.ramadan import params

EXAMPLES = 12  # per operation and mode: bounded, so the suite stays quick
# Places that exist, written every way the API takes them (name, Urdu name, code, GeoNames
# id, coordinates in Pakistan), and zones from the IANA database.
CITIES = ["Lahore", "Karachi", "Quetta", "لاہور", "PWR", "1172451", "31.5497,74.3436", "24.86,67.01", ""]
ZONES = ["Asia/Karachi", "Europe/London", "America/New_York", "Asia/Dubai", "UTC"]
DOCUMENT = "/ramadan/api/v1/openapi.json"


@pytest.fixture
def app():
    """The WSGI app, without Django closing the test's database connection after each request.

    Django's handler sends request_started/request_finished, whose close_old_connections would
    close the connection holding the test's transaction (Django's own test client disconnects
    it the same way).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def positive_document(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    for item in doc["paths"].values():
        operation = item["get"]
        operation["parameters"] = [p for p in operation["parameters"] if p["name"] not in ("as_of", "since")]
        for param in operation["parameters"]:
            if param["name"] == "city":
                param["schema"] = {"type": "string", "enum": CITIES}
            elif param["name"] == "tz":
                param["schema"] = {"type": "string", "enum": ZONES}
    return doc


def no_long_echo(response, case):
    """A refusal is JSON ``{"error", "field"}`` and repeats at most 100 characters of the input."""
    if response.status_code != 400:
        return
    doc = json.loads(response.content)
    assert set(doc) == {"error", "field"}, doc
    for value in (case.query or {}).values():
        for text in value if isinstance(value, list) else [value]:
            text = str(text)
            if len(text) > params.ECHO:
                assert text[: params.ECHO + 1] not in response.text, case.query


def run(schema, mode):
    operations = [result.ok() for result in schema.get_all_operations()]
    # (Loaded from the app, schemathesis leaves out the address it read the document from.)
    assert {op.path for op in operations} | {DOCUMENT} == set(schema.raw_schema["paths"])
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call_and_validate()
            no_long_echo(response, case)

        try:
            check()
        except Exception as exc:  # gather every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.slow
@pytest.mark.django_db
def test_negative_mode_every_forbidden_request_is_refused(app):
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, app)
    run(schema, schemathesis.GenerationMode.NEGATIVE)


@pytest.mark.slow
@pytest.mark.django_db
def test_positive_mode_every_allowed_request_is_answered(app):
    # (Not through Django's test client: it reconnects close_old_connections when it is done.)
    served = schemathesis.openapi.from_wsgi(DOCUMENT, app).raw_schema
    schema = schemathesis.openapi.from_dict(positive_document(served))
    schema.app = app
    run(schema, schemathesis.GenerationMode.POSITIVE)
