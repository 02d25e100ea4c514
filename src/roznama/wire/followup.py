"""What an upsert leaves for a moment later: the search index, the reference index and the
cached pages of the articles it changed, brought up to date many at a time.

A Wagtail publish, done one item at a time, enqueues a search-index task and a
reference-index task for every save of the page and of its story (four or five saves per
item), and lists every URL showing the article (a dozen queries) before it commits. Inside
``deferring()`` none of that happens: the upsert flags its story (``refresh_pending``, in the
same transaction, so nothing is lost if the process dies) and, once it has committed, makes
sure a ``refresh_pages`` task is queued. That task (``refresh_pending``) takes every flagged
story, indexes its article for search and references exactly as Wagtail's own tasks would,
and purges each URL showing any of them once.

With a queue that runs tasks later (the database queue and its worker), one task is queued
per second at most: every item committed before it runs is in its batch.  With the immediate
backend (the test settings) it runs at once, after each commit.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task

from roznama import compat

logger = logging.getLogger(__name__)

# How long a queued batch waits for more items to join it.
BATCH_DELAY = timedelta(seconds=1)
BATCH_SIZE = 200

_search_deferred = contextvars.ContextVar("roznama_wire_search_deferred", default=False)
_install_lock = threading.Lock()
_installed = False
_queue_lock = threading.Lock()
_queued_until: datetime | None = None


def _search_on_save(sender, instance, **kwargs):
    """modelsearch's own post_save handler, except inside ``deferring()``."""
    if _search_deferred.get():
        return
    from modelsearch.signal_handlers import post_save_signal_handler

    post_save_signal_handler(instance=instance, sender=sender, **kwargs)


def _install() -> None:
    """Route the article's search-index signal through ``_search_on_save`` (once per process;
    outside ``deferring()`` it behaves exactly as before)."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        from modelsearch.signal_handlers import post_save_signal_handler

        from roznama.news.models import ArticlePage

        if post_save.disconnect(post_save_signal_handler, sender=ArticlePage):
            post_save.connect(_search_on_save, sender=ArticlePage, dispatch_uid="roznama_wire_search_on_save")
        _installed = True


@contextlib.contextmanager
def deferring():
    """Upsert inside this block; then flag the story (``refresh_pending = True``) and call
    ``schedule()`` for the pages it touched."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from roznama.cache.purge import deferred_page_purges

    _install()
    token = _search_deferred.set(True)
    try:
        with disable_reference_index_auto_update(), deferred_page_purges() as pages:
            yield pages
    finally:
        _search_deferred.reset(token)


def schedule() -> None:
    """Make sure a ``refresh_pages`` task runs after the current transaction commits."""
    transaction.on_commit(_enqueue, robust=True)


@task()
def refresh_pages() -> int:
    """Search index, reference index and purges for the articles the wire changed lately.
    The task lives beside what it runs, so the module that queues it need not import a
    module that imports it back."""
    return refresh_pending()


def _enqueue() -> None:
    global _queued_until
    if not refresh_pages.get_backend().supports_defer:
        refresh_pages.enqueue()  # the immediate backend: runs now, this item alone
        return
    now = timezone.now()
    with _queue_lock:
        # A batch queued to run after now will see this commit: nothing to add.
        if _queued_until is not None and now < _queued_until:
            return
        _queued_until = now + BATCH_DELAY
        run_after = _queued_until
    refresh_pages.using(run_after=run_after).enqueue()


def refresh_pending(batch_size: int = BATCH_SIZE) -> int:
    """Bring every flagged story's article up to date; returns how many stories."""
    done = 0
    while True:
        count = _refresh_batch(batch_size)
        done += count
        if count < batch_size:
            return done


