"""parse → normalise → upsert: agency payloads become articles, or quarantine entries.

``ingest_payload`` never raises for bad input: whatever cannot become an article is kept in
the quarantine with the reason, and the outcome of every item is returned.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from roznama import publishing
from roznama.news.models import ArticlePage

from . import followup, pictures
from .body import html_to_blocks
from .items import PubStatus, WireItem, WireParseError
from .models import QuarantinedItem, WireSource, WireStory, WireStoryVersion
from .sections import PlacementCache, place_item

logger = logging.getLogger(__name__)

MANUAL_SOURCE_NAME = "Manual"


@dataclass
class IngestResult:
    """What one payload became: an outcome per item, or the quarantine entry."""

    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (item key, outcome)
    quarantined: QuarantinedItem | None = None

    @property
    def ok(self) -> bool:
        return self.quarantined is None


def manual_source() -> WireSource:
    source, _ = WireSource.objects.get_or_create(
        name=MANUAL_SOURCE_NAME,
        defaults={"kind": WireSource.Kind.MANUAL, "default_section_slug": "", "auto_publish": False},
    )
    return source


def quarantine(payload: bytes, *, reason: str, stage: str, source=None, filename="") -> QuarantinedItem:
    return QuarantinedItem.objects.create(
        source=source, filename=filename or "", stage=stage, reason=reason, raw=payload, size=len(payload)
    )


_pass: contextvars.ContextVar[PlacementCache | None] = contextvars.ContextVar("roznama_wire_pass", default=None)


@contextlib.contextmanager
def ingest_pass():
    """A pass over many payloads (a poll): the source's rules and sections are read once."""
    token = _pass.set(PlacementCache())
    try:
        yield
    finally:
        _pass.reset(token)


def ingest_payload(
    payload: bytes,
    *,
    source: WireSource | None = None,
    filename: str = "",
    now: datetime | None = None,
    fetch_text=None,
) -> IngestResult:
    """Parse a payload and store each of its items.

    ``fetch_text(url) -> bytes`` fetches a story's separate text rendition (the AP Media API
    sends the metadata and the NITF text apart); without it such a story stays a draft.
    """
    from .parsers import parse

    source = source or manual_source()
    result = IngestResult()
    try:
        items = parse(payload, filename=filename or None, agency_hint=source.agency or None)
    except WireParseError as exc:
        result.quarantined = quarantine(payload, reason=exc.reason, stage="parse", source=source, filename=filename)
        return result
    except Exception as exc:  # a parser bug must not lose the file either
        logger.exception("parser failed on %s", filename)
        result.quarantined = quarantine(
            payload, reason=f"Unexpected error while reading: {exc!r}", stage="parse", source=source, filename=filename
        )
        return result
    if not items:
        result.quarantined = quarantine(
            payload, reason="The file holds no news items.", stage="parse", source=source, filename=filename
        )
        return result
    failures = []
    for item in items:
        try:
            if fetch_text is not None and item.is_story and item.text_rendition_url and not item.body_html:
                item = _with_text(item, fetch_text)
            picture, note = None, ""
            if source.fetch_pictures and item.is_story and item.media:
                # Fetched before the story's transaction: no lock is held while it downloads.
                folder = Path(source.location) if source.kind == WireSource.Kind.FOLDER and source.location else None
                picture, note = pictures.fetch_or_note(item, fetch_text, folder)
            outcome = upsert_item(item, source=source, filename=filename, now=now, picture=picture)
            if note:
                outcome = f"{outcome} ({note})"
        except Exception as exc:
            logger.warning("could not store %s: %s", item.key, exc)
            failures.append(f"{item.agency} {item.item_id}: {exc}\n{traceback.format_exc(limit=3)}")
            outcome = "failed"
        result.outcomes.append((f"{item.agency}:{item.item_id}:v{item.version}", outcome))
    if failures:
        result.quarantined = quarantine(
            payload, reason="\n\n".join(failures), stage="store", source=source, filename=filename
        )
    return result


def _with_text(item: WireItem, fetch_text) -> WireItem:
    from .parsers.ap_media import attach_text_rendition

    return attach_text_rendition(item, fetch_text(item.text_rendition_url))


