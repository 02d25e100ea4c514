"""The batched route of :mod:`roznama.publishing`: an article published at once, the rows
Wagtail's ``add_child``, then ``save_revision(log_action=True)``, then ``revision.publish()``
leave behind, written directly.  The wire's stories and an imported archive come this way.

Going through those three calls costs about seventy queries per story: the page is saved
three times, validated twice (with a query per foreign key and per unique field), loaded
back from its own revision, its child rows are re-read and re-written, and every save
enqueues index tasks.  For a story the pipeline has just built, most of that is known in
advance: here the page is inserted once under a lock on its section (so the tree path is
right under concurrency), validated once without queries, its revision is serialised from
the page in memory, and the page row is then updated once.  What Wagtail leaves behind is
the same: the page and its tree position, one revision holding the page's content, the
page live on that revision, the "create", "edit" and "publish" entries of its history (and
"rename" when the headline changed), ``page_published`` and ``published`` sent.  An update also
clears approved schedules, cancels a moderation workflow in progress, updates aliases and
comment positions, as Wagtail's publish does.

On PostgreSQL (unless ``ROZNAMA_PUBLISH_IN_FEW_STATEMENTS`` is off) the same rows are written in
fewer statements: a new article's and its
revision's ids are taken from their sequences with the story's own insert, the story row and
the history go with the statement that locks the section, and the page, its tags and its
revision are written together (``_create_published_late_lock``); a new version of an article
with no workflow and no aliases writes its revision, the page and the story in one statement
(``_publish_update_together``).  Those rows are the ones ``save()`` writes (Django's own
INSERT and UPDATE compilers make the SQL), with ``pre_save`` and ``post_save`` sent for each.

Search and reference indexes and cache purges happen in ``roznama.wire.followup`` (the
pipeline's ``deferring()`` block), as Wagtail's own post-save tasks would have.

``tests/roznama/wire_pipeline/test_publishing.py`` checks every row against the same story
published through Wagtail's own calls, on each database and, on PostgreSQL, both ways.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, Subquery, sql
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from modelcluster.models import ClusterableModel, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from roznama import compat
from roznama.news.models import ArticlePage

from .slugs import free_slug, slug_base

# Fields of the page row a publish writes, beside the content.
_PUBLISH_FIELDS = [
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "live",
    "live_revision",
    "expired",
    "first_published_at",
    "last_published_at",
]


def writes_together() -> bool:
    """Whether the rows go to the database in few statements (data-modifying WITH clauses and
    ids from the sequences: PostgreSQL's), or one by one as ``save()`` writes them."""
    return connection.vendor == "postgresql" and getattr(settings, "ROZNAMA_PUBLISH_IN_FEW_STATEMENTS", True)


def validate(page: ArticlePage, also_exclude=()) -> None:
    """Wagtail's validation of the page's own fields (lengths, choices, the body's blocks),
    without the database checks: the foreign keys and the tree position are set here."""
    page.clean_fields(exclude=[f.name for f in page._meta.concrete_fields if f.is_relation] + list(also_exclude))


def _save(page: ArticlePage, update_fields=None) -> None:
    # Page.save's own housekeeping (slug, url_path, locale, the site-root check) is done by
    # the callers; the model is saved as a cluster so that tags added in memory are written.
    ClusterableModel.save(page, update_fields=update_fields)


def create_published(
    section,
    fields: dict,
    *,
    keywords=(),
    fallback_slug: str = "",
    before_lock=None,
    ids=None,
    published_at=None,
    slug: str = "",
    children=None,
) -> ArticlePage:
    """A new live article under ``section``, with its first revision.

    ``before_lock(page)``, when given, is called once the page has its id and before the
    section is locked (on PostgreSQL), or after the page is written (elsewhere); it returns
    the rows to save with it (which are saved then).  ``ids``: the page's and its revision's
    ids, taken already from their sequences (PostgreSQL).  ``published_at``: (first, last)
    publication times to record instead of now.  ``slug``: the slug wanted (made free among the
    siblings), instead of the headline's.  ``children``: the page's child rows by relation
    (``{"authors": [ArticleAuthor(...)], "tagged_items": [...]}``), written with it and held
    by its revision, as when an editor fills them in before the first publish."""
    children = {name: list(rows) for name, rows in (children or {}).items()}
    if writes_together():
        return _create_published_late_lock(
            section,
            fields,
            keywords=keywords,
            fallback_slug=fallback_slug,
            before_lock=before_lock,
            ids=ids,
            published_at=published_at,
            slug=slug,
            children=children,
        )
    page = _create_published(
        section,
        fields,
        keywords=keywords,
        fallback_slug=fallback_slug,
        published_at=published_at,
        slug=slug,
        children=children,
    )
    if before_lock is not None:
        for obj in before_lock(page) or ():
            obj.save()
    return page


def _lock_section(section, before=()) -> Page:
    """Count the new child on the section first: that locks its row (as treebeard's add_child
    does), so concurrent stories get distinct paths and slugs. (PostgreSQL: the ``before``
    statements are run in the same round trip.)"""
    table = connection.ops.quote_name(Page._meta.db_table)
    row = _execute_together(
        list(before),
        f"UPDATE {table} SET numchild = numchild + 1 WHERE id = %s "  # nosec B608 - the quoted table name from the model; the id is a parameter
        "RETURNING path, depth, numchild - 1, url_path, locale_id",
        [section.pk],
        fetch=True,
    )
    return Page(pk=section.pk, path=row[0], depth=row[1], numchild=row[2], url_path=row[3], locale_id=row[4])


def _place(page: ArticlePage, section, parent: Page, base: str) -> None:
    """The page's slug and tree path under ``parent`` (locked), from one read of the siblings
    whose slugs could clash and of the last sibling's path."""
    page.depth = parent.depth + 1
    children = Page.objects.filter(path__startswith=parent.path, depth=page.depth)
    last_path = children.order_by("-path").values("path")[:1]
    siblings = list(children.filter(Q(slug__startswith=base) | Q(path=Subquery(last_path))).values_list("slug", "path"))
    page.slug = free_slug(base, [slug for slug, _ in siblings if slug.startswith(base)])
    if parent.numchild == 0 or not siblings:
        page.path = compat.first_child_path(parent.path, page.depth)
    else:
        page.path = compat.next_sibling_path(max(path for _, path in siblings))
    if len(page.path) > Page._meta.get_field("path").max_length:
        raise PathOverflow("the section holds too many pages for its tree path")
    page.numchild = 0
    page.locale_id = parent.locale_id
    page.url_path = parent.url_path + page.slug + "/"
    section.numchild = parent.numchild + 1


def _no_children(page: ArticlePage, keywords, children=None) -> None:
    # A new page has no authors, corrections, comments or links yet but those given (and tags
    # only if just added): say so, rather than reading each back for its revision.
    children = children or {}
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if not (keywords and name == "tagged_items") and name not in children:
            setattr(page, name, [])


def _give_children(page: ArticlePage, children: dict) -> None:
    for name, rows in children.items():
        setattr(page, name, rows)


def _create_published(
    section, fields: dict, *, keywords=(), fallback_slug: str = "", published_at=None, slug: str = "", children=None
) -> ArticlePage:
    children = children or {}
    parent = _lock_section(section)
    page = ArticlePage(**fields, live=False)
    _place(page, section, parent, slug or slug_base(page.title, fallback_slug))
    page.draft_title = page.title
    validate(page)
    if keywords:
        page.tags.add(*keywords)
    _give_children(page, children)
    _save(page)  # with the child rows given
    _no_children(page, keywords, children)
    _publish(page, new=True, published_at=published_at)
    return page


_TREE_FIELDS = ["path", "depth", "numchild", "url_path", "slug"]


def _create_published_late_lock(
    section,
    fields: dict,
    *,
    keywords=(),
    fallback_slug: str = "",
    before_lock=None,
    ids=None,
    published_at=None,
    slug: str = "",
    children=None,
) -> ArticlePage:
    """PostgreSQL: the same rows, with the section locked only for the last writes, in few
    statements.

    The page's and its revision's ids are taken from their sequences first (``ids``, when the
    caller took them already), so that the story row and the history entries (which only
    point at them; the foreign keys are checked at the commit) are written before the section
    is locked, in the statement that locks it; under the lock the siblings are read and the
    page, its tags and its revision written in one statement.  Concurrent ingests into one
    section wait for each other for those, not for a whole story.  The rows are written as
    ``save()`` would write them, and ``pre_save``/``post_save`` sent for each as it would."""
    page = ArticlePage(**fields, live=False)
    page.draft_title = page.title
    children = children or {}
    base = slug or slug_base(page.title, fallback_slug)
    page.slug = base  # validated as it is; a suffix (-2, -3...) keeps it valid
    validate(page, also_exclude=_TREE_FIELDS)
    if ids is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')), nextval(pg_get_serial_sequence(%s, 'id'))",
                [Page._meta.db_table, Revision._meta.db_table],
            )
            ids = cursor.fetchone()
    page_id, revision_id = ids
    page.id = page.page_ptr_id = page_id
    revision = Revision(pk=revision_id)
    if keywords:
        page.tags.add(*keywords)
    _give_children(page, children)
    also = list(before_lock(page) or ()) if before_lock is not None else []
    # Wagtail writes these as the page is created, edited and published.
    entries = [
        _log_entry(page, "wagtail.create", None),
        _log_entry(page, "wagtail.edit", revision),
        _log_entry(page, "wagtail.publish", revision),
    ]
    for obj in also:
        pre_save.send(sender=type(obj), instance=obj, raw=False, using=connection.alias, update_fields=None)
    # The revision holds the page as saved before its publish, as Wagtail's does; serialised
    # before the section is locked, its place in the tree filled in once known.
    _no_children(page, keywords, children)
    page.depth, page.numchild, page.locale_id = section.depth + 1, 0, section.locale_id
    revision.content_object = page
    revision.base_content_type = page.get_base_content_type()
    revision.user = None
    revision.approved_go_live_at = None
    revision.content = page.serializable_data()
    revision.object_str = str(page)
    parent = _lock_section(
        section, before=[*(_update_sql(obj) for obj in also), _insert_sql(PageLogEntry, entries, exclude_pk=True)]
    )
    for obj in also:
        post_save.send(
            sender=type(obj), instance=obj, created=False, update_fields=None, raw=False, using=connection.alias
        )
    _place(page, section, parent, base)
    revision.content.update({name: getattr(page, name) for name in _TREE_FIELDS}, locale=page.locale_id)
    revision.created_at = now = timezone.now()
    page.latest_revision = revision
    page.latest_revision_created_at = now
    page.has_unpublished_changes = False
    page.live = True
    page.live_revision = revision
    page.expired = False
    page.first_published_at, page.last_published_at = published_at or (now, now)
    pre_save.send(sender=ArticlePage, instance=page, raw=False, using=connection.alias, update_fields=None)
    pre_save.send(sender=Revision, instance=revision, raw=False, using=connection.alias, update_fields=None)
    statements = [_insert_sql(Page, [page]), _insert_sql(ArticlePage, [page])]
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if name in children or (keywords and name == "tagged_items"):
            rows = list(getattr(page, name).all())
            for row in rows:
                setattr(row, relation.field.attname, page_id)
            if rows:
                statements.append(_insert_sql(type(rows[0]), rows, exclude_pk=True))
    _execute_together(statements, *_insert_sql(Revision, [revision]))
    for obj in (page, revision):
        obj._state.adding, obj._state.db = False, connection.alias
        post_save.send(
            sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=connection.alias
        )
    page_published.send(sender=ArticlePage, instance=page, revision=revision)
    published.send(sender=ArticlePage, instance=page, revision=revision)
    return page


