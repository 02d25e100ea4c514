"""The one way a page gets onto the site (or is kept back as a draft or a schedule).

Every route comes through here: the wire's stories, the WordPress importer, live blogs, the
demo's content and the worker's scheduled publishing.  Editors in the admin use Wagtail's own
actions, which are the calls the *standard* functions below make, so what an editor's
publish leaves behind is what every other route leaves behind.

Two ways in, one result:

- the **standard** functions (``add_draft``, ``save_draft``, ``publish_new``, ``publish_changes``,
  ``schedule``) are Wagtail's ``add_child``, ``save_revision(log_action=True)`` and
  ``publish()``, nothing else;
- the **batched** functions (``publish_new_article``, ``publish_article_changes``), for articles
  arriving by the hundred (an agency's feed, a ten-year archive), write the same rows with a
  tenth of the queries (:mod:`.batched` says how).  Their tests compare every row with the
  standard route's, on SQLite and PostgreSQL.

Any private name of Wagtail these need is in :mod:`roznama.compat`.
"""

from __future__ import annotations

from wagtail.models import Page, Revision

from . import batched
from .batched import writes_together
from .slugs import free_slug, slug_base, unique_slug

__all__ = [
    "add_draft",
    "save_draft",
    "unpublish",
    "publish_new",
    "publish_changes",
    "schedule",
    "publish_scheduled",
    "publish_new_article",
    "publish_article_changes",
    "article_publish_annotations",
    "writes_together",
    "slug_base",
    "free_slug",
    "unique_slug",
]


# --- the standard route: Wagtail's own calls ------------------------------------------------


def unpublish(page: Page, *, user=None) -> None:
    """``page`` off the site (its content and revisions kept), as an editor's "Unpublish"."""
    page.unpublish(user=user, log_action=True)


def add_draft(parent: Page, page: Page, *, keywords=()) -> Page:
    """``page`` under ``parent``, not live and with no revision yet; ``keywords`` as its tags."""
    parent.add_child(instance=page)
    if keywords:
        page.tags.add(*keywords)
    return page


def save_draft(page: Page, *, user=None) -> Revision:
    """A new revision of ``page``, not published (what an editor's "Save draft" does)."""
    return page.save_revision(user=user, log_action=True)


def publish_new(parent: Page, page: Page, *, user=None) -> Page:
    """``page`` created under ``parent`` and published, with its first revision and history."""
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def publish_changes(page: Page, *, user=None) -> Revision:
    """``page`` as it is in memory, saved as a revision and published."""
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    return revision


def schedule(page: Page, *, user=None) -> Revision:
    """``page`` to go live at its ``go_live_at``: Wagtail approves the schedule and the worker's
    minute job publishes it then, never before.  A live page comes off the site until then."""
    revision = page.save_revision(user=user, log_action=True)
    if page.live:
        page.unpublish(user=user)
    revision.publish(user=user)
    return revision


def publish_scheduled() -> None:
    """Publish every page whose go-live time has come, and unpublish the expired ones
    (Wagtail's own command: it takes everything due, so a late run sweeps up what was missed)."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


# --- the batched route: the same rows, fewer queries ------------------------------------------


def publish_new_article(
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
):
    """A new live article under ``section`` from ``fields``: the rows ``publish_new`` leaves.

    ``before_lock(page)`` returns rows to save with it (the wire's story row); ``ids`` are the
    page's and revision's ids taken already (PostgreSQL); ``published_at``: the first and last
    publication times to record instead of now (an archive's own dates); ``slug``: the slug
    wanted instead of the headline's; ``children``: child rows by relation (authors, tags),
    written with the page and held by its revision."""
    return batched.create_published(
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


def publish_article_changes(
    page, fields: dict, *, revision_id=None, also=None, plain: bool = False, published_at=None
) -> None:
    """``fields`` applied to a published article, as a new revision published at once: the rows
    ``publish_changes`` leaves.  ``plain``: the article is known to have no workflow in progress
    and no aliases (``article_publish_annotations`` tells), so its rows can go together."""
    batched.update_published(page, fields, revision_id=revision_id, also=also, plain=plain, published_at=published_at)


def article_publish_annotations() -> dict:
    """Annotations for a query of wire stories telling whether their article has a workflow in
    progress or aliases, which a batched publish must see to."""
    return batched.page_extras()
