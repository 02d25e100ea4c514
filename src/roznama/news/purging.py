"""The URLs that show the news app's pages, for the page cache's purges (registered with
``roznama.cache.purge.register_purge_urls`` when the app is ready).

An article is shown by its translations (whose language switch links to it), its section's
listing pages up to the one that holds it, its home, its tags' and authors' pages, and the
feeds and sitemaps that list it.  Everything is read for a batch of articles at once: parents,
locales, homes, tags, authors and translations in one query each, and each listing's depth
counted once, for the oldest article of the batch it shows (the one furthest down it).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import translation
from wagtail.models import Locale, Page

from roznama import compat
from roznama.cache.purge import full_url, listing_urls, position, reverse_or_none, site_root

from .models import ArticleAuthor, ArticlePage, ArticleTag, HomePage
from .services import PAGE_SIZE, live_articles


def discovery_paths(page, tags=(), authors=()) -> list[str]:
    """Feeds and sitemaps that list an article (the SEO app's URL names; any it lacks are
    skipped)."""
    paths = []
    with translation.override(page.locale.language_code):
        paths += [reverse_or_none("seo_feed_rss"), reverse_or_none("seo_feed_atom")]
        parent = page.get_parent()
        for kind, slugs in (("section", [parent.slug] if parent else []), ("tag", tags), ("author", authors)):
            for slug in slugs:
                paths += [
                    reverse_or_none(f"seo_feed_{kind}_rss", slug=slug),
                    reverse_or_none(f"seo_feed_{kind}_atom", slug=slug),
                ]
    paths += [reverse_or_none("seo_sitemap_index"), reverse_or_none("seo_news_sitemap")]
    return [p for p in paths if p]


def homes_by_locale(locale_ids) -> dict[int, HomePage]:
    """Each locale's home page (the first in the tree, should a locale have more than one)."""
    homes: dict[int, HomePage] = {}
    for home in HomePage.objects.filter(locale_id__in=set(locale_ids)).order_by("path"):
        homes.setdefault(home.locale_id, home)
    return homes


def article_urls(articles: list[ArticlePage]) -> list[str]:
    ids = [p.pk for p in articles]
    locales = Locale.objects.in_bulk({p.locale_id for p in articles})
    parents = {p.path: p for p in Page.objects.filter(path__in={p.path[: -Page.steplen] for p in articles})}
    homes = homes_by_locale(locales)
    tags, authors = defaultdict(list), defaultdict(list)
    for link in ArticleTag.objects.filter(content_object_id__in=ids).select_related("tag").order_by("pk"):
        tags[link.content_object_id].append(link.tag)
    for link in ArticleAuthor.objects.filter(page_id__in=ids).select_related("author"):
        authors[link.page_id].append(link.author)

    # The oldest page (by first publication) of the batch in each listing.
    oldest: dict[tuple, ArticlePage] = {}

    def shown_in(key, page):
        if page.first_published_at is not None and (
            key not in oldest or page.first_published_at < oldest[key].first_published_at
        ):
            oldest[key] = page
        oldest.setdefault(key, page)

    urls: list[str] = []
    for page in articles:
        page.locale = locales[page.locale_id]
        parent = parents.get(page.path[: -Page.steplen])
        compat.remember_parent(page, parent)  # get_parent(), for discovery_paths and receivers
        home = homes.get(page.locale_id)
        home_url = full_url(home) if home else None
        if parent is not None:
            shown_in(("section", parent.pk), page)
        root = site_root(page)
        if root:
            urls += [
                root + path
                for path in discovery_paths(page, [t.slug for t in tags[page.pk]], [a.slug for a in authors[page.pk]])
            ]
        if home_url:
            urls.append(home_url)
            for tag in tags[page.pk]:
                shown_in(("tag", page.locale_id, tag), page)
            for author in authors[page.pk]:
                shown_in(("author", page.locale_id, author), page)
    for key, page in oldest.items():
        articles_of_locale = live_articles(page.locale)
        if key[0] == "section":
            parent = page.get_parent()
            section_url = full_url(parent)
            if section_url:
                urls += listing_urls(section_url, position(articles_of_locale.child_of(parent), page), PAGE_SIZE)
            continue
        home = homes[page.locale_id]
        home_url = full_url(home)
        kind, _, thing = key
        listing_url = home_url + home.reverse_subpage(kind, kwargs={"slug": thing.slug})
        shown = (
            articles_of_locale.filter(tags=thing) if kind == "tag" else articles_of_locale.filter(authors__author=thing)
        )
        urls += listing_urls(listing_url, position(shown, page), PAGE_SIZE)
    keys = defaultdict(set)
    for page in articles:
        keys[page.translation_key].add(page.pk)
    for other in ArticlePage.objects.filter(translation_key__in=keys):
        if keys[other.translation_key] - {other.pk}:  # a translation of a page in the batch
            other_url = full_url(other)
            if other_url:
                urls.append(other_url)
    return urls


def section_urls(sections) -> list[str]:
    """A section is listed on its home."""
    homes = homes_by_locale(s.locale_id for s in sections)
    return [url for url in (full_url(homes[s.locale_id]) for s in sections if s.locale_id in homes) if url]
