"""Live coverage's rules, in plain functions: posting, correcting, what readers are shown,
what to purge, the structured data, the breaking line, wire alerts and the moon-sighting
night.

Purging: a post shows on its live blog's page, on its own page, and in the blog's state
(``live/state/``, what the readers' script polls).  Those three URLs are purged when a
post is added, edited, approved or deleted, and nothing else: the section, the home, the
feeds and the sitemaps list the live blog itself, not its posts, and are purged when the
page is published, like any article.  The new posts a reader's script fetches come from a
URL naming the last post it has and the blog's version
(``live/after-<id>-v<version>/``): its answer never changes, so it is cached long and never
purged; a change makes a new version, hence a new URL.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone, translation

from roznama import publishing
from roznama.cache import purge

from .models import BreakingLine, LiveBlogPage, LivePost, LivePostCorrection

logger = logging.getLogger("roznama.live")


class LiveError(ValueError):
    """A live-coverage action refused, with the reason for the editor."""


# --- What shows a post -------------------------------------------------------------------
# (What readers are shown is read by the page itself: LiveBlogPage.stream, reader_state.)


def post_url(page: LiveBlogPage, post: LivePost) -> str | None:
    own = purge.full_url(page)
    return own + page.post_path(post).lstrip("/") if own else None


def urls_showing_post(page: LiveBlogPage, post: LivePost | None = None) -> list[str]:
    own = purge.full_url(page)
    if not own:
        return []
    urls = [own, own + page.reverse_subpage("state").lstrip("/")]
    if post is not None and post.pk:
        urls.append(own + page.post_path(post).lstrip("/"))
    return urls


def purge_for(post: LivePost) -> None:
    """Purge what shows this post (after the commit); a draft shows nowhere."""
    page = post.page
    if page.live:
        purge.schedule_purge(urls_showing_post(page, post))


# --- Writing ------------------------------------------------------------------------------


def add_post(page: LiveBlogPage, *, user=None, state: str = LivePost.State.PUBLISHED, **fields) -> LivePost:
    """A new post on the blog (published at once, or a draft to approve).  Each post is a row
    of its own, so editors posting at the same moment never overwrite each other."""
    if not page.is_open and state == LivePost.State.PUBLISHED:
        raise LiveError(translation.gettext("This live blog has ended: reopen it to post."))
    post = LivePost(page=page, state=state, created_by=user, **fields)
    if state == LivePost.State.PUBLISHED:
        post.published_at = fields.get("published_at") or timezone.now()
    post.full_clean()
    post.save()  # receivers.post_changed purges what shows it
    return post


def approve(post: LivePost, user=None) -> LivePost:
    """Publish a draft (a wire alert): one click in the live desk."""
    with transaction.atomic():
        post = LivePost.objects.select_for_update().select_related("page").get(pk=post.pk)
        if post.state == LivePost.State.PUBLISHED:
            return post
        if not post.page.is_open:
            raise LiveError(translation.gettext("This live blog has ended: reopen it to post."))
        post.state = LivePost.State.PUBLISHED
        post.published_at = timezone.now()
        post.save(update_fields=["state", "published_at", "updated_at"])
    return post


EDITABLE = {
    "kind",
    "headline",
    "body",
    "quote_source",
    "image",
    "video",
    "embed_url",
    "score_lines",
    "pinned",
    "author",
}


def edit_post(post: LivePost, *, user=None, correction_note: str = "", **changes) -> LivePost:
    """Change a post.  The row is locked while it is changed, so two editors' edits of the
    same post apply one after the other; a changed text of a published post keeps the earlier
    text with the correction note (a correction readers see needs a note)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise LiveError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        post = LivePost.objects.select_for_update().select_related("page").get(pk=post.pk)
        text_changed = any(name in changes and changes[name] != getattr(post, name) for name in ("headline", "body"))
        if post.state == LivePost.State.PUBLISHED and text_changed:
            if not correction_note.strip():
                raise LiveError(translation.gettext("Say what was corrected: the note is shown with the post."))
            LivePostCorrection.objects.create(
                post=post,
                note=correction_note.strip(),
                previous_headline=post.headline,
                previous_body=post.body,
                corrected_by=user,
            )
        for name, value in changes.items():
            setattr(post, name, value)
        post.full_clean()
        post.save()
    return post


def delete_post(post: LivePost) -> None:
    post.delete()


def close(page: LiveBlogPage, when: datetime | None = None, user=None) -> LiveBlogPage:
    """End the coverage: status closed, end time set, published as a new revision."""
    page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    page.status = LiveBlogPage.Status.CLOSED
    page.coverage_end = when or timezone.now()
    publishing.publish_changes(page, user=user)
    return page


