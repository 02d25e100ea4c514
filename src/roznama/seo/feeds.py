"""RSS 2.0 and Atom feeds for the whole site, a section, a tag and an author, in each language.

Each item carries its authors (every one of them), its section and tags as categories, the
lead image as an enclosure, and the publication and substantive-update times.
"""

from __future__ import annotations

import mimetypes

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Locale

from roznama.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage
from roznama.news.services import live_articles, prefetch_images, section_articles

from . import services

ITEMS = 50
ENCLOSURE_SPEC = "fill-1200x675"
DC_NS = "http://purl.org/dc/elements/1.1/"


class RssWithAuthors(Rss201rev2Feed):
    """RSS 2.0 whose items name every author with Dublin Core's dc:creator.

    RSS's own <author> must be an e-mail address, which bylines are not.
    """

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        if authors:
            item = {**item, "author_name": None}
        super().add_item_elements(handler, item)
        for name, _url in authors:
            handler.addQuickElement("dc:creator", name)


class AtomWithAuthors(Atom1Feed):
    """Atom whose entries carry one <author> (name and URI) per author."""

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        if authors:
            item = {**item, "author_name": None, "author_link": None}
        super().add_item_elements(handler, item)
        for name, url in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")


class ArticleFeed(Feed):
    """The site's newest articles in the request's language; subclasses narrow the listing."""

    feed_type = RssWithAuthors
    kind = "site"

    def get_object(self, request, slug=None):
        language = translation.get_language() or "en"
        locale = Locale.objects.filter(language_code=language).first()
        home = HomePage.objects.live().filter(locale=locale).first() if locale else None
        if home is None:
            raise Http404
        self.request = request
        self.language = language
        self.home = home
        self.settings = services.site_settings(request)
        self.subject = self.get_subject(locale, slug)
        return self.subject

    def get_subject(self, locale, slug):
        return None

    # -- channel --

    def site_title(self):
        return services.publication_name(self.settings, self.language)

    def title(self, obj):
        return self.site_title()

    def link(self, obj):
        return services.page_url(self.home, self.request)

    def description(self, obj):
        return _("The latest news from %(site)s") % {"site": self.site_title()}

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        fmt = "atom" if self.feed_type is AtomWithAuthors else "rss"
        return services.absolute(
            self.request, services.feed_url(self.language, self.kind, getattr(obj, "slug", ""), fmt)
        )

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def feed_copyright(self, obj):
        return "© " + self.site_title()

    # -- items --

    def articles(self, obj):
        return live_articles(self.home.locale)

    def items(self, obj):
        pages = list(self.articles(obj).select_related("locale")[:ITEMS])
        prefetch_images([p.lead_image for p in pages], ENCLOSURE_SPEC)
        by_page: dict[int, list] = {p.pk: [] for p in pages}
        for link in ArticleAuthor.objects.filter(page__in=pages).select_related("author").order_by("sort_order"):
            by_page[link.page_id].append(link.author)
        corrections: dict[int, list] = {p.pk: [] for p in pages}
        from roznama.news.models import ArticleCorrection

        for correction in ArticleCorrection.objects.filter(page__in=pages):
            corrections[correction.page_id].append(correction)
        tags: dict[int, list] = {p.pk: [] for p in pages}
        for tagged in ArticlePage.tags.through.objects.filter(content_object__in=pages).select_related("tag"):
            tags[tagged.content_object_id].append(tagged.tag.name)
        sections = {s.path: s.title for s in SectionPage.objects.filter(locale=self.home.locale)}
        for page in pages:
            page._seo_authors = by_page[page.pk]
            page._seo_corrections = corrections[page.pk]
            page._seo_tags = tags[page.pk]
            page._seo_section = sections.get(page.path[: -ArticlePage.steplen], "")
        return pages

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description or item.standfirst or item.title

    def item_link(self, item):
        return services.page_url(item, self.request)

    def item_guid(self, item):
        return services.page_url(item, self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return services.date_published(item)

    def item_updateddate(self, item):
        return services.date_modified(item, item._seo_corrections)

    def item_categories(self, item):
        return [c for c in [item._seo_section, *item._seo_tags] if c]

    def item_author_name(self, item):
        if not item._seo_authors:
            return item.credit or None
        return None

    def item_extra_kwargs(self, item):
        with translation.override(self.language):
            authors = [
                (a.display_name, services.routed_url(self.home, "author", a.slug, self.request))
                for a in item._seo_authors
            ]
        return {"authors": authors}

    def item_enclosures(self, item):
        if item.lead_image is None:
            return []
        rendition = item.lead_image.get_rendition(ENCLOSURE_SPEC)
        length = services.media_file_size(rendition.file)
        if length is None:
            return []
        mime = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(services.absolute(self.request, rendition.url), str(length), mime)]


class SectionFeed(ArticleFeed):
    kind = "section"

    def get_subject(self, locale, slug):
        return get_object_or_404(SectionPage.objects.live(), locale=locale, slug=slug)

    def title(self, obj):
        return f"{obj.title} | {self.site_title()}"

    def link(self, obj):
        return services.page_url(obj, self.request)

    def description(self, obj):
        return obj.intro or _("The latest %(section)s news from %(site)s") % {
            "section": obj.title,
            "site": self.site_title(),
        }

    def articles(self, obj):
        return section_articles(obj)


class TagFeed(ArticleFeed):
    kind = "tag"

    def get_subject(self, locale, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{obj.name} | {self.site_title()}"

    def link(self, obj):
        try:
            return services.routed_url(self.home, "tag", obj.slug, self.request)
        except NoReverseMatch:  # a slug the tag route's pattern does not accept
            return services.page_url(self.home, self.request)

    def description(self, obj):
        return _("Articles tagged “%(tag)s” on %(site)s") % {"tag": obj.name, "site": self.site_title()}

    def articles(self, obj):
        return live_articles(self.home.locale).filter(tags=obj)


class AuthorFeed(ArticleFeed):
    kind = "author"

    def get_subject(self, locale, slug):
        return get_object_or_404(Author, slug=slug)

    def name(self, obj):
        with translation.override(self.language):
            return obj.display_name

    def title(self, obj):
        return f"{self.name(obj)} | {self.site_title()}"

    def link(self, obj):
        return services.routed_url(self.home, "author", obj.slug, self.request)

    def description(self, obj):
        return _("Articles by %(name)s on %(site)s") % {"name": self.name(obj), "site": self.site_title()}

    def articles(self, obj):
        return live_articles(self.home.locale).filter(authors__author=obj)


def feed_view(feed_class, fmt="rss"):
    """A view that builds a fresh feed object per request (the feed keeps per-request
    state, so one shared instance would not be thread-safe)."""
    if fmt == "atom":
        feed_class = type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": AtomWithAuthors})

    def view(request, **kwargs):
        return feed_class()(request, **kwargs)

    view.__name__ = f"{feed_class.__name__}_{fmt}"
    return view
