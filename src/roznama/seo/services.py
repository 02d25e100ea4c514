"""Being found, as plain functions: dates, absolute URLs, images, structured data, alternates.

The views, feeds and template tags stay thin; everything a crawler reads is decided here.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from wagtail.models import Site

from roznama.core.models import SiteSettings
from roznama.news.models import ArticlePage, HomePage

logger = logging.getLogger(__name__)

# --- Dates ------------------------------------------------------------------------------


def date_published(page) -> datetime:
    """When the story first went out (never the time of a later save)."""
    return page.first_published_at or page.go_live_at or page.latest_revision_created_at or timezone.now()


def date_modified(page, corrections=None) -> datetime:
    """When the story last changed *substantively*.

    The latest of the editor-set ``updated_at`` (also set by substantive wire updates) and the
    times of its corrections; without either, the publication time.  Ordinary saves (a typo, a
    new tag, a re-publish) change neither, so they never move this date.  It is never earlier
    than the publication time.

    ``corrections`` may be given when the caller already has them (saves a query).
    """
    published = date_published(page)
    if corrections is None:
        corrections = list(page.corrections.all()) if page.pk else []
    candidates = [page.updated_at] if page.updated_at else []
    candidates += [c.published_at for c in corrections if c.published_at]
    if not candidates:
        return published
    return max(max(candidates), published)


def was_updated(page, corrections=None) -> datetime | None:
    """The “Updated” time to show, or None when the story has no substantive change."""
    modified = date_modified(page, corrections)
    return modified if modified > date_published(page) else None


def iso(value: datetime) -> str:
    """W3C / ISO 8601 date-time with its offset, in the newsroom's time zone."""
    return timezone.localtime(value).isoformat(timespec="seconds")


# --- URLs -------------------------------------------------------------------------------


def site_for(request) -> Site | None:
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def root_url(request) -> str:
    """The scheme and host of the site being served, exactly as Wagtail writes its page URLs.

    Read from Wagtail's site root paths (the cache its page URLs come from, cleared whenever
    a Site is saved or deleted), not from the table, so that the two can never disagree."""
    site = site_for(request)
    if site is None:
        return request.build_absolute_uri("/").rstrip("/")
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk:
            return root.root_url
    return site.root_url


def page_url(page, request) -> str:
    """A page's full URL on the host the request was made to (when the page is on that site)."""
    return page.get_full_url(request) or ""


def media_file_size(field_file) -> int | None:
    """A stored file's size in bytes, None when it is missing.  Asked of the storage once per
    file and then kept in the cache: in a bucket each size is a request to it (a feed would
    make one per story).  The key names the row as well as the file, since a name freed by a
    deletion can be given to a new upload."""
    instance = field_file.instance
    identity = f"{instance._meta.label}:{instance.pk}:{field_file.name}"
    key = "media-size:" + hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest()
    size = cache.get(key)
    if size is None:
        try:
            size = field_file.size
        except Exception as exc:  # a missing file (OSError locally, the bucket's 404) costs the item its enclosure only
            logger.warning("no size for %s: %r", field_file.name, exc)
            return None
        cache.set(key, size, 30 * 24 * 3600)
    return size


def absolute(request, url: str) -> str:
    """Make a site-relative URL (a rendition, a reversed view) absolute."""
    if not url:
        return url
    if urlsplit(url).scheme:
        return iri_to_uri(url)
    return iri_to_uri(root_url(request) + url)


def home_for(locale) -> HomePage | None:
    return HomePage.objects.live().filter(locale=locale).first()


def routed_url(home: HomePage, name: str, slug: str, request) -> str:
    """Full URL of a page the home serves itself (authors, tags)."""
    return page_url(home, request) + home.reverse_subpage(name, kwargs={"slug": slug})


def search_url(language: str) -> str:
    with translation.override(language):
        return reverse("seo_search")


def feed_url(language: str, kind: str = "site", slug: str = "", fmt: str = "rss") -> str:
    with translation.override(language):
        if kind == "site":
            return reverse(f"seo_feed_{fmt}")
        return reverse(f"seo_feed_{kind}_{fmt}", kwargs={"slug": slug})


def with_page_number(url: str, request) -> str:
    """Paginated listings are canonical to themselves: ``?page=N`` is kept past page 1."""
    try:
        number = int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        number = 1
    if number > 1:
        return f"{url}?{urlencode({'page': number})}"
    return url


# --- Site identity ----------------------------------------------------------------------


def site_settings(request) -> SiteSettings:
    cache = getattr(request, "_roznama_cache", None)
    if cache is None:
        cache = {}
        request._roznama_cache = cache
    if "settings" not in cache:
        cache["settings"] = SiteSettings.for_request(request)
    return cache["settings"]


