"""The date line in every page's header: the civil date and the Hijri date as Pakistan keeps
it, moving to the next Hijri day at sunset, and following the committee's announcement.

References from outside the code: 16 March 2025 was a Sunday and Ramadan 15 in Pakistan (the
reference news site's strip that day: "Iftar Time · Ramadan 15", Lahore iftar 06:13 PM, so
Lahore's sunset came before 18:13); the Central Ruet-e-Hilal Committee announced Ramadan 1446
from 2 March 2025."""

from __future__ import annotations

import time
from datetime import date

import pytest
from lxml import html as lxml_html

from roznama.ramadan.models import MonthDeclaration
from roznama.ramadan.fingerprint import state_fingerprint
from roznama.ramadan import clock


def header_line(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    [line] = lxml_html.fromstring(response.content).xpath("//header//*[@data-header-date]")
    return " ".join(line.text_content().split())


@pytest.fixture
def at(settings):
    def set_clock(instant: str):
        settings.ROZNAMA_AS_OF = instant
        settings.ROZNAMA_AS_OF_SINCE = time.time()

    return set_clock


@pytest.fixture
def announced(db):
    MonthDeclaration.objects.create(hijri_year=1446, month=9, first_day=date(2025, 3, 2))


@pytest.mark.django_db
def test_the_header_shows_the_day_and_the_hijri_date_pakistan_keeps(client, newsroom, announced, at):
    at("2025-03-16T12:00:00+05:00")
    assert header_line(client) == "Sunday, 16 March 2025 · 15 Ramadan 1446"


@pytest.mark.django_db
def test_the_hijri_date_moves_on_at_sunset_the_civil_date_at_midnight(client, newsroom, announced, at):
    at("2025-03-16T17:45:00+05:00")  # before Lahore's sunset
    assert header_line(client).endswith("· 15 Ramadan 1446")
    at("2025-03-16T18:45:00+05:00")  # after it: the night of the 16th of Ramadan
    assert header_line(client) == "Sunday, 16 March 2025 · 16 Ramadan 1446"
    at("2025-03-17T00:30:00+05:00")
    assert header_line(client) == "Monday, 17 March 2025 · 16 Ramadan 1446"


@pytest.mark.django_db
def test_urdu_pages_write_the_date_in_urdu_with_urdu_digits(client, newsroom, announced, at):
    at("2025-03-16T12:00:00+05:00")
    line = header_line(client, "/ur/")
    assert line == "اتوار، ۱۶ مارچ ۲۰۲۵ · ۱۵ رمضان ۱۴۴۶"
    assert not any(c.isascii() and c.isdigit() for c in line)


@pytest.mark.django_db
def test_an_announcement_in_the_admin_changes_the_date_on_every_page(client, newsroom, at):
    at("2025-03-16T12:00:00+05:00")
    MonthDeclaration.objects.create(hijri_year=1446, month=9, first_day=date(2025, 3, 1))
    assert header_line(client).endswith("· 16 Ramadan 1446")
    MonthDeclaration.objects.filter(hijri_year=1446, month=9).update(first_day=date(2025, 3, 2))
    assert header_line(client).endswith("· 15 Ramadan 1446")


@pytest.mark.django_db
def test_cached_pages_are_purged_when_the_date_line_changes_at_sunset(newsroom, announced, at):
    # Outside Ramadan the strip's own state may stay the same across sunset; the date line
    # still changes, and the fingerprint that triggers the site-wide purge must with it.
    at("2026-12-07T16:30:00+05:00")
    before = state_fingerprint(clock.now())
    at("2026-12-07T16:50:00+05:00")
    assert state_fingerprint(clock.now()) == before  # nothing changed in twenty minutes
    at("2026-12-07T17:40:00+05:00")  # Lahore's sunset on 7 December is about 17:05
    after = state_fingerprint(clock.now())
    assert after[0] != before[0]
    assert after[1]["header_date"]["hijri"] != before[1]["header_date"]["hijri"]
