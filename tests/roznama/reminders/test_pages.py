"""The opt-in page explains itself in both languages, takes ?place=, and the service worker
is served from the site's root so that its scope covers every page."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_optin_page_explains_itself_and_offers_every_reminder(client, newsroom):
    page = client.get("/reminders/?place=LHR")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prayer and iftar reminders" in html
    assert "Lahore" in html and "one click" in html
    for kind in ("sehri", "iftar", "fajr", "dhuhr", "asr", "maghrib", "isha"):
        assert f'value="{kind}"' in html
    assert 'name="quiet_start"' in html and 'name="fiqh"' in html and 'name="method"' in html
    assert "data-server-key=" in html
    assert "onclick" not in html and "javascript:" not in html


@pytest.mark.django_db
def test_the_urdu_optin_page_is_right_to_left_and_in_urdu(client, newsroom):
    page = client.get("/ur/reminders/?place=AE-DUB")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html and 'lang="ur"' in html
    assert "یاد دہانیاں" in html
    assert "دبئی" in html or "Dubai" in html
    assert 'value="AE-DUB"' in html


@pytest.mark.django_db
def test_an_unknown_place_gets_a_clear_400(client, newsroom):
    page = client.get("/reminders/?place=ZZ-QQQ")
    assert page.status_code == 400
    assert "unknown place &#x27;ZZ-QQQ&#x27;" in page.content.decode()


@pytest.mark.django_db
def test_the_service_worker_is_served_with_the_whole_site_as_scope(client):
    response = client.get("/reminders-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b'addEventListener("push"' in response.content
