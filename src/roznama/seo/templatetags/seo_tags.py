"""The <head> of every page: description, robots, canonical URL, alternates, feeds, social
cards and JSON-LD; and the “Updated” time for the article template."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.safestring import mark_safe
from taggit.models import Tag

from roznama.news.models import ArticlePage, Author, HomePage, SectionPage
from roznama.news.services import prefetch_images

from .. import services

register = template.Library()

OG_LOCALES = {"en": "en_US", "ur": "ur_PK"}
ROBOTS_INDEX = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"
ROBOTS_NOINDEX = "noindex, follow"


def _feeds(language, kind="site", slug="", label=""):
    return [
        ("application/rss+xml", label, services.feed_url(language, kind, slug, "rss")),
        ("application/atom+xml", label, services.feed_url(language, kind, slug, "atom")),
    ]


def _hreflang(versions: dict[str, str]) -> list[tuple[str, str]]:
    """hreflang links: every version, itself included, and x-default (English) — only when
    there is more than one version."""
    if len(versions) < 2:
        return []
    links = sorted(versions.items())
    if "en" in versions:
        links.append(("x-default", versions["en"]))
    return links


@register.simple_tag(takes_context=True)
def seo_head(context):
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return ""
    language = translation.get_language() or "en"
    settings = services.site_settings(request)
    site_title = services.publication_name(settings, language)
    head = {
        "robots": ROBOTS_INDEX,
        "site_name": site_title,
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [v for k, v in OG_LOCALES.items() if k != language],
        "og_type": "website",
        "twitter_site": services.x_handle(settings),
        "feeds": _feeds(language, label=site_title),
        "json_ld": [],
        "hreflang": [],
        "article": None,
    }
    is_preview = getattr(request, "is_preview", False)
    if context.get("seo_noindex") or is_preview:
        head["robots"] = ROBOTS_NOINDEX
    author, tag = context.get("author"), context.get("tag")

    if isinstance(page, HomePage) and isinstance(author, Author):
        _routed(head, request, page, "author", author.slug, author.display_name, author.display_bio, author.photo)
        head["hreflang"] = _hreflang(services.routed_alternates("author", author.slug, request))
        head["feeds"] = _feeds(language, "author", author.slug, author.display_name) + head["feeds"]
    elif isinstance(page, HomePage) and isinstance(tag, Tag):
        _routed(head, request, page, "tag", tag.slug, tag.name, "", None)
        head["feeds"] = _feeds(language, "tag", tag.slug, tag.name) + head["feeds"]
    elif isinstance(page, ArticlePage):
        _article(head, context, request, page, settings)
    elif isinstance(page, (HomePage, SectionPage)):
        _listing(head, context, request, page, settings)
    elif page is not None and hasattr(page, "get_full_url"):
        head["title"] = page.seo_title or page.title
        head["description"] = page.search_description or getattr(page, "intro", "")
        head["canonical"] = services.page_url(page, request)
        # A translated page (the Ramadan hub) pairs with its translations like an article; the
        # views it serves below itself (print, widget) are canonical to it and claim none.
        if urlsplit(head["canonical"]).path == request.path:
            head["hreflang"] = _hreflang(services.page_alternates(page, request, context.get("translations")))
    if not head.get("image"):
        # Every page shares with a picture: the site's default where the page has none of its own.
        default = settings.default_social_image if settings.default_social_image_id else None
        head["image"] = services.social_image(request, default)
    if context.get("seo_description"):  # pages that are no Wagtail page (search) say their own
        head["description"] = context["seo_description"]
    if head["robots"] == ROBOTS_NOINDEX:
        head["canonical"] = None
        head["hreflang"] = []
    head["json_ld"] = [mark_safe(services.json_ld(item)) for item in head["json_ld"]]  # nosec B308, B703 - json_ld escapes <, > and &
    return render_to_string("seo/head.html", head, request=request)


def _routed(head, request, home, name, slug, title, description, image):
    head["title"] = title
    head["description"] = description
    head["canonical"] = services.with_page_number(services.routed_url(home, name, slug, request), request)
    if image is not None:
        head["image"] = services.social_image(request, image)
    if name == "author":
        head["og_type"] = "profile"


def _listing(head, context, request, page, settings):
    head["title"] = page.seo_title or page.title
    head["description"] = page.search_description or getattr(page, "intro", "")
    head["canonical"] = services.with_page_number(services.page_url(page, request), request)
    head["hreflang"] = _hreflang(services.page_alternates(page, request, context.get("translations")))
    language = page.locale.language_code
    if isinstance(page, HomePage):
        lead = context.get("lead")
        if lead is not None and lead.card_image is not None:
            head["image"] = services.social_image(request, lead.card_image)
        head["title"] = head["site_name"]
        # Search results show this under the site's name: never leave the front page without one.
        head["description"] = head["description"] or _(
            "%(site)s: news from Pakistan and the world, in English and Urdu, with sehri and iftar "
            "times for every city."
        ) % {"site": head["site_name"]}
        head["json_ld"] = [
            {"@context": "https://schema.org", **services.organization(request, settings)},
            {"@context": "https://schema.org", **services.website(request, settings, page)},
        ]
    else:
        head["feeds"] = _feeds(language, "section", page.slug, page.title) + head["feeds"]
        head["json_ld"] = [
            {"@context": "https://schema.org", **services.breadcrumb_list(services.page_breadcrumbs(page, request))}
        ]


def _article(head, context, request, page, settings):
    corrections = context.get("corrections")
    if corrections is None:
        corrections = list(page.corrections.all())
    authors = context.get("article_authors")
    if authors is None:
        authors = [link.author for link in page.authors.select_related("author").order_by("sort_order")]
    tags = context.get("article_tags")
    if tags is None:
        tags = list(page.tags.all())
    ancestors = context.get("breadcrumbs")
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).specific())
    home = ancestors[0] if ancestors and isinstance(ancestors[0], HomePage) else services.home_for(page.locale)
    section = context.get("section") or (ancestors[-1] if len(ancestors) > 1 else None)
    picture = page.card_image  # the lead image, else the lead video's poster
    if picture is not None:
        specs = [spec for spec, _w, _h in services.STRUCTURED_IMAGE_SPECS] + [services.SOCIAL_SPEC]
        prefetch_images([picture], *specs)
    head["title"] = page.seo_title or page.title
    head["description"] = page.search_description or page.standfirst
    head["canonical"] = services.page_url(page, request)
    head["hreflang"] = _hreflang(services.page_alternates(page, request, context.get("translations")))
    head["og_type"] = "article"
    head["image"] = services.social_image(request, picture)
    with translation.override(page.locale.language_code):
        author_urls = [services.routed_url(home, "author", a.slug, request) for a in authors] if home else []
    head["article"] = {
        "published": services.iso(services.date_published(page)),
        "modified": services.iso(services.date_modified(page, corrections)),
        "section": section.title if section else "",
        "tags": [t.name for t in tags],
        "authors": author_urls,
        "author_names": ", ".join(a.display_name for a in authors) or page.credit,
    }
    if section is not None:
        head["feeds"] = _feeds(page.locale.language_code, "section", section.slug, section.title) + head["feeds"]
    article = services.news_article(
        request,
        page,
        authors=authors,
        corrections=corrections,
        tags=tags,
        section=section,
        home=home,
        settings=settings,
    )
    # A kind of article with structured data of its own (a live blog's LiveBlogPosting).
    extend = getattr(page, "extend_structured_data", None)
    if extend is not None:
        article = extend(request, article)
    crumbs = services.page_breadcrumbs(page, request, ancestors)
    head["json_ld"] = [
        {"@context": "https://schema.org", **article},
        {"@context": "https://schema.org", **services.breadcrumb_list(crumbs)},
        *({"@context": "https://schema.org", **video} for video in services.video_objects(request, page)),
    ]


@register.simple_tag
def article_updated(page, corrections=None):
    """The “Updated” time to show for an article, or None: only substantive updates (the
    editor's “updated” time, a wire update) and corrections count, never an ordinary save.

        {% article_updated page corrections as updated %}{% if updated %}…{% endif %}
    """
    return services.was_updated(page, corrections)
