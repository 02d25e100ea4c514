"""What the news pages show, as plain functions: the views and templates stay thin."""

from __future__ import annotations

import hashlib
import re

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.models import Locale

from .models import ArticleAuthor, ArticlePage, ArticleRelated, SectionPage

PAGE_SIZE = 12

# Rendition specs the templates use; fetched in one query per page (see prefetch_images).
# Each picture is a WebP srcset of widths (the browser picks by the img's sizes): these are
# the expanded forms of the specs in news/_card.html, article_page.html, blocks/image.html,
# author_page.html and seo/search.html.
LEAD_SPECS = tuple(f"fill-{size}|format-webp" for size in ("480x270", "800x450", "1200x675"))
CARD_SPECS = tuple(f"fill-{size}|format-webp" for size in ("320x180", "480x270", "640x360"))
THUMB_SPECS = tuple(f"fill-{size}|format-webp" for size in ("120x120", "240x240"))
BODY_SPECS = tuple(f"width-{width}|format-webp" for width in (480, 800, 1200))
SEARCH_SPECS = tuple(f"fill-{size}|format-webp" for size in ("160x90", "320x180", "480x270"))
POSTER_SPEC = "fill-1200x675|format-webp"

# How agencies write the dash after a dateline; AP uses an em dash, the others a hyphen.
_DATELINE_DASH = {"AP": "—", "اے پی": "—"}


def format_dateline(place: str, country: str = "", agency: str = "") -> str:
    """“MOSCOW (Reuters) -”, “KYIV, Ukraine (AP) —”, or “” without a place."""
    if not place:
        return ""
    text = place
    if country:
        text += f"، {country}" if translation.get_language() == "ur" else f", {country}"
    if agency:
        text += f" ({agency})"
    return f"{text} {_DATELINE_DASH.get(agency, '-')}"


def live_articles(locale: Locale):
    """Published articles of one locale, newest first, with what a listing card needs."""
    return (
        ArticlePage.objects.live()
        .filter(locale=locale)
        .select_related("lead_image", "lead_video__poster")
        .prefetch_related(Prefetch("lead_image__renditions"), Prefetch("lead_video__poster__renditions"))
        .order_by("-first_published_at", "-pk")
    )


def section_articles(section: SectionPage):
    """A section's published articles, newest first.

    Written as "the first characters of the path are the section's path" rather than
    Wagtail's ``child_of`` (a prefix match), so that PostgreSQL and SQLite read the listing
    from the index made for it (migration 0003: parent path, first published, id; live
    pages only) a page at a time, however large the archive.
    """
    return (
        live_articles(section.locale)
        .filter(depth=section.depth + 1)
        .alias(parent_path=Substr("path", 1, len(section.path)))
        .filter(parent_path=section.path)
    )


class KeptCountPaginator(Paginator):
    """A paginator whose total (``Page 3 of 812``) is counted once per content generation
    (see ``roznama.cache.fragments``: any publish replaces it) instead of on every view."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    @cached_property
    def count(self):
        from roznama.cache import fragments

        if self.request is None or not fragments.enabled():
            return super().count
        generation = fragments.generation(self.request)
        if generation is None:
            return super().count
        query = self.object_list.query
        key = "count:" + hashlib.blake2b(f"{generation}\x1f{query}".encode(), digest_size=16).hexdigest()
        count = fragments.cache_get(key)
        if count is None:
            count = super().count
            fragments.cache_set(key, count)
        return count


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> dict:
    """A page of results; ``?page=`` past the end gives the last page, nonsense a 404."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise Http404("No such page") from None
    paginator = KeptCountPaginator(queryset, per_page, request=request)
    number = min(max(number, 1), paginator.num_pages)
    page = paginator.page(number)
    return {"page_obj": page, "articles": list(page.object_list), "paginator": paginator}


def breadcrumbs(page) -> list:
    """Home › Section › …, excluding the tree's root."""
    return list(page.get_ancestors().filter(depth__gte=2).specific())


def _first_paragraph_with_dateline(html: str, dateline: str) -> str:
    """Put the dateline at the start of the first paragraph, inside its <p>."""
    span = f'<span class="dateline">{escape(dateline)}</span> '
    match = re.search(r"<p(\s[^>]*)?>", html)
    if match is None:
        return span + html
    return html[: match.end()] + span + html[match.end() :]


