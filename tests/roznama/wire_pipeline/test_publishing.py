"""A story published straight from the wire (the publishing module's batched route) leaves
what Wagtail's own add_child, save_revision and publish leave, and its search index entry,
references and history catch up after the commit in one batch.

On PostgreSQL each comparison runs twice: with the rows written in few statements (the
default there) and one by one (as on SQLite), so both ways are held to Wagtail's."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from roznama.news.models import ArticlePage
from roznama.wire import followup
from roznama.wire.models import QuarantinedItem, WireSource, WireStory
from roznama.wire.pipeline import ingest_pass, ingest_payload


WAYS = ["one by one"] + (["in few statements"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])


@pytest.fixture(params=WAYS)
def both_ways(request, settings):
    """The batched route writing its rows one by one, and (PostgreSQL) in few statements."""
    settings.ROZNAMA_PUBLISH_IN_FEW_STATEMENTS = request.param == "in few statements"
    return request.param


def ninjs(n: int, version: int = 1, *, headline: str | None = None, pubstatus: str = "usable", keywords=()) -> bytes:
    return json.dumps(
        {
            "uri": f"urn:test:ninjs:{n}",
            "version": str(version),
            "type": "text",
            "language": "en",
            "versioncreated": "2026-01-01T10:00:00+00:00",
            "pubstatus": pubstatus,
            "headline": headline or f"Ferry timetable {n} changes on the coast",
            "description_text": "A standfirst.",
            "body_html": f"<p>KARACHI (Test) - The new timetable {n} starts on Monday.</p><p>Fares stay the same.</p>",
            "copyrightholder": "Test",
            "keywords": list(keywords),
        }
    ).encode()


@pytest.fixture
def source(newsroom):
    return WireSource.objects.create(
        name="Test wire", kind="folder", location="/nonexistent", default_section_slug="world", auto_publish=True
    )


def history(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page_id=page.pk).order_by("timestamp", "id").values_list("action", flat=True)
    )


def wagtail_twin(section, fields) -> ArticlePage:
    """The same story through Wagtail's own calls, as the pipeline made it before."""
    page = ArticlePage(**fields, live=False, slug="twin")
    section.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    return ArticlePage.objects.get(pk=page.pk)


CONTENT_FIELDS = [
    "title",
    "draft_title",
    "standfirst",
    "credit",
    "dateline_place",
    "dateline_agency",
    "origin",
    "wire_agency",
    "live",
    "has_unpublished_changes",
    "expired",
    "locale_id",
    "depth",
    "numchild",
    "show_in_menus",
    "locked",
    "go_live_at",
    "withdrawn_at",
    "withdrawn_by",
    "updated_at",
]


def test_a_published_story_leaves_what_wagtails_own_publish_leaves(both_ways, client, newsroom, source):
    result = ingest_payload(ninjs(1), source=source, filename="one.json")
    assert [o for _, o in result.outcomes] == ["published"]
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:1")
    twin = wagtail_twin(
        newsroom.world,
        {
            f: getattr(page, f)
            for f in [
                "title",
                "standfirst",
                "credit",
                "dateline_place",
                "dateline_country",
                "dateline_agency",
                "body",
                "origin",
                "wire_agency",
                "wire_id",
                "wire_version",
            ]
        },
    )
    for field in CONTENT_FIELDS:
        assert getattr(page, field) == getattr(twin, field), field
    assert page.get_parent().pk == newsroom.world.pk and page.url_path == f"{newsroom.world.url_path}{page.slug}/"
    assert page.path != twin.path and Page.objects.get(pk=newsroom.world.pk).numchild == 2
    assert page.first_published_at and page.last_published_at
    assert page.live_revision_id == page.latest_revision_id
    assert page.latest_revision_created_at == page.latest_revision.created_at
    assert history(page) == history(twin) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    assert PageLogEntry.objects.filter(page_id=page.pk).first().revision_id == page.latest_revision_id
    # The revision holds the page as Wagtail would have serialised it.
    ours, theirs = page.latest_revision.content, twin.latest_revision.content
    differ = {
        "pk",
        "path",
        "slug",
        "url_path",
        "translation_key",
        "wire_id",
        "latest_revision_created_at",
        "draft_title",
        "title",
    }
    assert ours.keys() == theirs.keys()
    # The body is a JSON string; PostgreSQL hands the twin's back with its keys reordered.
    assert json.loads(ours["body"]) == json.loads(theirs["body"])
    differ.add("body")
    assert {k: v for k, v in ours.items() if k not in differ} == {k: v for k, v in theirs.items() if k not in differ}
    # Its own place in the tree, as the page has it.
    saved = page.serializable_data()
    for name in ("pk", "path", "depth", "numchild", "slug", "url_path", "locale", "title", "draft_title"):
        assert ours[name] == saved[name], name
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 1
    assert client.get(page.url).status_code == 200