def publication_name(settings: SiteSettings, language: str) -> str:
    """The publication's name in the given language (what Google News lists)."""
    if language == "ur" and settings.site_name_ur:
        return settings.site_name_ur
    return settings.site_name


def x_handle(settings: SiteSettings) -> str:
    """“@roznama” from the X follow link, or “”."""
    url = settings.follow_x
    if not url:
        return ""
    path = urlsplit(url).path.strip("/")
    handle = path.split("/")[0] if path else ""
    return f"@{handle.lstrip('@')}" if handle else ""


# --- Images -----------------------------------------------------------------------------

# Google asks for article images at least 1200 px wide in 16:9, 4:3 and 1:1.
STRUCTURED_IMAGE_SPECS = (("fill-1200x675", 16, 9), ("fill-1200x900", 4, 3), ("fill-1200x1200", 1, 1))
MIN_WIDTH = 1200
# Open Graph (Facebook, WhatsApp, LinkedIn) and X's large summary card: 1.91:1 at 1200 px.
SOCIAL_SPEC, SOCIAL_RATIO = "fill-1200x630", (1200, 630)
MIN_PIXELS = 50_000  # Google's floor for any article image


@dataclass(frozen=True)
class ImageVariant:
    url: str
    width: int
    height: int
    alt: str


def _variant(request, image, spec) -> ImageVariant:
    rendition = image.get_rendition(spec)
    return ImageVariant(absolute(request, rendition.url), rendition.width, rendition.height, image.title)


def structured_images(request, image) -> list[ImageVariant]:
    """The 16:9, 4:3 and 1:1 crops Google asks for, each 1200 px wide when the original allows.

    Wagtail's fill crops from the original and never upscales: where the original is too
    small for a ratio at 1200 px (a 1600×900 picture gives a square 900 px wide), the crop is
    the largest the original allows, and it is given at that size rather than left out, as
    long as it keeps Google's minimum of 50,000 pixels."""
    if image is None:
        return []
    variants = [_variant(request, image, spec) for spec, _w, _h in STRUCTURED_IMAGE_SPECS]
    return [v for v in variants if v.width * v.height >= MIN_PIXELS]


def social_image(request, image) -> ImageVariant | None:
    """The card image for Open Graph and X: 1200×630 when the original allows it."""
    if image is None:
        return None
    variant = _variant(request, image, SOCIAL_SPEC)
    # X's summary_large_image needs at least 300×157; smaller is worse than none.
    if variant.width < 300 or variant.height < 157:
        return None
    return variant


def logo_image(request, settings: SiteSettings) -> ImageVariant | None:
    if not settings.logo_id:
        return None
    return _variant(request, settings.logo, "max-512x512")


# --- Alternates (hreflang) --------------------------------------------------------------


def page_alternates(page, request, translations=None) -> dict[str, str]:
    """{language: full URL} for this page and its live translations, itself included."""
    if translations is None:
        translations = list(page.get_translations(inclusive=False).live().select_related("locale"))
    versions = {page.locale.language_code: page_url(page, request)}
    for other in translations:
        url = page_url(other, request)
        if url:
            versions.setdefault(other.locale.language_code, url)
    return {lang: url for lang, url in versions.items() if url}


def routed_alternates(name: str, slug: str, request) -> dict[str, str]:
    """{language: URL} of an author page in every language that has a home."""
    return {
        home.locale.language_code: routed_url(home, name, slug, request)
        for home in HomePage.objects.live().select_related("locale").order_by("locale__language_code")
    }


# --- Structured data --------------------------------------------------------------------