def _insert_sql(model, objs, *, exclude_pk: bool = False) -> tuple[str, list]:
    """The INSERT ``save()`` or ``bulk_create()`` would run for these rows of ``model``'s own table."""
    fields = [f for f in model._meta.local_concrete_fields if not (exclude_pk and f.primary_key)]
    query = sql.InsertQuery(model)
    query.insert_values(fields, objs)
    [(text, params)] = query.get_compiler(connection=connection).as_sql()
    return text, list(params)


def _update_sql(obj, *, model=None, fields=None) -> tuple[str, list]:
    """The UPDATE ``obj.save(update_fields=fields)`` would run on ``model``'s own table (by
    default every field of ``obj``'s; ``auto_now`` fields set)."""
    model = model or type(obj)
    values = [
        (f, None, f.pre_save(obj, False))
        for f in model._meta.local_concrete_fields
        if not f.primary_key and (fields is None or f.name in fields or f.attname in fields)
    ]
    query = sql.UpdateQuery(model)
    query.add_update_fields(values)
    query.add_filter("pk", obj.pk)
    text, params = query.get_compiler(connection=connection).as_sql()
    return text, list(params)


def _execute_together(before, last: str, last_params, fetch: bool = False):
    """PostgreSQL: ``before`` statements and ``last`` in one round trip (as data-modifying
    WITH clauses of ``last``)."""
    text = last
    params = list(last_params)
    if before:
        text = "WITH " + ", ".join(f"w{i} AS ({s})" for i, (s, _) in enumerate(before)) + " " + last
        params = [p for _, ps in before for p in ps] + params
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        return cursor.fetchone() if fetch else None


