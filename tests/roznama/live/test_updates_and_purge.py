"""Readers' updates without a reload: the state the page's script polls, the new posts it
fetches, and the purge of exactly what shows a post, behind the page cache."""

from __future__ import annotations

from lxml import html as lxml_html

from roznama.cache.policy import shared_max_age
from roznama.live import responses, services
from roznama.live.models import LivePost


def state(client, blog):
    response = client.get(f"{blog.url}live/state/")
    assert response.status_code == 200
    return response, response.json()


def test_state_names_the_newest_post_and_changes_with_every_edit(client, live_blog):
    _, empty = state(client, live_blog)
    assert empty["latest"] == 0 and empty["count"] == 0 and empty["open"] is True
    post = services.add_post(live_blog, body="Toss: Pakistan bat.")
    _, one = state(client, live_blog)
    assert one["latest"] == post.pk and one["count"] == 1 and one["version"] != empty["version"]
    services.edit_post(post, pinned=True)
    _, pinned = state(client, live_blog)
    assert pinned["latest"] == post.pk and pinned["version"] != one["version"]
    services.delete_post(post)
    _, deleted = state(client, live_blog)
    assert deleted["count"] == 0


def test_new_posts_come_as_html_for_the_last_post_the_reader_has(client, live_blog):
    first = services.add_post(live_blog, body="Over 1: 4 runs.")
    _, before = state(client, live_blog)
    second = services.add_post(live_blog, body="Over 2: a wicket.")
    third = services.add_post(live_blog, body="Over 3: maiden.")
    _, now = state(client, live_blog)
    response = client.get(f"{live_blog.url}live/after-{first.pk}-v{now['version']}/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(b"<div>" + response.content + b"</div>")
    assert [int(a.get("data-post-id")) for a in doc.xpath("//article")] == [third.pk, second.pk]
    # Its answer never changes for that URL, so every cache may keep it long.
    assert shared_max_age(response["Cache-Control"]) >= 600 and "public" in response["Cache-Control"]
    # A version that is not the blog's (an old or made-up one) is not rendered.
    assert client.get(f"{live_blog.url}live/after-{first.pk}-v{before['version']}/").status_code == 404
    assert client.get(f"{live_blog.url}live/after-{third.pk + 50}-v{now['version']}/").status_code == 404


def test_the_polled_state_is_cacheable_by_every_cache(client, live_blog):
    response, _ = state(client, live_blog)
    control = response["Cache-Control"]
    assert "public" in control and shared_max_age(control) == responses.STATE_SHARED_SECONDS
    assert "max-age=1," in control  # browsers, which nobody can purge, keep it a second
    assert response["X-Accel-Expires"] == str(responses.STATE_SHARED_SECONDS)


def test_urls_purged_for_a_post_are_the_page_its_state_and_the_post(live_blog):
    post = services.add_post(live_blog, body="Fifty for Babar.")
    base = "http://localhost" + live_blog.url
    assert services.urls_showing_post(live_blog, post) == [base, base + "live/state/", base + f"posts/{post.pk}/"]


def test_a_new_post_purges_what_shows_it_and_nothing_else(
    client, newsroom, live_blog, page_cache, django_capture_on_commit_callbacks
):
    old = services.add_post(live_blog, body="Over 10: 60/1.")
    shown = [live_blog.url, f"{live_blog.url}live/state/", f"{live_blog.url}posts/{old.pk}/"]
    elsewhere = ["/", newsroom.sports.url]
    for url in shown + elsewhere:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    with django_capture_on_commit_callbacks(execute=True):
        new = services.add_post(live_blog, body="Over 11: six over long-on!")
    page = client.get(live_blog.url)
    assert page["X-Cache"] == "MISS" and b"six over long-on" in page.content
    polled = client.get(f"{live_blog.url}live/state/")
    assert polled["X-Cache"] == "MISS" and polled.json()["latest"] == new.pk
    for url in elsewhere:
        assert client.get(url)["X-Cache"] == "HIT", url  # the listings show the blog, not its posts


def test_an_edit_purges_the_post_own_page(client, live_blog, page_cache, django_capture_on_commit_callbacks):
    post = services.add_post(live_blog, body="Pakistan 100/2.")
    own = f"{live_blog.url}posts/{post.pk}/"
    client.get(own)
    assert client.get(own)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(post, body="Pakistan 101/2.", correction_note="A run was missed.")
    response = client.get(own)
    assert response["X-Cache"] == "MISS" and b"Pakistan 101/2." in response.content


def test_a_draft_purges_nothing_until_it_is_approved(client, live_blog, page_cache, django_capture_on_commit_callbacks):
    client.get(live_blog.url)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.add_post(live_blog, headline="FLASH: rain stops play", state=LivePost.State.DRAFT)
    assert client.get(live_blog.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(draft)
    response = client.get(live_blog.url)
    assert response["X-Cache"] == "MISS" and b"FLASH: rain stops play" in response.content


def test_the_page_carries_what_its_script_needs(client, live_blog):
    post = services.add_post(live_blog, body="Toss.")
    doc = lxml_html.fromstring(client.get(live_blog.url).content)
    stream = doc.xpath("//*[@data-live-stream]")[0]
    assert stream.get("data-latest") == str(post.pk)
    assert stream.get("data-state-url") == f"{live_blog.url}live/state/"
    assert stream.get("data-after-url") == f"{live_blog.url}live/after-{{after}}-v{{version}}/"
    assert stream.xpath(".//button[@data-live-new-button][@hidden]")
    assert stream.xpath(".//*[@aria-live='polite']")
    assert doc.xpath("//script[contains(@src,'live/live.js')]")
    assert not doc.xpath("//*[@onclick]") and b"javascript:" not in client.get(live_blog.url).content