def json_ld(data) -> str:
    """JSON for a <script type="application/ld+json">, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organization_id(request) -> str:
    return root_url(request) + "/#organization"


def organization(request, settings: SiteSettings) -> dict:
    data = {
        "@type": "NewsMediaOrganization",
        "@id": organization_id(request),
        "name": settings.site_name,
        "url": root_url(request) + "/",
    }
    if settings.site_name_ur and settings.site_name_ur != settings.site_name:
        data["alternateName"] = settings.site_name_ur
    logo = logo_image(request, settings)
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": logo.url, "width": logo.width, "height": logo.height}
    same_as = [url for _key, _label, url in settings.follow_links()]
    if settings.google_news_url:
        same_as.append(settings.google_news_url)
    if same_as:
        data["sameAs"] = same_as
    return data


def website(request, settings: SiteSettings, home) -> dict:
    language = home.locale.language_code
    target = absolute(request, search_url(language)) + "?q={search_term_string}"
    return {
        "@type": "WebSite",
        "@id": page_url(home, request) + "#website",
        "url": page_url(home, request),
        "name": publication_name(settings, language),
        "inLanguage": language,
        "publisher": {"@id": organization_id(request)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": target},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def page_breadcrumbs(page, request, ancestors=None) -> list[tuple[str, str]]:
    """(name, URL) from the home page down to ``page``, named as the visible breadcrumb is."""
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).specific())
    crumbs = []
    for i, crumb in enumerate(ancestors):
        crumbs.append((_("Home") if i == 0 else crumb.title, page_url(crumb, request)))
    crumbs.append((page.title if ancestors else _("Home"), page_url(page, request)))
    return crumbs


def dateline_text(page: ArticlePage) -> str:
    """Where the story was filed: “MOSCOW, Russia” (the place, without the agency)."""
    if not page.dateline_place:
        return ""
    if page.dateline_country:
        separator = "، " if page.locale.language_code == "ur" else ", "
        return page.dateline_place + separator + page.dateline_country
    return page.dateline_place


def news_article(request, page: ArticlePage, *, authors, corrections, tags, section, home, settings) -> dict:
    """schema.org NewsArticle, with Google's required and recommended properties."""
    url = page_url(page, request)
    data = {
        "@type": "NewsArticle",
        "@id": url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title,
        "inLanguage": page.locale.language_code,
        "datePublished": iso(date_published(page)),
        "dateModified": iso(date_modified(page, corrections)),
        "isAccessibleForFree": True,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "@id": organization_id(request),
            "name": settings.site_name,
            "url": root_url(request) + "/",
        },
    }
    logo = logo_image(request, settings)
    if logo:
        data["publisher"]["logo"] = {
            "@type": "ImageObject",
            "url": logo.url,
            "width": logo.width,
            "height": logo.height,
        }
    description = page.search_description or page.standfirst
    if description:
        data["description"] = description
    # A video-led story has no lead image: its video's poster stands for it (card_image).
    images = structured_images(request, page.card_image)
    if images:
        data["image"] = [
            {"@type": "ImageObject", "url": img.url, "width": img.width, "height": img.height} for img in images
        ]
    people = []
    with translation.override(page.locale.language_code):
        for author in authors:
            person = {"@type": "Person", "name": author.display_name}
            if home is not None:
                person["url"] = routed_url(home, "author", author.slug, request)
            people.append(person)
    if people:
        data["author"] = people
    elif page.credit or page.dateline_agency:
        data["author"] = [{"@type": "Organization", "name": page.credit or page.dateline_agency}]
    if section is not None:
        data["articleSection"] = section.title
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    place = dateline_text(page)
    if place:
        data["dateline"] = place
        data["locationCreated"] = {"@type": "Place", "name": place}
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.published_at)} for c in corrections
        ]
    return data


# --- Video ------------------------------------------------------------------------------


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration: 93 seconds is “PT1M33S”, an hour and five seconds “PT1H5S”."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return "PT" + (text or "0S")


def page_videos(page) -> list:
    """Every video a reader can play on an article: its lead video, then the body's, once each."""
    videos = [page.lead_video] if page.lead_video_id else []
    for block in page.body:
        if block.block_type == "video" and block.value is not None:
            videos.append(block.value)
    seen, unique = set(), []
    for video in videos:
        if video.pk not in seen:
            seen.add(video.pk)
            unique.append(video)
    return unique


def video_object(request, video, page, description: str) -> dict | None:
    """schema.org VideoObject with Google's required properties (name, thumbnailUrl,
    uploadDate) and its recommended ones where the video has them (description, duration,
    contentUrl).  None for a video without any picture: Google refuses one with no thumbnail.

    The videos have no player page of their own to embed, so there is no embedUrl.  The
    upload date is when the story carrying the video went out: that is when it was published
    on this site, which is what Google means by it."""
    thumbnail = video.poster if video.poster_id else page.card_image
    thumbnails = structured_images(request, thumbnail)
    if not thumbnails:
        return None
    with translation.override(page.locale.language_code):
        name = video.display_title
    data = {
        "@type": "VideoObject",
        "name": name,
        "description": description or name,
        "thumbnailUrl": [t.url for t in thumbnails],
        "uploadDate": iso(date_published(page)),
    }
    if video.duration_seconds:
        data["duration"] = iso_duration(video.duration_seconds)
    if video.file:
        data["contentUrl"] = absolute(request, video.file.url)
    elif video.hls_url:
        data["contentUrl"] = video.hls_url
    return data


def video_objects(request, page) -> list[dict]:
    description = page.search_description or page.standfirst
    found = (video_object(request, video, page, description) for video in page_videos(page))
    return [data for data in found if data is not None]