def page_extras() -> dict:
    """Annotations for a query of wire stories: whether the story's article has a workflow in
    progress (``page_workflow``) or aliases (``page_aliases``), which its publish must see to."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast
    from wagtail.models import WorkflowState

    return {
        "page_workflow": Exists(
            WorkflowState.objects.active().filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=Cast(OuterRef("page_id"), CharField()),
            )
        ),
        "page_aliases": Exists(Page.objects.filter(alias_of_id=OuterRef("page_id"))),
    }


def update_published(
    page: ArticlePage, fields: dict, *, revision_id=None, also=None, plain: bool = False, published_at=None
) -> None:
    """A new revision of an existing article, published at once.

    ``also(page)``, when given, returns rows to save with it.  On PostgreSQL, with the new
    revision's id taken already (``revision_id``) and an article known to have no workflow in
    progress and no aliases (``plain``), its rows are written in one statement."""
    old_title = page.title
    for name, value in fields.items():
        setattr(page, name, value)
    validate(page)
    relations = {r.get_accessor_name() for r in get_all_child_relations(page)}
    if plain and revision_id is not None and writes_together() and not relations & set(fields):
        _publish_update_together(page, old_title, list(fields), revision_id, also, published_at=published_at)
        return
    _publish(page, new=False, old_title=old_title, content_fields=list(fields), published_at=published_at)
    if also is not None:
        for obj in also(page) or ():
            obj.save()


def _publish_update_together(
    page: ArticlePage, old_title: str, content_fields: list, revision_id: int, also=None, published_at=None
) -> None:
    """``_publish`` for an existing article with no workflow and no aliases (PostgreSQL): its
    revision, the schedules it clears, the page row, its history and ``also`` in one statement;
    the rows ``save()`` would write, its signals sent."""
    comments = list(page.wagtail_admin_comments.all())
    page.wagtail_admin_comments = comments
    revision = Revision(
        pk=revision_id,
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=None,
        approved_go_live_at=None,
        content=page.serializable_data(),
        object_str=str(page),
    )
    revision.created_at = timezone.now()
    _mark_published(page, revision, revision.created_at, published_at)
    rows = list(also(page) or ()) if also is not None else []
    entries = [_log_entry(page, "wagtail.edit", revision)]
    if old_title != page.title:
        entries.append(
            _log_entry(
                page,
                "wagtail.rename",
                revision,
                data={"title": {"old": old_title, "new": page.title}},
                content_changed=False,
            )
        )
    entries.append(_log_entry(page, "wagtail.publish", revision))
    update_fields = {*content_fields, *_PUBLISH_FIELDS}
    schedules = page.revisions.exclude(pk=revision_id).query.chain(sql.UpdateQuery)
    schedules.add_update_values({"approved_go_live_at": None})
    compiler = schedules.get_compiler(connection=connection)
    compiler.pre_sql_setup()
    statements = [
        _insert_sql(Revision, [revision]),
        compiler.as_sql(),
        _update_sql(page, model=Page, fields=update_fields),
        _update_sql(page, fields=update_fields),
        _insert_sql(PageLogEntry, entries, exclude_pk=True),
        *(_update_sql(obj) for obj in rows),
    ]
    saved = [(revision, True, None), (page, False, sorted(update_fields)), *((obj, False, None) for obj in rows)]
    for obj, _created, fields in saved:
        pre_save.send(sender=type(obj), instance=obj, raw=False, using=connection.alias, update_fields=fields)
    last, params = statements.pop()
    _execute_together(statements, last, params)
    revision._state.adding, revision._state.db = False, connection.alias
    for obj, created, fields in saved:
        post_save.send(
            sender=type(obj), instance=obj, created=created, update_fields=fields, raw=False, using=connection.alias
        )
    for comment in comments:
        comment.save(update_fields=["position"])
    page_published.send(sender=ArticlePage, instance=page, revision=revision)
    published.send(sender=ArticlePage, instance=page, revision=revision)


def _mark_published(page: ArticlePage, revision: Revision, now, published_at=None) -> None:
    """The page row's publish fields (``_PUBLISH_FIELDS``), as Wagtail's publish sets them
    (``published_at``: the first and last publication times to record instead)."""
    page.latest_revision = revision
    page.latest_revision_created_at = revision.created_at
    page.draft_title = page.title
    page.has_unpublished_changes = False
    page.live = True
    page.live_revision = revision
    page.expired = False
    if published_at is not None:
        page.first_published_at, page.last_published_at = published_at
        return
    page.last_published_at = now
    if page.first_published_at is None:
        page.first_published_at = now


def _publish(page: ArticlePage, *, new: bool, old_title: str = "", content_fields=(), published_at=None) -> None:
    # Page.save logs a new page's creation; save_revision its edit; publish the rest.
    entries = [_log_entry(page, "wagtail.create", None)] if new else []
    comments = []
    if not new:
        # Read once: for the revision, and for their positions once published.
        comments = list(page.wagtail_admin_comments.all())
        page.wagtail_admin_comments = comments
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=None,
        approved_go_live_at=None,
        content=page.serializable_data(),
        object_str=str(page),
    )
    _mark_published(page, revision, timezone.now(), published_at)
    if not new:
        page.revisions.exclude(pk=revision.pk).update(approved_go_live_at=None)
    _save(page, update_fields=[*content_fields, *_PUBLISH_FIELDS])

    entries.append(_log_entry(page, "wagtail.edit", revision))
    for comment in comments:
        comment.save(update_fields=["position"])
    page_published.send(sender=ArticlePage, instance=page, revision=revision)
    published.send(sender=ArticlePage, instance=page, revision=revision)
    if not new:
        if getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True) and (state := page.current_workflow_state):
            state.cancel(user=None)
        compat.update_aliases(page, revision, revision.content)
        if old_title != page.title:
            entries.append(
                _log_entry(
                    page,
                    "wagtail.rename",
                    revision,
                    data={"title": {"old": old_title, "new": page.title}},
                    content_changed=False,
                )
            )
    entries.append(_log_entry(page, "wagtail.publish", revision))
    PageLogEntry.objects.bulk_create(entries)


def _log_entry(page, action: str, revision, *, data=None, content_changed=True) -> PageLogEntry:
    """The history entry Wagtail's ``log()`` would write (by the system: no user), built here
    so that the entries of one publish are written together."""
    if not log_registry.action_exists(action):
        raise ValueError(f"unregistered log action {action}")
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=str(page) or f"{type(page).__name__} object ({page.pk})",
        action=action,
        timestamp=timezone.now(),
        data=data or {},
        user=context.user,
        uuid=context.uuid,
        revision=revision,
        content_changed=content_changed,
        page=page,
    )
