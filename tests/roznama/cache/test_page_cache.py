"""The page cache as a reader and an editor see it: hits, bypasses, headers, stale copies."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory

from roznama.cache import store
from roznama.cache.keys import request_key
from roznama.cache.middleware import PageCacheMiddleware
from roznama.news.models import ArticlePage


@pytest.fixture
def story(newsroom):
    author = newsroom.author("Ayesha Khan")
    return newsroom.article("Talks resume in Moscow", authors=[author], tags=["Diplomacy"])


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


def reader_urls(newsroom, story):
    return [story.url, newsroom.world.url, "/", "/ur/", "/tags/diplomacy/", "/authors/ayesha-khan/"]


def test_second_request_is_a_hit_with_identical_bytes(client, newsroom, story):
    for url in reader_urls(newsroom, story):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Cache"] == "MISS", url
        second = client.get(url)
        assert second["X-Cache"] == "HIT", url
        assert second.content == first.content, url
        assert second["Content-Type"] == first["Content-Type"]
        assert second["Cache-Control"] == first["Cache-Control"]


def test_head_is_answered_from_the_cached_get(client, story):
    client.get(story.url)
    head = client.head(story.url)
    assert head.status_code == 200 and head["X-Cache"] == "HIT"


def test_a_repeat_visit_with_the_etag_gets_304(client, story):
    first = client.get(story.url)
    again = client.get(story.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["X-Cache"] == "HIT"


def test_query_and_language_are_part_of_the_key(client, newsroom, story):
    client.get(newsroom.world.url)
    assert client.get(newsroom.world.url + "?page=1")["X-Cache"] == "MISS"
    assert client.get(newsroom.world.url + "?page=1")["X-Cache"] == "HIT"
    english = client.get("/")
    urdu = client.get("/ur/")
    assert urdu["X-Cache"] == "MISS" and urdu.content != english.content
    # Accept-Language does not choose the language of an unprefixed page: one copy for all.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ur")["X-Cache"] == "HIT"


def test_logged_in_editor_bypasses_the_cache_and_sees_fresh_content(client, story, editor):
    assert client.get(story.url)["X-Cache"] == "MISS"
    # A change that no purge announced: readers keep the cached copy for now...
    ArticlePage.objects.filter(pk=story.pk).update(title="Talks resume in Moscow, fresh")
    anonymous = client.get(story.url)
    assert anonymous["X-Cache"] == "HIT" and b"fresh" not in anonymous.content
    # ...an editor never gets it.
    client.force_login(editor)
    mine = client.get(story.url)
    assert mine["X-Cache"] == "MISS"
    assert "private" in mine["Cache-Control"] and "s-maxage" not in mine["Cache-Control"]
    assert b"Talks resume in Moscow, fresh" in mine.content
    # What the editor saw was not stored for readers.
    client.logout()
    assert b"fresh" not in Client().get(story.url).content


def test_cache_control_for_a_cdn(client, newsroom, story):
    expected = {
        "/": 120,
        newsroom.world.url: 300,
        story.url: 900,
        "/tags/diplomacy/": 600,
        "/authors/ayesha-khan/": 600,
        "/ur/": 120,
        newsroom.world_ur.url: 300,
    }
    for url, s_maxage in expected.items():
        response = client.get(url)
        directives = {
            d.strip().split("=")[0]: d.strip().partition("=")[2] for d in response["Cache-Control"].split(",")
        }
        assert "public" in directives, url
        assert int(directives["s-maxage"]) == s_maxage, url
        assert int(directives["stale-while-revalidate"]) > 0, url
        assert int(directives["stale-if-error"]) >= 3600, url
        assert 0 < int(response["X-Accel-Expires"]) <= 30, url  # nginx's own, shorter stay
        # Browsers cannot be purged: what they keep, stale or not, is under a minute.
        assert int(directives["max-age"]) + int(directives["stale-while-revalidate"]) <= 60, url


def test_not_found_is_cached_briefly_at_most(client, newsroom):
    response = client.get("/world/no-such-story/")
    assert response.status_code == 404
    assert "s-maxage=30" in response["Cache-Control"]


def test_admin_is_never_cached(admin_client):
    admin_client.get("/admin/")
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_editor_session_cookie_alone_means_no_lookup():
    assert request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_COOKIE": "a=1; sessionid=abc"}) is None
    assert request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_COOKIE": "xsessionid=abc"}) is not None
    assert request_key({"REQUEST_METHOD": "POST", "PATH_INFO": "/"}) is None
    assert request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/admin/pages/"}) is None
    ur = request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/ur/world/"})
    en = request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/world/"})
    assert ur.language == "ur" and en.language == "en" and ur.entry != en.entry
    a = request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "a=1&b=2"})
    b = request_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "b=2&a=1"})
    assert a.entry == b.entry


def _middleware_with(response_factory):
    return PageCacheMiddleware(lambda request: response_factory(request))


def test_responses_that_set_cookies_are_never_cached(db):
    def view(request):
        response = HttpResponse("hello")
        response["Cache-Control"] = "public, s-maxage=60"
        response.set_cookie("tracking", "1")
        return response

    middleware = _middleware_with(view)
    rf = RequestFactory()
    assert middleware(rf.get("/cookie/"))["X-Cache"] == "MISS"
    assert middleware(rf.get("/cookie/"))["X-Cache"] == "MISS"


def test_vary_is_honoured(db):
    calls = []

    def view(request):
        calls.append(request.META.get("HTTP_X_DEVICE"))
        response = HttpResponse(f"for {request.META.get('HTTP_X_DEVICE')}")
        response["Cache-Control"] = "public, s-maxage=60"
        response["Vary"] = "X-Device, Cookie, Accept-Language"
        return response

    middleware = _middleware_with(view)
    rf = RequestFactory()
    assert middleware(rf.get("/v/", HTTP_X_DEVICE="phone"))["X-Cache"] == "MISS"
    hit = middleware(rf.get("/v/", HTTP_X_DEVICE="phone", HTTP_COOKIE="theme=dark"))
    assert hit["X-Cache"] == "HIT" and hit.content == b"for phone"
    other = middleware(rf.get("/v/", HTTP_X_DEVICE="desktop"))
    assert other["X-Cache"] == "MISS" and other.content == b"for desktop"

    def star(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, s-maxage=60"
        response["Vary"] = "*"
        return response

    middleware = _middleware_with(star)
    middleware(rf.get("/star/"))
    assert middleware(rf.get("/star/"))["X-Cache"] == "MISS"


def test_server_errors_are_not_cached(db):
    def view(request):
        response = HttpResponse("boom", status=503)
        response["Cache-Control"] = "public, s-maxage=60"
        return response

    middleware = _middleware_with(view)
    rf = RequestFactory()
    middleware(rf.get("/down/"))
    assert middleware(rf.get("/down/"))["X-Cache"] == "MISS"


def test_while_one_request_rerenders_an_expired_page_the_others_get_the_old_copy(client, story):
    client.get(story.url)
    key = request_key(client.get(story.url).wsgi_request.META)
    store.purge_paths([story.url])
    assert store.try_lock(key)  # someone else is rendering it
    try:
        response = client.get(story.url)
        assert response.status_code == 200 and response["X-Cache"] == "STALE"
    finally:
        store.unlock(key)
    assert client.get(story.url)["X-Cache"] == "MISS"


def test_wsgi_entry_point_answers_fresh_pages_without_django(client, story):
    from roznama.cache import wsgi

    cached = client.get(story.url)
    environ = dict(cached.wsgi_request.META)
    environ.pop("HTTP_COOKIE", None)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(wsgi.application(environ, start_response))
    assert seen["status"] == "200 OK" and seen["headers"]["X-Cache"] == "HIT"
    assert body == cached.content
    assert seen["headers"]["Content-Length"] == str(len(body))


def test_page_cache_can_be_switched_off(client, settings, story):
    settings.ROZNAMA_PAGE_CACHE = False
    client.get(story.url)
    response = client.get(story.url)
    assert "X-Cache" not in response
    assert "s-maxage" in response["Cache-Control"]  # the CDN still gets its headers