def test_a_new_version_updates_the_article_as_wagtail_would(both_ways, client, newsroom, source):
    ingest_payload(ninjs(2), source=source, filename="v1.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:2")
    first_published = page.first_published_at
    result = ingest_payload(
        ninjs(2, 2, headline="Ferry timetable delayed by a week"), source=source, filename="v2.json"
    )
    assert [o for _, o in result.outcomes] == ["updated and republished"]
    page.refresh_from_db()
    assert page.title == page.draft_title == "Ferry timetable delayed by a week" and page.wire_version == 2
    assert page.live and not page.has_unpublished_changes and page.first_published_at == first_published
    assert page.live_revision_id == page.latest_revision_id and page.updated_at is not None
    assert page.latest_revision.content["title"] == "Ferry timetable delayed by a week"
    assert history(page) == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.publish",
        "wagtail.edit",
        "wagtail.rename",
        "wagtail.publish",
    ]
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2
    assert "Ferry timetable delayed by a week" in client.get(page.url).content.decode()


def test_an_editors_author_and_a_keyword_survive_into_the_revision(both_ways, newsroom, source):
    ingest_payload(ninjs(3, keywords=["ferries"]), source=source, filename="v1.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:3")
    assert [t.name for t in page.tags.all()] == ["ferries"]
    assert [item["tag"] for item in page.latest_revision.content["tagged_items"]] == [page.tags.get().pk]
    from roznama.news.models import ArticleAuthor

    ArticleAuthor.objects.create(page=page, author=newsroom.author("Sana Mir"), sort_order=0)
    ingest_payload(ninjs(3, 2), source=source, filename="v2.json")
    page.refresh_from_db()
    content = page.latest_revision.content
    assert [a["author"] for a in content["authors"]] == [page.authors.get().author_id]
    assert [t.name for t in page.tags.all()] == ["ferries"]


def test_an_editors_comment_stays_with_the_article_through_a_new_version(
    both_ways, newsroom, source, django_user_model
):
    from wagtail.models import Comment

    ingest_payload(ninjs(7), source=source, filename="v1.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:7")
    editor = django_user_model.objects.create_user("editor", password="x")
    comment = Comment.objects.create(
        page=page,
        user=editor,
        text="Check the figures",
        contentpath="title",
        position="",
        revision_created=page.latest_revision,
    )
    ingest_payload(ninjs(7, 2), source=source, filename="v2.json")
    page.refresh_from_db()
    assert list(page.wagtail_admin_comments.values_list("pk", "text")) == [(comment.pk, "Check the figures")]
    assert [c["text"] for c in page.latest_revision.content["wagtail_admin_comments"]] == ["Check the figures"]


def test_an_alias_of_the_article_follows_its_new_version(
    both_ways, newsroom, source, django_capture_on_commit_callbacks
):
    ingest_payload(ninjs(8), source=source, filename="v1.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:8")
    alias = page.create_alias(parent=newsroom.sports, update_slug="ferries-in-sports")
    with django_capture_on_commit_callbacks(execute=True):
        ingest_payload(ninjs(8, 2, headline="Ferry crews walk out"), source=source, filename="v2.json")
    alias = ArticlePage.objects.get(pk=alias.pk)
    assert alias.title == "Ferry crews walk out" and alias.live
    assert set(ArticlePage.objects.live().search("crews")) == {page, alias}