def _lock_story(item: WireItem, source: WireSource, version: dict) -> tuple[WireStory, bool, tuple | None]:
    """The story row for this item (with its article), locked for the rest of the transaction.

    A new story is inserted at once (a row this transaction inserted is locked by it); when
    the row exists already (or another pass is inserting it right now: the insert waits for
    that pass to finish), it is read and locked.

    On PostgreSQL a new story's version (``version``: its fields) is inserted in the same
    statement, and the ids its article and revision will have are taken from their sequences
    (returned third; otherwise None, and the version is the caller's to write)."""
    now = timezone.now()
    fields = {
        "agency": item.agency,
        "item_id": item.item_id,
        "version": item.version,
        "item_type": item.item_type,
        "status": WireStory.Status.DRAFT,
        "headline": item.headline[:500],
        "source_id": source.pk,
        "first_received_at": now,
        "last_received_at": now,
        "refresh_pending": False,
    }
    meta = WireStory._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    values = [meta.get_field(name).get_db_prep_save(value, connection) for name, value in fields.items()]
    insert = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "  # nosec B608 - quoted table and column names from the model; values are parameters
        f"ON CONFLICT ({quote('agency')}, {quote('item_id')}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    together = publishing.writes_together()  # the story, its version and the new ids in one statement
    if together:
        from wagtail.models import Page, Revision

        vmeta = WireStoryVersion._meta
        vfields = {**version, "version": item.version, "applied": True, "received_at": now}
        vcolumns = ", ".join(quote(vmeta.get_field(name).column) for name in vfields)
        values += [vmeta.get_field(name).get_db_prep_save(value, connection) for name, value in vfields.items()]
        values += [Page._meta.db_table, Revision._meta.db_table]
        insert = (
            f"WITH story AS ({insert}), version AS (INSERT INTO {quote(vmeta.db_table)} "  # nosec B608 - quoted table and column names from the model; values are parameters
            f"({quote(vmeta.get_field('story').column)}, {vcolumns}) "
            f"SELECT {quote(meta.pk.column)}, {', '.join(['%s'] * len(vfields))} FROM story) "
            f"SELECT (SELECT {quote(meta.pk.column)} FROM story), "
            f"CASE WHEN EXISTS (SELECT 1 FROM story) THEN nextval(pg_get_serial_sequence(%s, 'id')) END, "
            f"nextval(pg_get_serial_sequence(%s, 'id'))"
        )
    with connection.cursor() as cursor:
        cursor.execute(insert, values)
        row = cursor.fetchone()
    if row is not None and row[0] is not None:
        story = WireStory(pk=row[0], page=None, embargo=None, **fields)
        story._state.adding, story._state.db = False, connection.alias
        return story, True, (row[1], row[2]) if together else None
    stories = WireStory.objects.select_for_update(of=("self",)).select_related("page")
    if together:
        stories = stories.annotate(**publishing.article_publish_annotations())
    story = stories.get(agency=item.agency, item_id=item.item_id)
    return story, False, (None, row[2]) if together else None


# Sent inside the item's transaction when a new version of a story has been applied, with
# ``item`` (the parsed WireItem), ``story`` and ``source``: live blogs take urgent alerts.
item_applied = Signal()


def upsert_item(
    item: WireItem, *, source: WireSource, filename: str = "", now: datetime | None = None, picture=None
) -> str:
    """Create or update the article for one item, in one transaction. Returns the outcome.

    The article's search index entry, reference index and cached pages are brought up to
    date a moment after the commit, together with those of other items (``followup``)."""
    now = now or timezone.now()
    with transaction.atomic(), followup.deferring() as purged:
        outcome, story = _upsert(item, source=source, filename=filename, now=now, picture=picture)
        if not outcome.startswith("unchanged"):
            item_applied.send(sender=WireStory, item=item, story=story, source=source)
        others = purged - {story.page_id}  # the story's own article: its flag covers it
        if others:
            # Other pages published with it (aliases of the article): brought up to date now.
            from wagtail.models import Page

            followup.refresh_now(list(Page.objects.filter(pk__in=others).specific()))
        return outcome


def _upsert(item: WireItem, *, source: WireSource, filename: str, now: datetime, picture=None) -> tuple[str, WireStory]:
    version = {"pub_status": item.pub_status.value, "format": item.format, "filename": filename, "raw": item.raw}
    story, created, ids = _lock_story(item, source, version)
    newer = created or item.version > story.version
    if newer:
        # A version newer than the story's is only ever recorded by the transaction that
        # applies it, and no other can touch the story while its row is locked: it is new.
        if not (created and ids is not None):  # else written with the new story
            WireStoryVersion.objects.create(story=story, version=item.version, applied=True, **version)
    else:
        WireStoryVersion.objects.get_or_create(
            story=story, version=item.version, defaults={**version, "applied": False}
        )
        return "unchanged (older or same version)", story
    story.refresh_pending = True
    followup.schedule()
    if not item.is_story:
        story.status = WireStory.Status.IGNORED
        story.version = item.version
        story.save()
        return f"recorded ({item.item_type}, not an article)", story
    saved = []
    outcome = _apply(story, item, source, now, picture, saved, ids)
    if not saved:
        _save_story(story, item, source)
    return outcome, story


def _save_story(story: WireStory, item: WireItem, source: WireSource, write: bool = True) -> None:
    story.version = item.version
    story.headline = item.headline[:500]
    story.embargo = item.embargo
    story.source = source
    if write:
        story.save()


