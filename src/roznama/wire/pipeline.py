"""parse → normalise → upsert: agency payloads become articles, or quarantine entries.

``ingest_payload`` never raises for bad input: whatever cannot become an article is kept in
the quarantine with the reason, and the outcome of every item is returned.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from roznama.news.models import ArticlePage

from .body import html_to_blocks
from .items import PubStatus, WireItem, WireParseError
from .models import QuarantinedItem, WireSource, WireStory, WireStoryVersion
from .sections import place_item

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


def ingest_payload(payload: bytes, *, source: WireSource | None = None, filename: str = "",
                   now: datetime | None = None, fetch_text=None) -> IngestResult:
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
        result.quarantined = quarantine(payload, reason=f"Unexpected error while reading: {exc!r}",
                                        stage="parse", source=source, filename=filename)
        return result
    if not items:
        result.quarantined = quarantine(payload, reason="The file holds no news items.", stage="parse",
                                        source=source, filename=filename)
        return result
    failures = []
    for item in items:
        try:
            if fetch_text is not None and item.is_story and item.text_rendition_url and not item.body_html:
                item = _with_text(item, fetch_text)
            outcome = upsert_item(item, source=source, filename=filename, now=now)
        except Exception as exc:
            logger.warning("could not store %s: %s", item.key, exc)
            failures.append(f"{item.agency} {item.item_id}: {exc}\n{traceback.format_exc(limit=3)}")
            outcome = "failed"
        result.outcomes.append((f"{item.agency}:{item.item_id}:v{item.version}", outcome))
    if failures:
        result.quarantined = quarantine(payload, reason="\n\n".join(failures), stage="store", source=source,
                                        filename=filename)
    return result


def _with_text(item: WireItem, fetch_text) -> WireItem:
    from .parsers.ap_media import attach_text_rendition

    return attach_text_rendition(item, fetch_text(item.text_rendition_url))


def _lock_story(item: WireItem, source: WireSource) -> tuple[WireStory, bool]:
    """The story row for this item, locked for the rest of the transaction."""
    for _attempt in range(3):
        story = WireStory.objects.select_for_update().filter(agency=item.agency, item_id=item.item_id).first()
        if story is not None:
            return story, False
        try:
            with transaction.atomic():
                story = WireStory.objects.create(
                    agency=item.agency, item_id=item.item_id, version=item.version, item_type=item.item_type,
                    status=WireStory.Status.DRAFT, headline=item.headline[:500], source=source,
                )
            return story, True
        except IntegrityError:
            continue  # another pass created it a moment ago: lock theirs
    raise RuntimeError("could not lock the wire story row")


def upsert_item(item: WireItem, *, source: WireSource, filename: str = "", now: datetime | None = None) -> str:
    """Create or update the article for one item, in one transaction. Returns the outcome."""
    now = now or timezone.now()
    with transaction.atomic():
        story, created = _lock_story(item, source)
        _, new_version = WireStoryVersion.objects.get_or_create(
            story=story, version=item.version,
            defaults={"pub_status": item.pub_status.value, "format": item.format, "filename": filename,
                      "raw": item.raw, "applied": False},
        )
        if not created and item.version <= story.version:
            return "unchanged (older or same version)"
        if not item.is_story:
            story.status = WireStory.Status.IGNORED
            story.version = item.version
            story.save()
            _mark_applied(story, item)
            return f"recorded ({item.item_type}, not an article)"
        outcome = _apply(story, item, source, now)
        story.version = item.version
        story.headline = item.headline[:500]
        story.embargo = item.embargo
        story.source = source
        story.save()
        _mark_applied(story, item)
        return outcome


def _mark_applied(story: WireStory, item: WireItem) -> None:
    WireStoryVersion.objects.filter(story=story, version=item.version).update(applied=True)


def _article_fields(item: WireItem) -> dict:
    dateline = item.dateline
    body_html = item.body_html_without_dateline if item.body_has_dateline else item.body_html
    return {
        "title": (item.headline or item.slugline or "Untitled agency story")[:255],
        "standfirst": item.standfirst,
        "credit": item.credit or item.agency,
        "dateline_place": dateline.place if dateline else "",
        "dateline_country": dateline.country if dateline else "",
        "dateline_agency": (dateline.agency if dateline and dateline.agency else item.agency) if dateline and dateline.place else "",
        "body": html_to_blocks(body_html),
        "origin": ArticlePage.Origin.WIRE,
        "wire_agency": item.agency,
        "wire_id": item.item_id,
        "wire_version": item.version,
    }


def _apply(story: WireStory, item: WireItem, source: WireSource, now: datetime) -> str:
    page = story.page.specific if story.page_id else None
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
    if page is None:
        placement = place_item(item, source)
        page = ArticlePage(**fields, live=False, slug=unique_slug(placement.section, fields["title"], item.item_id))
        placement.section.add_child(instance=page)
        if item.keywords:
            page.tags.add(*[k[:100] for k in item.keywords[:10]])
        publish = placement.auto_publish
        was_live = False
    else:
        was_live = page.live
        for name, value in fields.items():
            setattr(page, name, value)
        page.withdrawn_at = None
        page.withdrawn_by = ""
        publish = was_live or source.auto_publish
        if was_live:
            page.updated_at = item.version_created or now
    story.page = page
    if not fields["body"]:
        publish = False  # an article with no text is never published by itself

    if item.is_embargoed_at(now):
        # Scheduled: Wagtail's publish with a future go-live time only approves the schedule;
        # the worker's minute job publishes it when the embargo lifts, never before.
        page.go_live_at = item.embargo
        revision = page.save_revision(log_action=True)
        if publish:
            if page.live:
                page.unpublish()
            revision.publish()
            story.status = WireStory.Status.EMBARGOED
            return f"scheduled for {item.embargo.isoformat()} (embargo)"
        story.status = WireStory.Status.DRAFT
        return "draft (embargoed)"
    page.go_live_at = None
    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish()
        story.status = WireStory.Status.PUBLISHED
        return "updated and republished" if was_live else "published"
    story.status = WireStory.Status.DRAFT
    return "draft" if fields["body"] else "draft (no text yet)"


def unique_slug(section, title: str, item_id: str) -> str:
    """A slug from the headline that no sibling uses yet (two agencies may send the same one)."""
    from django.utils.text import slugify

    base = slugify(title)[:70].strip("-") or slugify(item_id)[-40:].strip("-") or "story"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


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
