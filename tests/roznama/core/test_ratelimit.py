"""Search and the Ramadan API answer one address only so often; others are not affected."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture
def tight(settings):
    settings.ROZNAMA_RATE_LIMITS = {"search": (3, 60), "ramadan-api": (3, 60)}
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=budget", "/ramadan/api/v1/today?city=Karachi"])
def test_an_address_over_the_limit_gets_429_with_retry_after(client, newsroom, tight, url):
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    assert "Too many requests" in refused.content.decode()
    # Another reader, and a forged forwarding header, change nothing for the first address.
    assert client.get(url, REMOTE_ADDR="198.51.100.9").status_code == 200
    assert client.get(url, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.10").status_code == 429


@pytest.mark.django_db
def test_the_refusal_is_in_urdu_for_urdu_readers(client, newsroom, tight):
    for _ in range(3):
        client.get("/ur/search/?q=x", REMOTE_ADDR="203.0.113.8")
    refused = client.get("/ur/search/?q=x", REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429 and "دوبارہ کوشش" in refused.content.decode()
