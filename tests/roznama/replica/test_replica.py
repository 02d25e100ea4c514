"""Anonymous renders read the replica; editors, previews and reads after a write read the
primary; a lagging replica never shows an editor or a purge an old page; a replica that is
down sends reads to the primary, never a 500.  Against a real primary and streaming replica."""

from __future__ import annotations

import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from django.core.cache import caches

from roznama.cache import store
from roznama.cache.conf import conf
from roznama.cache.routers import chosen_alias, reading_for_readers
from roznama.news.models import ArticlePage, Author

from .conftest import QueriesPerAlias, needs_replica, primary_stopped, replay_paused, replica_stopped, wait_for_replica

pytestmark = [
    pytest.mark.replica,
    needs_replica,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]


@pytest.fixture
def story(newsroom):
    return newsroom.article("Talks resume in Moscow")


@pytest.fixture
def editor_client(admin_client):
    return admin_client  # signed in through both steps (tests/roznama/conftest.py)


def settled(client, *urls):
    """The site as it is once running: its first render has made the settings rows it needs
    (a write, read back from the primary), the caches are empty again and the replica has
    caught up."""
    for url in urls:
        assert client.get(url).status_code == 200
    caches[conf().alias].clear()
    wait_for_replica()


def retitle(page, title, publish=True):
    page = ArticlePage.objects.get(pk=page.pk)
    page.title = title
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def test_the_replica_is_a_streaming_standby_of_the_primary():
    assert connections["replica"].settings_dict["PORT"] != connections["default"].settings_dict["PORT"]
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_replication")
        assert [row[0] for row in cursor.fetchall()] == ["streaming"]


def test_the_first_render_writes_its_settings_and_reads_them_back_from_the_primary(client, story):
    wait_for_replica()
    with replay_paused():
        with QueriesPerAlias() as queries:
            response = client.get(story.url)
    assert response.status_code == 200 and b"Talks resume in Moscow" in response.content
    written = [sql for sql in queries.sql("default") if sql.startswith("INSERT")]
    assert written, "the first render was expected to create the site's settings rows"
    # Everything after the first write was read on the primary, not on the paused replica.
    first_write = queries.sql("default").index(written[0])
    assert len(queries.sql("default")) > first_write + 3


def test_an_anonymous_render_reads_the_replica_only(client, story):
    settled(client, story.url)
    with QueriesPerAlias() as queries:
        response = client.get(story.url)
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    assert b"Talks resume in Moscow" in response.content
    assert queries.count("default") == 0, "\n".join(queries.sql("default"))
    assert queries.count("replica") >= 3  # the check of its position, the site, the page, ...
    # The next reader gets the cached copy: no query at all.
    with QueriesPerAlias() as queries:
        assert client.get(story.url)["X-Cache"] == "HIT"
    assert queries.count("default") == queries.count("replica") == 0


def test_an_editor_reads_the_primary_and_sees_an_edit_the_replica_has_not_replayed(editor_client, story):
    wait_for_replica()
    with replay_paused():
        retitle(story, "Talks resume in Geneva")
        # The lag is real: the replica still has the old title.
        assert ArticlePage.objects.using("replica").get(pk=story.pk).title == "Talks resume in Moscow"
        with QueriesPerAlias() as queries:
            page = editor_client.get(story.url)
            edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
        assert page.status_code == 200 and b"Talks resume in Geneva" in page.content
        assert edit.status_code == 200 and b"Talks resume in Geneva" in edit.content
        assert queries.count("replica") == 0
        assert queries.count("default") > 0


def test_a_preview_reads_the_primary_while_the_replica_lags(editor_client, story):
    wait_for_replica()
    with replay_paused():
        retitle(story, "Draft: talks move to Vienna", publish=False)
        with QueriesPerAlias() as queries:
            preview = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
        assert preview.status_code == 200
        assert b"Draft: talks move to Vienna" in preview.content
        assert queries.count("replica") == 0


def test_after_a_write_the_same_request_reads_the_primary():
    wait_for_replica()
    with reading_for_readers():  # as the page cache middleware runs an anonymous render
        with QueriesPerAlias() as queries:
            assert not Author.objects.filter(slug="sana-mir").exists()
        assert chosen_alias() == "replica" and queries.count("default") == 0
        with replay_paused():
            with QueriesPerAlias() as queries:
                Author.objects.create(name="Sana Mir", slug="sana-mir")
                # The replica has not applied the insert, yet the request sees its own write.
                assert Author.objects.filter(slug="sana-mir").exists()
            assert not Author.objects.using("replica").filter(slug="sana-mir").exists()
            assert queries.count("replica") == 0