# --- Structured data ----------------------------------------------------------------------

# --- The breaking line --------------------------------------------------------------------


def current_lines(now: datetime | None = None):
    now = now or timezone.now()
    return BreakingLine.objects.filter(starts_at__lte=now, expires_at__gt=now).order_by("-starts_at", "-pk")


def ticker_payload(now: datetime | None = None) -> dict:
    """The breaking line in both languages, for every page's script; the expiry goes with it
    so a copy kept past its time is not shown."""
    line = current_lines(now).first()
    if line is None:
        return {"line": None}
    return {
        "line": {
            "id": line.pk,
            "en": {"text": line.text, "url": line.link},
            "ur": {"text": line.text_ur or line.text, "url": line.link_ur or line.link},
            "expires": line.expires_at.isoformat(),
        }
    }


def ticker_url() -> str:
    from django.urls import reverse

    return reverse("live_ticker")


def purge_ticker() -> None:
    """The ticker's one URL, on every site's host (the page cache keys by path)."""
    from wagtail.models import Site

    path = ticker_url()
    urls = [site.root_url + path for site in Site.objects.all()] or [path]
    purge.schedule_purge(urls)


def set_breaking_line(
    text: str,
    *,
    text_ur: str = "",
    link: str = "",
    link_ur: str = "",
    hours: float = 2,
    expires_at: datetime | None = None,
) -> BreakingLine:
    line = BreakingLine(
        text=text,
        text_ur=text_ur,
        link=link,
        link_ur=link_ur,
        expires_at=expires_at or timezone.now() + timedelta(hours=hours),
    )
    line.full_clean()
    line.save()  # the post_save receiver purges the ticker
    return line


# --- Wire alerts --------------------------------------------------------------------------


def _plain_text(html: str) -> str:
    from django.utils.html import strip_tags

    paragraphs = [strip_tags(p).strip() for p in html.replace("</p>", "</p>\n\n").split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def wire_alert_drafts(item, story, source) -> list[LivePost]:
    """Draft posts for an urgent wire item, on every open live blog following its source.
    One draft per blog and story: a new version of the alert updates the draft if it is still
    a draft, and leaves an approved post to the editors."""
    from .models import LiveWireFeed

    urgency = item.urgency if item.urgency is not None else item.priority
    if urgency is None or not item.is_story:
        return []
    drafts = []
    feeds = LiveWireFeed.objects.filter(source=source, active=True, most_urgent__gte=urgency).select_related("page")
    for feed in feeds:
        page = feed.page
        if not page.is_open:
            continue
        text = item.standfirst or _plain_text(item.body_html_without_dateline or item.body_html)
        existing = LivePost.objects.filter(page=page, wire_story=story).first()
        if existing is not None:
            if existing.state == LivePost.State.DRAFT:
                existing.headline, existing.body = item.headline[:200], text
                existing.save(update_fields=["headline", "body", "updated_at"])
            continue
        post = LivePost(
            page=page,
            state=LivePost.State.DRAFT,
            kind=LivePost.Kind.TEXT,
            headline=item.headline[:200],
            body=text,
            wire_story=story,
        )
        post.full_clean()
        post.save()
        drafts.append(post)
    return drafts


# --- The moon-sighting night --------------------------------------------------------------


def moon_sighting_night(
    *,
    hijri_year: int,
    month: int,
    first_day,
    live_blog: LiveBlogPage | None,
    text: str,
    text_ur: str = "",
    source: str = "Central Ruet-e-Hilal Committee",
    ticker_hours: float = 6,
    user=None,
):
    """The committee's decision in one action: the month start recorded (the Hijri calendar
    and the Ramadan strip follow it, purging every page), a post on the live blog, and the
    breaking line set.  All or nothing: a refused declaration posts nothing."""
    from django.core.exceptions import ValidationError

    from roznama.ramadan.models import MonthDeclaration

    with transaction.atomic():
        declaration = MonthDeclaration(hijri_year=hijri_year, month=month, first_day=first_day, source=source)
        try:
            declaration.full_clean()
        except ValidationError as error:
            raise LiveError("; ".join(m for ms in error.message_dict.values() for m in ms)) from error
        declaration.save()
        post = None
        link = ""
        if live_blog is not None:
            words = text_ur if live_blog.locale.language_code == "ur" and text_ur else text
            post = add_post(live_blog, user=user, kind=LivePost.Kind.TEXT, headline=words[:200], pinned=True)
            link = urlsplit(post_url(live_blog, post) or "").path
        line = set_breaking_line(text, text_ur=text_ur, link=link, hours=ticker_hours)
    return declaration, post, line