def _article_fields(item: WireItem) -> dict:
    dateline = item.dateline
    body_html = item.body_html_without_dateline if item.body_has_dateline else item.body_html
    return {
        "title": (item.headline or item.slugline or "Untitled agency story")[:255],
        "standfirst": item.standfirst,
        "credit": item.credit or item.agency,
        "dateline_place": dateline.place if dateline else "",
        "dateline_country": dateline.country if dateline else "",
        "dateline_agency": (dateline.agency if dateline and dateline.agency else item.agency)
        if dateline and dateline.place
        else "",
        "body": html_to_blocks(body_html),
        "origin": ArticlePage.Origin.WIRE,
        "wire_agency": item.agency,
        "wire_id": item.item_id,
        "wire_version": item.version,
    }


def _apply(
    story: WireStory, item: WireItem, source: WireSource, now: datetime, picture=None, saved=None, ids=None
) -> str:
    """The article's side of the upsert. ``saved`` gets an entry when the story row was
    written here already (a new article written with the story saved first). ``ids``: the
    new article's and its revision's, when taken already."""
    page = story.page
    if item.pub_status == PubStatus.CANCELED:
        if page is not None:
            page.withdrawn_at = now
            page.withdrawn_by = item.agency
            page.save(update_fields=["withdrawn_at", "withdrawn_by"])
            if page.live:
                page.unpublish()
        story.status = WireStory.Status.KILLED
        return "killed: unpublished" if page is not None else "killed before it was published"
    if item.pub_status == PubStatus.WITHHELD:
        if page is not None and page.live:
            page.unpublish()
        story.status = WireStory.Status.WITHHELD
        return "withheld: unpublished" if page is not None else "withheld"

    fields = _article_fields(item)
    if picture is not None and (page is None or page.lead_image_id is None):
        fields["lead_image"] = picture  # the agency's picture, unless an editor chose one
    if page is None:
        placement = place_item(item, source, _pass.get())
        publish = placement.auto_publish
        was_live = False
    else:
        was_live = page.live
        publish = was_live or source.auto_publish
    if not fields["body"]:
        publish = False  # an article with no text is never published by itself

    if publish and not item.is_embargoed_at(now):
        # The common case, straight to the site: the publishing module's batched route (the
        # same rows as Wagtail's add_child, save_revision(log_action=True) and publish()).
        if page is None:

            def save_story(new_page):
                story.page = new_page
                story.status = WireStory.Status.PUBLISHED
                _save_story(story, item, source, write=False)
                if saved is not None:
                    saved.append(story)
                return [story]  # written with the article

            page = publishing.publish_new_article(
                placement.section,
                fields,
                keywords=_keywords(item),
                fallback_slug=item.item_id,
                before_lock=save_story,
                ids=ids,
            )
        else:

            def save_story(_page):
                story.status = WireStory.Status.PUBLISHED
                _save_story(story, item, source, write=False)
                if saved is not None:
                    saved.append(story)
                return [story]  # written with the article

            publishing.publish_article_changes(
                page,
                {
                    **fields,
                    "withdrawn_at": None,
                    "withdrawn_by": "",
                    "go_live_at": None,
                    **({"updated_at": item.version_created or now} if was_live else {}),
                },
                revision_id=ids[1] if ids else None,
                also=save_story,
                plain=not (getattr(story, "page_workflow", True) or getattr(story, "page_aliases", True)),
            )
        story.page = page
        story.status = WireStory.Status.PUBLISHED
        return "updated and republished" if was_live else "published"

    # Drafts and embargoes: the publishing module's standard route (Wagtail's own calls).
    if page is None:
        page = ArticlePage(
            **fields, live=False, slug=publishing.unique_slug(placement.section, fields["title"], item.item_id)
        )
        publishing.add_draft(placement.section, page, keywords=_keywords(item))
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        page.withdrawn_at = None
        page.withdrawn_by = ""
        if was_live:
            page.updated_at = item.version_created or now
    story.page = page

    if item.is_embargoed_at(now):
        # Scheduled: Wagtail's publish with a future go-live time only approves the schedule;
        # the worker's minute job publishes it when the embargo lifts, never before.
        page.go_live_at = item.embargo
        if publish:
            publishing.schedule(page)
            story.status = WireStory.Status.EMBARGOED
            return f"scheduled for {item.embargo.isoformat()} (embargo)"
        publishing.save_draft(page)
        story.status = WireStory.Status.DRAFT
        return "draft (embargoed)"
    page.go_live_at = None
    publishing.save_draft(page)
    story.status = WireStory.Status.DRAFT
    return "draft" if fields["body"] else "draft (no text yet)"


def _keywords(item: WireItem) -> list[str]:
    return [k[:100] for k in item.keywords[:10]]


def retry(item: QuarantinedItem) -> IngestResult:
    """Ingest a quarantined payload again (after a fix, or a corrected section)."""
    result = ingest_payload(bytes(item.raw), source=item.source, filename=item.filename)
    item.retried_at = timezone.now()
    item.resolved = result.ok
    item.save(update_fields=["retried_at", "resolved"])
    if result.quarantined is not None:
        # The new attempt left its own entry; keep one entry per payload.
        result.quarantined.delete()
        item.reason = result.quarantined.reason
        item.save(update_fields=["reason"])
    return result


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
