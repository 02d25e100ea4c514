"""What a home page shows, as plain functions: the top stories an editor arranged (filled by
recency where they left places), Latest, Most read, the section rails, Opinion, Video and the
day's prayer times.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone, translation

from .models import TOP_STORIES, ArticleAuthor, ArticlePage, HomePage, ReadCount, SectionPage, TopStory
from .services import CARD_SPECS, LEAD_SPECS, THUMB_SPECS, prefetch_images, section_articles

# An unpinned choice gives its place to newer stories once the story is this old.
UNPINNED_TOP_STORY_HOURS = 24
LATEST = 10
RAIL_STORIES = 4
OPINION_STORIES = 4
VIDEO_STORIES = 4
MOST_READ = 5
# Most read adds up the reads of this many past hours.
MOST_READ_HOURS = 24


def front_articles(home: HomePage):
    """The home's live stories, newest first, with their pictures' rows; their renditions are
    fetched once for the whole page (``prefetch_images``), not once per block."""
    return (
        ArticlePage.objects.live()
        .filter(locale_id=home.locale_id)
        .select_related("lead_image", "lead_video__poster")
        .order_by("-first_published_at", "-pk")
    )


def top_stories(home: HomePage, now: datetime | None = None, opinion_sections=None) -> list[ArticlePage]:
    """The lead and the secondary stories, in the editor's order.

    An editor's choice holds its place while its story is live and neither its expiry nor,
    unpinned, ``UNPINNED_TOP_STORY_HOURS`` has passed; the places left over go to the
    recent featured stories, then the newest, so the block is always full.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(hours=UNPINNED_TOP_STORY_HOURS)
    chosen, expired = [], []
    for top in TopStory.objects.filter(home=home).select_related("story").order_by("sort_order"):
        story = top.story
        if not story.live or story.locale_id != home.locale_id:
            continue
        if top.expires_at is not None and top.expires_at <= now:
            expired.append(story.pk)  # taken off the block: the recency fill leaves it out too
            continue
        if not top.pinned and story.first_published_at and story.first_published_at < stale_before:
            continue
        if story.pk not in {s.pk for s in chosen}:
            chosen.append(story)
    chosen = chosen[:TOP_STORIES]
    ids = [s.pk for s in chosen]
    left_out = ids + expired
    wanted = TOP_STORIES - len(chosen)
    # Columns have a block of their own: the recency fill takes news (an editor may still
    # choose a column).
    candidates = front_articles(home)
    if opinion_sections is None:
        opinion_sections = SectionPage.objects.child_of(home).filter(is_opinion=True)
    for section in opinion_sections:
        candidates = candidates.exclude(path__startswith=section.path)
    # Stories marked "featured" (WordPress's "sticky") come first while they are recent.
    featured = list(
        candidates.exclude(pk__in=left_out).filter(is_featured=True, first_published_at__gte=stale_before)[:wanted]
    )
    newest = featured + list(candidates.exclude(pk__in=left_out + [s.pk for s in featured])[: wanted - len(featured)])
    # The editor's picks come back without the listing's prefetches: fetch them as a listing.
    by_pk = {a.pk: a for a in front_articles(home).filter(pk__in=ids)} if ids else {}
    return [by_pk[pk] for pk in ids if pk in by_pk] + newest


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(dt_timezone.utc).replace(minute=0, second=0, microsecond=0)


def count_read(article_id: int, now: datetime | None = None) -> bool:
    """Add one read of a live article to this hour's row; False when there is no such article.

    One UPDATE a read (two statements the first time in an hour); concurrent first reads
    meet at the unique constraint and the loser adds to the winner's row.
    """
    if not ArticlePage.objects.live().filter(pk=article_id).exists():
        return False
    hour = hour_of(now or timezone.now())
    if ReadCount.objects.filter(article_id=article_id, hour=hour).update(reads=F("reads") + 1):
        return True
    try:
        with transaction.atomic():
            ReadCount.objects.create(article_id=article_id, hour=hour, reads=1)
    except IntegrityError:
        ReadCount.objects.filter(article_id=article_id, hour=hour).update(reads=F("reads") + 1)
    return True