def test_search_and_references_catch_up_after_the_commit(
    both_ways, newsroom, source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ingest_payload(ninjs(4, headline="Lighthouse keepers vote on strike"), source=source, filename="a.json")
    story = WireStory.objects.get(item_id="urn:test:ninjs:4")
    assert story.refresh_pending  # flagged in the item's own transaction
    assert not ArticlePage.objects.live().search("lighthouse")
    for callback in callbacks:
        callback()  # the commit: the refresh task runs (the immediate backend of the test settings)
    story.refresh_from_db()
    assert not story.refresh_pending
    page = ArticlePage.objects.get(pk=story.page_id)
    assert list(ArticlePage.objects.live().search("lighthouse")) == [page]
    assert ReferenceIndex.get_references_to(page).filter(base_content_type__model="wirestory").exists()


def test_with_a_queue_one_task_does_a_pass_and_a_lost_task_is_queued_again(
    newsroom, source, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from roznama.wire.tasks import poll_due_sources

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    followup._queued_until = None
    with django_capture_on_commit_callbacks(execute=True), ingest_pass():
        for n in range(10, 15):
            assert ingest_payload(ninjs(n), source=source, filename=f"{n}.json").ok
    # One refresh for the pass, not a search and a reference task per save.
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["roznama.wire.followup.refresh_pages"]
    assert WireStory.objects.filter(refresh_pending=True).count() == 5
    assert followup.refresh_pending() == 5
    assert ArticlePage.objects.live().search("timetable").count() == 5
    assert not WireStory.objects.filter(refresh_pending=True).exists()

    # A flagged story whose task never made it to the queue is found by the periodic job.
    DBTaskResult.objects.all().delete()
    WireStory.objects.filter(item_id="urn:test:ninjs:10").update(refresh_pending=True)
    followup._queued_until = None
    with django_capture_on_commit_callbacks(execute=True):
        poll_due_sources.call()
    assert "roznama.wire.followup.refresh_pages" in DBTaskResult.objects.values_list("task_path", flat=True)
    followup._queued_until = None


def test_drafts_and_kills_still_go_through_wagtail(client, newsroom):
    manual = WireSource.objects.create(name="By hand", kind="manual", default_section_slug="world", auto_publish=False)
    ingest_payload(ninjs(5), source=manual, filename="draft.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:5")
    assert not page.live and page.has_unpublished_changes and history(page) == ["wagtail.create", "wagtail.edit"]
    auto = WireSource.objects.create(
        name="Auto", kind="folder", location="/x", default_section_slug="world", auto_publish=True
    )
    ingest_payload(ninjs(6), source=auto, filename="v1.json")
    ingest_payload(ninjs(6, 2, pubstatus="canceled"), source=auto, filename="kill.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:6")
    assert not page.live and page.withdrawn_by
    assert client.get(page.url).status_code == 410


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_passes_into_one_section_give_every_story_its_own_place(both_ways, newsroom, run_at_once):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; the suite's PostgreSQL run covers this")
    source = WireSource.objects.create(
        name="Busy wire", kind="folder", location="/x", default_section_slug="world", auto_publish=True
    )

    def one_pass(first):
        with ingest_pass():
            for n in range(first, first + 6):
                # Every story has the same headline: the slugs must still differ.
                ingest_payload(ninjs(n, headline="Same headline everywhere"), source=source, filename=str(n))

    errors = run_at_once(one_pass, [100 + 10 * i for i in range(4)])
    assert not errors, errors
    assert not QuarantinedItem.objects.exists(), list(QuarantinedItem.objects.values_list("reason", flat=True))
    world = Page.objects.get(pk=newsroom.world.pk)
    children = list(world.get_children())
    assert len(children) == world.numchild == 24
    assert len({p.slug for p in children}) == 24
    assert len({p.path for p in children}) == 24


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ingest_with_jobs_creates_each_article_once_and_keeps_every_version(newsroom, tmp_path, capsys):
    from django.core.management import call_command

    from roznama.wire import parallel

    WireSource.objects.create(
        name="Busy wire", kind="folder", location="/x", default_section_slug="world", auto_publish=True
    )
    drop = tmp_path / "drop"
    drop.mkdir()
    # Twelve stories with one headline; each sent twice more (versions 2 and 3, with their own
    # headlines), the later versions' files named so that they are read after the first.
    for n in range(12):
        (drop / f"a-{n:02}.json").write_bytes(ninjs(n, headline="Same headline everywhere"))
        (drop / f"b-{n:02}.json").write_bytes(ninjs(n, 2, headline=f"Second take {n}"))
        (drop / f"c-{n:02}.json").write_bytes(ninjs(n, 3, headline=f"Third take {n}"))
    (drop / "d-broken.json").write_bytes(b"{not json")
    # On PostgreSQL the files really are spread over processes (SQLite ingests them here).
    assert parallel.can_fork() == (connection.vendor == "postgresql")
    call_command("ingest", "--path", str(drop), "--source", "Busy wire", "--jobs", "3")
    out = capsys.readouterr().out
    assert "37 file(s) ingested, 0 already seen, 1 quarantined." in out
    assert out.count(": published\n") == 12 and out.count(": updated and republished\n") == 24
    assert "unchanged" not in out  # no version arrived after a newer one
    stories = list(WireStory.objects.filter(source__name="Busy wire"))
    assert len(stories) == 12 and all(s.version == 3 and s.status == WireStory.Status.PUBLISHED for s in stories)
    world = Page.objects.get(pk=newsroom.world.pk)
    children = list(ArticlePage.objects.child_of(world))
    assert len(children) == world.numchild == 12
    assert len({p.slug for p in children}) == 12 and len({p.path for p in children}) == 12
    for page in children:
        assert page.live and page.wire_version == 3 and page.title.startswith("Third take")
        # Every version a revision, in order.
        titles = [r.content["title"] for r in Revision.objects.for_instance(page).order_by("created_at", "id")]
        assert titles == ["Same headline everywhere", page.title.replace("Third", "Second"), page.title]
    assert QuarantinedItem.objects.filter(filename="d-broken.json").count() == 1
    # Again: every file was claimed once.
    call_command("ingest", "--path", str(drop), "--source", "Busy wire", "--jobs", "3")
    assert "0 file(s) ingested, 37 already seen" in capsys.readouterr().out


def test_a_storys_files_go_to_one_process_in_their_order():
    from roznama.wire.parallel import share_out

    class Source:
        agency = ""

    names = [
        ("a1", ninjs(1)),
        ("b1", ninjs(2)),
        ("a2", ninjs(1, 2)),
        ("c1", ninjs(3)),
        ("bad", b"{"),
        ("b2", ninjs(2, 2)),
        ("a3", ninjs(1, 3)),
        ("d1", ninjs(4)),
    ]
    shares = share_out(names, 2, Source())
    assert sorted(i for share in shares for i in share) == list(range(len(names)))
    by_name = {names[i][0]: (p, i) for p, share in enumerate(shares) for i in share}
    for story in ("a", "b"):
        processes = {by_name[n][0] for n in by_name if n.startswith(story) and n != "bad"}
        assert len(processes) == 1
    for share in shares:
        assert share == sorted(share)
    assert abs(len(shares[0]) - len(shares[1])) <= 2


def test_references_updated_together_are_the_rows_wagtail_records_one_by_one(
    both_ways, newsroom, source, image_factory
):
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from roznama.wire.followup import update_references

    for n in range(3):
        ingest_payload(ninjs(40 + n, keywords=["ferries"]), source=source, filename=f"{n}.json")
    pages = list(ArticlePage.objects.filter(wire_id__startswith="urn:test:ninjs:4").order_by("pk"))
    stories = list(WireStory.objects.filter(page__in=pages))
    picture = image_factory()
    with disable_reference_index_auto_update():  # the references are left behind by these edits
        pages[0].lead_image = picture
        pages[0].save()
        pages[1].authors.create(author=newsroom.author("Sana Mir"), sort_order=0)
        pages[1].save()
        pages[2].lead_image = picture
        pages[2].save()
        ReferenceIndex.create_or_update_for_object(pages[2])  # recorded; then the picture is taken away
        pages[2].lead_image = None
        pages[2].save()
    assert ReferenceIndex.objects.filter(object_id=str(pages[2].pk), content_path="lead_image").exists()
    assert not ReferenceIndex.objects.filter(object_id=str(pages[0].pk), content_path="lead_image").exists()
    objects = [*ArticlePage.objects.filter(pk__in=[p.pk for p in pages]), *stories]

    from django.contrib.contenttypes.models import ContentType

    ours = ReferenceIndex.objects.filter(
        object_id__in=[str(o.pk) for o in objects],
        base_content_type__in=[ContentType.objects.get_for_model(Page), ContentType.objects.get_for_model(WireStory)],
    )

    def rows():
        return sorted(
            ours.values_list(
                "content_type_id",
                "base_content_type_id",
                "object_id",
                "to_content_type_id",
                "to_object_id",
                "model_path",
                "content_path",
                "content_path_hash",
            )
        )

    update_references(objects)
    together = rows()
    ours.delete()
    for obj in objects:
        ReferenceIndex.create_or_update_for_object(obj)
    assert together == rows()
    assert any(r[6] == "lead_image" and r[2] == str(pages[0].pk) for r in together)
    assert not any(r[6] == "lead_image" and r[2] == str(pages[2].pk) for r in together)  # the stale row went
    assert any(r[2] == str(stories[0].pk) and r[5] == "page" for r in together)


def test_a_new_version_clears_an_editors_schedule_as_wagtails_publish_does(both_ways, newsroom, source):
    from datetime import timedelta

    from django.utils import timezone

    ingest_payload(ninjs(50), source=source, filename="v1.json")
    page = ArticlePage.objects.get(wire_id="urn:test:ninjs:50")
    page.title = "An editor's retitle for tomorrow"
    scheduled = page.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))
    ingest_payload(ninjs(50, 2, headline="Ferry timetable 50, second take"), source=source, filename="v2.json")
    scheduled.refresh_from_db()
    page.refresh_from_db()
    assert scheduled.approved_go_live_at is None
    assert (
        page.live
        and page.title == "Ferry timetable 50, second take"
        and page.live_revision_id == page.latest_revision_id
    )
    assert history(page)[-3:] == ["wagtail.edit", "wagtail.rename", "wagtail.publish"]
