"""A database that cannot be reached gets a clear 503 page in both languages, with
Retry-After and no caching, rendered without touching the database; any other error stays
Django's 500.  (The drill with a real PostgreSQL primary stopped is in tests/roznama/replica.)"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from roznama.core import outage


def handled(path: str, error: Exception):
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:
        return outage.server_error(request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, lang, editor", [("/world/talks/", "en", False), ("/ur/", "ur", False), ("/admin/pages/3/edit/", "en", True)]
)
def test_a_lost_database_gets_the_outage_page(path, lang, editor):
    with CaptureQueriesContext(connection) as queries:
        response = handled(path, OperationalError('connection to server at "127.0.0.1", port 5432 failed'))
    assert len(queries) == 0, "the outage page itself needs the database"
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    doc = lxml_html.fromstring(response.content)
    assert doc.get("lang") == lang
    text = doc.text_content()
    assert "Back in a minute" in text and "ہم ایک منٹ میں واپس ہوں گے" in text
    assert ("everything you saved is safe" in text) is editor


def test_an_error_raised_from_a_lost_connection_counts_too():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as lost:
            raise RuntimeError("rendering failed") from lost
    except RuntimeError as error:
        assert outage.is_database_outage(error)


@pytest.mark.django_db
def test_a_bug_stays_a_500():
    assert handled("/world/", IntegrityError("duplicate key")).status_code == 500
    assert handled("/world/", ValueError("bad")).status_code == 500
    assert not outage.is_database_outage(IntegrityError("x"))