def most_read(home: HomePage, now: datetime | None = None, limit: int = MOST_READ) -> list[ArticlePage]:
    """The live stories of the home's language read most in the past day, most read first."""
    since = hour_of(now or timezone.now()) - timedelta(hours=MOST_READ_HOURS - 1)
    ranked = list(
        ReadCount.objects.filter(hour__gte=since, article__live=True, article__locale=home.locale_id)
        .values("article")
        .annotate(total=Sum("reads"))
        .order_by("-total", "-article")[:limit]
        .values_list("article", "total")
    )
    by_pk = ArticlePage.objects.in_bulk([pk for pk, _ in ranked])
    stories = []
    for pk, total in ranked:
        if pk in by_pk:
            by_pk[pk].reads = total
            stories.append(by_pk[pk])
    return stories


def prune_read_counts(now: datetime | None = None) -> int:
    """Rows older than Most read's window count for nothing: delete them."""
    since = hour_of(now or timezone.now()) - timedelta(hours=MOST_READ_HOURS)
    deleted, _ = ReadCount.objects.filter(hour__lt=since).delete()
    return deleted


def _with_authors(stories: list[ArticlePage]) -> list[ArticlePage]:
    """Hand each story its authors (a column shows its writer's name and photo)."""
    by_story: dict[int, list] = {s.pk: [] for s in stories}
    for link in ArticleAuthor.objects.filter(page__in=by_story).select_related("author__photo").order_by("sort_order"):
        by_story[link.page_id].append(link.author)
    for story in stories:
        story.front_authors = by_story[story.pk]
    return stories


def home_context(home: HomePage, now: datetime | None = None) -> dict:
    from roznama.ads.services import slots_for

    now = now or timezone.now()
    sections = list(SectionPage.objects.live().child_of(home).order_by("path"))
    opinion_sections = [s for s in sections if s.is_opinion]
    top = top_stories(home, now, opinion_sections)
    shown = {s.pk for s in top}
    articles = front_articles(home)
    rails = []
    for section in sections:
        if section.is_opinion:
            continue
        items = list(section_articles(section).prefetch_related(None).exclude(pk__in=shown)[:RAIL_STORIES])
        if items:
            rails.append({"section": section, "articles": items})
    opinion = []
    if opinion_sections:
        in_opinion = Q()
        for section in opinion_sections:
            in_opinion |= Q(path__startswith=section.path)
        opinion = list(articles.filter(in_opinion, depth=home.depth + 2)[:OPINION_STORIES])
        _with_authors(opinion)
    video = list(articles.exclude(lead_video=None).exclude(pk__in=shown)[:VIDEO_STORIES])
    latest = list(articles.exclude(pk__in=[s.pk for s in top[:1]])[:LATEST])
    rail_stories = [a for rail in rails for a in rail["articles"]]
    prefetch_images([s.card_image for s in top[:1]], *LEAD_SPECS)
    prefetch_images([s.card_image for s in top[1:] + rail_stories + video], *CARD_SPECS)
    prefetch_images([a.photo for s in opinion for a in s.front_authors], *THUMB_SPECS)
    return {
        "lead": top[0] if top else None,
        "secondary": top[1:],
        "latest": latest,
        "most_read": most_read(home, now),
        "rails": rails,
        "opinion": opinion,
        "opinion_section": opinion_sections[0] if opinion_sections else None,
        "video_stories": video,
        "sections": sections,
        "times_box": times_box(translation.get_language() or "en"),  # the page's language: no query
        "ads": slots_for(["header", "sidebar"]),
    }


def times_box(lang: str, now: datetime | None = None) -> dict | None:
    """Today's times for the strip's first city, the Hijri date, and in Ramadan the fast's
    sehri and iftar: the home page's Ramadan / prayer-times block.  "Today" is the site
    clock's (``roznama.ramadan.clock``), the strip's and the prayer pages' own."""
    from roznama.prayertimes import services as prayertimes
    from roznama.ramadan.cities import strip_cities
    from roznama.ramadan.strip import StripOptions, hub_url

    cities = strip_cities()
    city = prayertimes.city_for_place(cities[0].place) if cities else None
    if city is None:
        return None
    summary = prayertimes.today_summary(city, lang, now, fiqh=StripOptions.from_settings().fiqh)
    summary["hub_url"] = hub_url(lang)
    return summary