def test_a_purge_during_lag_never_caches_the_old_page(client, story):
    settled(client, story.url)
    first = client.get(story.url)
    assert first["X-Cache"] == "MISS" and b"Talks resume in Moscow" in first.content
    assert client.get(story.url)["X-Cache"] == "HIT"
    with replay_paused():
        retitle(story, "Talks resume in Geneva")  # the publish purges the page after its commit
        time.sleep(1)  # the replica stays behind: its replay is paused
        assert ArticlePage.objects.using("replica").get(pk=story.pk).title == "Talks resume in Moscow"
        with QueriesPerAlias() as queries:
            after = client.get(story.url)
        assert after["X-Cache"] == "MISS"
        assert b"Talks resume in Geneva" in after.content and b"Talks resume in Moscow" not in after.content
        # Only the check of the replica's position went there; the page was read on the primary.
        assert queries.count("replica") == 1 and "pg_last_wal_replay_lsn" in queries.sql("replica")[0]
        again = client.get(story.url)
        assert again["X-Cache"] == "HIT" and b"Talks resume in Geneva" in again.content
    # Once the replica has caught up, renders read it again.
    wait_for_replica()
    store.purge_paths([story.url])
    with QueriesPerAlias() as queries:
        caught_up = client.get(story.url)
    assert b"Talks resume in Geneva" in caught_up.content
    assert queries.count("default") == 0 and queries.count("replica") > 1, "\n".join(queries.sql("default"))


@pytest.mark.slow
def test_with_the_replica_down_readers_are_served_from_the_primary(client, story, newsroom):
    settled(client, story.url, newsroom.world.url)
    assert client.get(story.url).status_code == 200  # a connection to the replica is open
    with replica_stopped():
        started = time.monotonic()
        with QueriesPerAlias() as queries:
            response = Client(raise_request_exception=False).get(newsroom.world.url)
        first_seconds = time.monotonic() - started
        assert response.status_code == 200 and b"Talks resume in Moscow" in response.content
        assert queries.count("default") > 0
        # The replica is left alone for a while: the next render does not even try it.
        store.purge_paths([story.url])
        with QueriesPerAlias() as queries:
            assert client.get(story.url).status_code == 200
        assert queries.count("replica") == 0
        print(f"\nreplica down: first render {first_seconds * 1000:.0f} ms, served from the primary")
    # Started again, it is read once more.
    store.purge_paths([story.url])
    with QueriesPerAlias() as queries:
        assert client.get(story.url).status_code == 200
    assert queries.count("replica") > 0 and queries.count("default") == 0


@pytest.mark.slow
def test_with_the_primary_down_readers_get_pages_and_editors_a_clear_message(client, story, newsroom, editor_client):
    settled(client, story.url, newsroom.world.url)
    assert client.get(story.url).status_code == 200  # now in the page cache
    assert editor_client.get("/admin/").status_code == 200
    editor_client.raise_request_exception = False
    reader = Client(raise_request_exception=False)
    with primary_stopped():
        started = time.monotonic()
        cached = reader.get(story.url)
        assert cached.status_code == 200 and b"Talks resume in Moscow" in cached.content
        # A page whose copy was purged (a publish just before the outage) is rendered again,
        # from the replica, or handed out as the last copy: the reader sees the story either way.
        store.purge_paths([newsroom.world.url])
        section = reader.get(newsroom.world.url)
        assert section.status_code == 200 and b"Talks resume in Moscow" in section.content
        reader_seconds = time.monotonic() - started
        # An editor's admin needs the primary (the session, the page tree): a clear message.
        admin = editor_client.get("/admin/")
        assert admin.status_code == 503 and admin["Retry-After"]
        assert b"everything you saved is safe" in admin.content
        print(
            f"\nprimary down: two reader pages in {reader_seconds * 1000:.0f} ms "
            f"({cached.get('X-Cache')}, {section.get('X-Cache')}); the editor got 503 with Retry-After"
        )
    # Back again: the editor works on.
    assert editor_client.get("/admin/").status_code == 200