def body_items(page: ArticlePage, in_article_ads: list) -> list[dict]:
    """The body as render items.

    The dateline goes into the first paragraph.  In-article ad slots go where the editor put
    ad breaks, in order; without ad breaks, each slot falls after the paragraph it names (at
    the end when the story is shorter).
    """
    dateline = page.dateline
    items = []
    breaks = [b for b in page.body if b.block_type == "ad_break"]
    slots = list(in_article_ads)
    by_paragraph: dict[int, list] = {}
    if not breaks:
        for slot in slots:
            by_paragraph.setdefault(slot.after_paragraph, []).append(slot)
    paragraphs = 0
    for block in page.body:
        item = {"block": block, "html": None, "ads_after": []}
        if block.block_type == "ad_break":
            item["block"] = None
            item["html"] = ""
            item["ads_after"] = [slots.pop(0)] if slots else []
        elif block.block_type == "paragraph":
            if paragraphs == 0 and dateline:
                item["html"] = mark_safe(  # nosec B308, B703 - rich text (the editor's whitelist or the wire's nh3 clean), escaped dateline
                    '<div class="block-paragraph">'
                    + _first_paragraph_with_dateline(str(block.value), dateline)
                    + "</div>"
                )
            paragraphs += 1
            item["ads_after"] = by_paragraph.pop(paragraphs, [])
        items.append(item)
    if dateline and paragraphs == 0:
        html = f'<p><span class="dateline">{escape(dateline)}</span></p>'
        items.insert(0, {"block": None, "html": mark_safe(html), "ads_after": []})  # nosec B308, B703 - the dateline is escaped above
    leftover = [slot for group in by_paragraph.values() for slot in group]
    if leftover and items:
        items[-1]["ads_after"] = items[-1]["ads_after"] + leftover
    return items


def prefetch_images(images, *specs) -> None:
    """Fetch the renditions of many images in one query and hand each image its own, so
    that {% image %} finds them without a query per image."""
    images = [img for img in images if img is not None]
    if not images:
        return
    Rendition = get_image_model().get_rendition_model()
    by_image: dict[int, list] = {img.pk: [] for img in images}
    for rendition in Rendition.objects.filter(image_id__in=by_image, filter_spec__in=specs):
        by_image[rendition.image_id].append(rendition)
    for img in images:
        renditions = list(by_image[img.pk])
        for rendition in renditions:
            rendition.image = img  # the alt text comes from the image: no query back to it
        # Wagtail's own prefetch attribute (see Image.prefetch_renditions).
        img.prefetched_renditions = renditions


def article_context(page: ArticlePage) -> dict:
    from roznama.ads.services import slots_for

    authors = list(ArticleAuthor.objects.filter(page=page).select_related("author__photo").order_by("sort_order"))
    related = [
        link.related
        for link in ArticleRelated.objects.filter(page=page, related__live=True)
        .select_related("related__lead_image", "related__lead_video__poster")
        .order_by("sort_order")
    ]
    body_images = []
    for block in page.body:
        if block.block_type == "image":
            body_images.append(block.value["image"])
        elif block.block_type == "video" and block.value is not None:
            body_images.append(block.value.poster)
    lead_video = page.lead_video
    if lead_video is not None:
        lead_video = (
            type(lead_video).objects.select_related("poster").prefetch_related("captions").get(pk=lead_video.pk)
        )
    prefetch_images(
        body_images + [page.lead_image] + ([lead_video.poster] if lead_video else []),
        *LEAD_SPECS,
        *BODY_SPECS,
        POSTER_SPEC,
    )
    prefetch_images([a.author.photo for a in authors], *THUMB_SPECS)
    prefetch_images([r.card_image for r in related], *CARD_SPECS)
    ads = slots_for(["header", "sidebar", "in_article"])
    return {
        "breadcrumbs": breadcrumbs(page),
        "section": page.get_parent().specific,
        "article_authors": [a.author for a in authors],
        "corrections": list(page.corrections.all()),
        "article_tags": list(page.tags.all()),
        "related_articles": related,
        "lead_video": lead_video,
        "body_items": body_items(page, ads.get("in_article", [])),
        "ads": ads,
        "translations": translations_of(page),
    }


def translations_of(page) -> list:
    """The live versions of this page in the other locales (for hreflang and the switcher)."""
    return list(
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
    )