def _refresh_batch(batch_size: int) -> int:
    from modelcluster.models import get_all_child_relations

    from roznama.news.models import ArticlePage

    from .models import WireStory

    with transaction.atomic():
        # Stories an ingest holds right now are left to the batch queued after its commit.
        stories = list(
            WireStory.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(refresh_pending=True)
            .order_by("id")[:batch_size]
        )
        if not stories:
            return 0
        WireStory.objects.filter(pk__in=[s.pk for s in stories]).update(refresh_pending=False)
        # Everything the search index and the reference index read of a page, read for all.
        relations = [r.get_accessor_name() for r in get_all_child_relations(ArticlePage)]
        pages = list(
            ArticlePage.objects.filter(pk__in={s.page_id for s in stories if s.page_id})
            .select_related("locale")
            .prefetch_related("tags", *relations)
        )
        refresh_now(pages, also=stories)
    return len(stories)


def refresh_now(pages, also=()) -> None:
    """Index these pages for search (as modelsearch's own task: what their models' indexed
    objects hold, to every backend), update their references and those of ``also``, and
    purge every URL that shows them once the transaction commits."""
    from collections import defaultdict

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from roznama.cache import purge

    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, objects in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        _index(model, [p for p in objects if p.content_type_id == content_type.pk])
    update_references([obj for obj in [*pages, *also] if ReferenceIndex.is_indexed(type(obj))])
    purge.purge_pages(pages)


def update_references(objects) -> None:
    """Wagtail's ``ReferenceIndex.create_or_update_for_object`` for many objects at once: each
    object's references found as Wagtail finds them, the rows already recorded read in one
    query per kind of object, the missing ones written in one statement and the stale ones
    deleted in one (instead of three or four queries per object)."""
    from collections import defaultdict

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import ReferenceIndex

    by_base = defaultdict(list)  # base content type id -> [(object, its content types, its references)]
    for obj in objects:
        content_types = [
            ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
            for model_or_object in ([obj] + obj._meta.get_parent_list())
        ]
        by_base[content_types[-1].pk].append((obj, content_types, compat.references_of(obj)))
    new_rows, stale_ids = [], []
    for base_id, entries in by_base.items():
        existing = defaultdict(dict)  # object id -> {reference: (content type id, row id)}
        rows = ReferenceIndex.objects.filter(
            base_content_type_id=base_id, object_id__in=[str(obj.pk) for obj, _, _ in entries]
        ).values_list(
            "id", "object_id", "content_type_id", "to_content_type", "to_object_id", "model_path", "content_path"
        )
        for row_id, object_id, content_type_id, *reference in rows:
            existing[object_id][tuple(reference)] = (content_type_id, row_id)
        for obj, content_types, references in entries:
            recorded = existing.get(str(obj.pk), {})
            known = {ct.pk for ct in content_types}
            for to_content_type_id, to_object_id, model_path, content_path in references - recorded.keys():
                new_rows.append(
                    ReferenceIndex(
                        content_type=content_types[0],
                        base_content_type_id=base_id,
                        object_id=obj.pk,
                        to_content_type_id=to_content_type_id,
                        to_object_id=to_object_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=compat.content_path_hash(content_path),
                    )
                )
            # As Wagtail: a row recorded under a more specific model than this one is kept.
            stale_ids += [
                row_id
                for reference, (content_type_id, row_id) in recorded.items()
                if reference not in references and content_type_id in known
            ]
    if new_rows:
        ReferenceIndex.objects.bulk_create(new_rows, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if stale_ids:
        ReferenceIndex.objects.filter(id__in=stale_ids).delete()


def _index(model, objects) -> None:
    from modelsearch.backends import get_search_backends_with_name
    from modelsearch.index import class_is_indexed

    if not objects or not class_is_indexed(model):
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objects)
        except Exception:
            # As modelsearch does: an external search service being down must not lose the
            # stories; the database backend's errors stop the batch (it is retried).
            logger.exception("indexing %d %s in the '%s' search backend failed", len(objects), model.__name__, name)
            if not backend.catch_indexing_errors:
                raise
