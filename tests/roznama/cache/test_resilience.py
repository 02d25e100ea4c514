"""When the database or the cache server is down, readers still get pages."""

from __future__ import annotations

import socket
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from roznama.cache import store


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database_unreachable():
    """Point the connection at a closed port (PostgreSQL) or a missing folder (SQLite)."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-roznama-folder/down.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_down_readers_get_the_cached_page(newsroom):
    story = newsroom.article("Iftar at 6:42 in Karachi")
    client = Client(raise_request_exception=False)
    cached = client.get(story.url)
    assert cached.status_code == 200
    home = client.get("/")
    store.purge_paths(["/"])  # the home page went stale (a purge, or simply its age)

    with database_unreachable():
        fresh = client.get(story.url)
        assert fresh.status_code == 200 and fresh["X-Cache"] == "HIT"
        assert fresh.content == cached.content
        stale = client.get("/")
        assert stale.status_code == 200 and stale["X-Cache"] == "STALE"
        assert stale.content == home.content
        # A page that was never cached cannot be helped: the outage page (503, try again), not a
        # bare 500 and not a crash of the cache.
        never_cached = client.get(newsroom.sports.url)
        assert never_cached.status_code == 503 and never_cached["Retry-After"] == "30"
        assert b"Back in a minute" in never_cached.content

    # Once the database is back the stale page is rendered anew.
    assert client.get("/")["X-Cache"] == "MISS"


@pytest.mark.parametrize("kind", ["unreachable"])
def test_with_the_cache_server_down_pages_are_rendered(client, settings, newsroom, kind):
    pytest.importorskip("redis")
    from roznama.cache import store as cache_store

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    cache_store.reset()
    try:
        story = newsroom.article("Cache server down")
        for _ in range(2):
            response = client.get(story.url)
            assert response.status_code == 200 and response["X-Cache"] == "MISS"
            assert b"Cache server down" in response.content
    finally:
        caches["pages"].close()


@pytest.mark.slow
def test_with_redis_down_the_site_serves_readers_and_editors(client, settings, newsroom, admin_client):
    """Redis holds the cache and the page cache of a production site (ROZNAMA_REDIS_URL): with
    it gone, pages, search (its per-address limit counts in the cache) and the admin still
    answer, only without the cache."""
    pytest.importorskip("redis")
    from roznama.cache import fragments
    from roznama.cache import store as cache_store

    down = {
        "BACKEND": "roznama.cache.redis.OutageTolerantRedisCache",  # what ROZNAMA_REDIS_URL configures
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {**settings.CACHES, "default": dict(down), "pages": dict(down)}
    settings.ROZNAMA_PAGE_CACHE = True
    cache_store.reset()
    fragments.reset()
    try:
        story = newsroom.article("Redis is down")
        reader = Client(raise_request_exception=False)
        for path in (story.url, "/", newsroom.world.url, "/search/?q=redis", "/ur/"):
            response = reader.get(path)
            assert response.status_code == 200, path
        assert b"Redis is down" in reader.get(story.url).content
        assert admin_client.get("/admin/").status_code == 200
        assert admin_client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
    finally:
        caches["default"].close()
        caches["pages"].close()
        cache_store.reset()
        fragments.reset()
