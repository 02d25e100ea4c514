"""What to purge when content changes, and the purging itself.

``urls_for_page(page)`` lists every URL that shows a page: its own (and its translations,
whose language switch links to it), its section's listing pages up to the one that holds it,
its locale's home, its tags' and authors' pages, plus whatever other apps add through the
``collect_purge_urls`` signal (feeds, sitemaps, the hub).

``schedule_purge(urls)`` purges after the transaction commits: the app's own cache at once in
this process (a shared Redis cache is then purged for every server), and the frontend caches
(nginx, Cloudflare, CloudFront, from ``WAGTAILFRONTENDCACHE``) by a background task
(``purge_urls``, defined here beside what it runs, so that a publish never waits for a CDN's
API), which also purges the app cache again (so a worker-triggered purge reaches a shared
cache too).

``purge_all_pages()`` is the site-wide purge, e.g. when a Hijri month start is declared.

``deferred_page_purges()`` lets a bulk writer (the wire pipeline) collect the pages it
publishes or takes down instead of listing their URLs one publish at a time; it then purges
them together with ``purge_pages(pages)``, where URLs shared by many pages (the home, the
section, the feeds) are purged once.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django_tasks import task

from roznama import compat

from . import store
from .keys import path_of_url
from .routers import note_primary_position

logger = logging.getLogger("roznama.cache")

# Other apps add URLs showing a page: receivers get ``page`` and return a list of URLs
# (absolute, or paths on the page's site).
collect_purge_urls = Signal()
# Ask for a site-wide purge (the Ramadan module on a declared month start):
# ``purge_all_requested.send(sender=..., languages=None | ["ur"], reason="...")``.
purge_all_requested = Signal()

# Listing pages purged past the first, up to the one that shows the article (the rest
# expire by themselves within their s-maxage).
MAX_LISTING_PAGES = 10


def _site_root(page) -> str | None:
    parts = page.get_url_parts()
    if parts is None:
        return None
    _, root_url, _ = parts
    return root_url


def full_url(page) -> str | None:
    parts = page.get_url_parts()
    if parts is None:
        return None
    _, root_url, page_path = parts
    return (root_url or "") + page_path


def _listing_urls(url: str, position: int | None) -> list[str]:
    """The listing at ``url`` and its ``?page=N`` pages up to the one at ``position``."""
    from roznama.news.services import PAGE_SIZE

    urls = [url]
    if position is not None:
        last = min(position // PAGE_SIZE + 1, MAX_LISTING_PAGES)
        urls += [f"{url}?page={n}" for n in range(2, last + 1)]
    return urls


def _position(queryset, page) -> int | None:
    when = page.first_published_at
    if when is None:
        return 0
    return queryset.filter(first_published_at__gt=when).count()


def _reverse(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def discovery_paths(page, tags=(), authors=()) -> list[str]:
    """Feeds and sitemaps that list an article (the SEO app's URL names; any it lacks are
    skipped).  Receivers of ``collect_purge_urls`` add the rest."""
    from django.utils import translation

    paths = []
    with translation.override(page.locale.language_code):
        paths += [_reverse("seo_feed_rss"), _reverse("seo_feed_atom")]
        parent = page.get_parent()
        for kind, slugs in (("section", [parent.slug] if parent else []), ("tag", tags), ("author", authors)):
            for slug in slugs:
                paths += [_reverse(f"seo_feed_{kind}_rss", slug=slug), _reverse(f"seo_feed_{kind}_atom", slug=slug)]
    paths += [_reverse("seo_sitemap_index"), _reverse("seo_news_sitemap")]
    return [p for p in paths if p]


def urls_for_page(page) -> list[str]:
    from roznama.news.models import ArticleAuthor, ArticlePage, HomePage, SectionPage
    from roznama.news.services import live_articles

    page = page.specific
    urls: list[str] = []
    own = full_url(page)
    if own:
        urls.append(own)
    home = HomePage.objects.filter(locale_id=page.locale_id).first()
    home_url = full_url(home) if home else None
    if isinstance(page, ArticlePage):
        articles = live_articles(page.locale)
        parent = page.get_parent()
        section_url = full_url(parent) if parent else None
        if section_url:
            urls += _listing_urls(section_url, _position(articles.child_of(parent), page))
        tags = list(page.tags.all())
        authors = [link.author for link in ArticleAuthor.objects.filter(page=page).select_related("author")]
        root = _site_root(page)
        if root:
            urls += [root + path for path in discovery_paths(page, [t.slug for t in tags], [a.slug for a in authors])]
        if home_url:
            urls.append(home_url)
            for tag in tags:
                tag_url = home_url + home.reverse_subpage("tag", kwargs={"slug": tag.slug})
                urls += _listing_urls(tag_url, _position(articles.filter(tags=tag), page))
            for author in authors:
                author_url = home_url + home.reverse_subpage("author", kwargs={"slug": author.slug})
                urls += _listing_urls(author_url, _position(articles.filter(authors__author=author), page))
        for other in type(page).objects.filter(translation_key=page.translation_key).exclude(pk=page.pk):
            other_url = full_url(other)
            if other_url:
                urls.append(other_url)
    elif isinstance(page, SectionPage):
        if home_url:
            urls.append(home_url)
    elif page.get_parent() is not None and page.depth > 2:
        parent_url = full_url(page.get_parent())
        if parent_url:
            urls.append(parent_url)
    urls += _receivers_urls(page)
    return list(dict.fromkeys(urls))


def _receivers_urls(page) -> list[str]:
    """What other apps list for the page (``collect_purge_urls``), made absolute on its site."""
    root = _site_root(page)
    return [url if "://" in url or not root else root + url
            for _, extra in collect_purge_urls.send(sender=type(page), page=page) for url in extra or ()]


def purge_app_cache(urls) -> int:
    # First the primary's position, then the purge: a render that sees the purge also sees
    # that a lagging replica must not be read (roznama.cache.routers).
    note_primary_position()
    return store.purge_paths(path_of_url(u) for u in urls)


def purge_app_languages(languages=None) -> None:
    note_primary_position()
    store.purge_languages(languages)


def purge_frontend(urls) -> None:
    """Purge URLs from every configured frontend cache (HTTP PURGE to nginx or Varnish,
    Cloudflare, CloudFront)."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    for name, backend in get_backends().items():
        batch = [u for u in dict.fromkeys(urls) if backend.invalidates_hostname(urlsplit(u).hostname)]
        if batch:
            logger.info("[%s] purging %d URLs", name, len(batch))
            backend.purge_batch(batch)


def purge_now(urls) -> None:
    urls = list(dict.fromkeys(urls))
    purge_app_cache(urls)
    purge_frontend(urls)


@task()
def purge_urls(urls: list[str]) -> int:
    """The worker's part of ``schedule_purge``: the app cache again, then the frontend caches."""
    purge_now(urls)
    return len(urls)


@task()
def purge_all(languages: list[str] | None = None) -> None:
    """The worker's part of ``schedule_purge_all``."""
    purge_app_languages(languages)
    purge_all_frontend(languages)


def _again_after_replica_lag(task, *args) -> None:
    """With a read replica, a render right after the purge may still read the old row:
    purge once more when the replica has caught up."""
    if "replica" not in settings.DATABASES:
        return
    from datetime import timedelta

    from django.utils import timezone

    if not task.get_backend().supports_defer:  # tasks run at once (tests): nothing to wait for
        return
    lag = getattr(settings, "ROZNAMA_REPLICA_LAG_SECONDS", 5)
    task.using(run_after=timezone.now() + timedelta(seconds=lag)).enqueue(*args)


def schedule_purge(urls) -> None:
    """Purge these URLs once the current transaction commits (at once outside one)."""
    urls = list(dict.fromkeys(u for u in urls if u))
    if not urls:
        return

    def run():
        try:
            purge_app_cache(urls)
        except Exception:
            logger.exception("purging the page cache failed")
        purge_urls.enqueue(urls)
        _again_after_replica_lag(purge_urls, urls)

    transaction.on_commit(run, robust=True)


_deferred_pages: contextvars.ContextVar[set | None] = contextvars.ContextVar("roznama_deferred_purges", default=None)


@contextlib.contextmanager
def deferred_page_purges():
    """Inside this block, ``purge_page(page)`` only records the page's id in the set this
    yields; the caller must hand those pages to ``purge_pages`` (now or from a task)."""
    pages: set[int] = set()
    token = _deferred_pages.set(pages)
    try:
        yield pages
    finally:
        _deferred_pages.reset(token)


def purge_page(page, extra_urls=()) -> None:
    """Purge everything that shows this page, after the commit."""
    collected = _deferred_pages.get()
    if collected is not None and not extra_urls:
        collected.add(page.pk)
        return
    try:
        urls = urls_for_page(page)
    except Exception:
        logger.exception("could not list the URLs of page %s; purging its language", page.pk)
        urls = []
        schedule_purge_all([page.locale.language_code])
    schedule_purge(list(urls) + list(extra_urls))


def urls_for_pages(pages) -> list[str]:
    """Every URL ``urls_for_page`` lists for any of these pages, read for all of them at once:
    their parents, locales, homes, tags, authors and translations in one query each, and each
    listing's depth counted once, for the oldest of the pages it shows (the one furthest down
    it)."""
    from collections import defaultdict

    from wagtail.models import Locale, Page

    from roznama.news.models import ArticleAuthor, ArticlePage, ArticleTag, HomePage
    from roznama.news.services import live_articles

    pages = list(pages)
    articles = [p for p in pages if isinstance(p, ArticlePage)]
    urls: list[str] = []
    for page in pages:
        if not isinstance(page, ArticlePage):
            urls += urls_for_page(page)
    if not articles:
        return list(dict.fromkeys(urls))
    ids = [p.pk for p in articles]
    locales = Locale.objects.in_bulk({p.locale_id for p in articles})
    parents = {p.path: p for p in Page.objects.filter(path__in={p.path[:-Page.steplen] for p in articles})}
    homes: dict[int, HomePage] = {}
    for home in HomePage.objects.filter(locale_id__in=locales).order_by("path"):
        homes.setdefault(home.locale_id, home)
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

    for page in articles:
        page.locale = locales[page.locale_id]
        parent = parents.get(page.path[:-Page.steplen])
        compat.remember_parent(page, parent)  # get_parent(), for discovery_paths and receivers
        own = full_url(page)
        if own:
            urls.append(own)
        home = homes.get(page.locale_id)
        home_url = full_url(home) if home else None
        if parent is not None:
            shown_in(("section", parent.pk), page)
        root = _site_root(page)
        if root:
            urls += [root + path for path in discovery_paths(page, [t.slug for t in tags[page.pk]],
                                                             [a.slug for a in authors[page.pk]])]
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
                urls += _listing_urls(section_url, _position(articles_of_locale.child_of(parent), page))
            continue
        home = homes[page.locale_id]
        home_url = full_url(home)
        kind, _, thing = key
        listing_url = home_url + home.reverse_subpage(kind, kwargs={"slug": thing.slug})
        shown = articles_of_locale.filter(tags=thing) if kind == "tag" else \
            articles_of_locale.filter(authors__author=thing)
        urls += _listing_urls(listing_url, _position(shown, page))
    keys = defaultdict(set)
    for page in articles:
        keys[page.translation_key].add(page.pk)
    for other in ArticlePage.objects.filter(translation_key__in=keys):
        if keys[other.translation_key] - {other.pk}:  # a translation of a page in the batch
            other_url = full_url(other)
            if other_url:
                urls.append(other_url)
    for page in articles:
        urls += _receivers_urls(page)
    return list(dict.fromkeys(urls))


def purge_pages(pages) -> None:
    """Purge everything that shows any of these pages, after the commit: each URL once."""
    pages = list(pages)
    try:
        urls = urls_for_pages(pages)
    except Exception:
        logger.exception("could not list the URLs of %d pages; purging their languages", len(pages))
        urls = []
        schedule_purge_all(sorted({page.locale.language_code for page in pages}))
    schedule_purge(urls)


def _all_site_urls(languages) -> list[str]:
    """The homes and sections of these languages, for frontend caches without a purge-all."""
    from roznama.news.models import HomePage, SectionPage

    urls = []
    pages = list(HomePage.objects.live().filter(locale__language_code__in=languages))
    pages += list(SectionPage.objects.live().filter(locale__language_code__in=languages))
    for page in pages:
        url = full_url(page)
        if url:
            urls.append(url)
    return urls


def purge_all_frontend(languages=None) -> None:
    """Site-wide purge of the frontend caches: everything where the cache can do it
    (Cloudflare's purge_everything, CloudFront's ``/*``); elsewhere (nginx, whose purge module
    takes exact keys) the homes and sections, the rest following within nginx's own short
    cache time (``X-Accel-Expires``, at most ``ROZNAMA_NGINX_CACHE_SECONDS``)."""
    from wagtail.contrib.frontend_cache.backends import CloudflareBackend, CloudfrontBackend
    from wagtail.contrib.frontend_cache.utils import get_backends

    default = settings.LANGUAGE_CODE
    wanted = list(languages) if languages else [code for code, _ in settings.LANGUAGES]
    prefixes = [("/" if code == default else f"/{code}/") for code in wanted]
    for name, backend in get_backends().items():
        if isinstance(backend, CloudfrontBackend):
            paths = ["/*"] if not languages else [p + "*" for p in prefixes]
            compat.cloudfront_invalidate(backend, paths)
        elif isinstance(backend, CloudflareBackend) and not languages:
            _cloudflare_purge_everything(backend)
        else:
            urls = _all_site_urls(wanted)
            backend.purge_batch([u for u in urls if backend.invalidates_hostname(urlsplit(u).hostname)])
        logger.info("[%s] site-wide purge (%s)", name, ", ".join(wanted))


def _cloudflare_purge_everything(backend) -> None:
    import requests

    headers = {"Content-Type": "application/json"}
    if backend.cloudflare_token:
        headers["Authorization"] = f"Bearer {backend.cloudflare_token}"
    else:
        headers["X-Auth-Email"] = backend.cloudflare_email
        headers["X-Auth-Key"] = backend.cloudflare_api_key
    url = f"https://api.cloudflare.com/client/v4/zones/{backend.cloudflare_zoneid}/purge_cache"
    requests.post(url, json={"purge_everything": True}, headers=headers, timeout=30)


def schedule_purge_all(languages=None) -> None:
    def run():
        try:
            purge_app_languages(languages)
        except Exception:
            logger.exception("purging the page cache failed")
        purge_all.enqueue(list(languages) if languages else None)

    transaction.on_commit(run, robust=True)


def purge_all_pages(languages=None, reason: str = "") -> None:
    """Purge every page (of these languages; all when None): the app's cache and the CDN.

    Call it, or send ``purge_all_requested``, when something every page shows has changed,
    such as a declared Hijri month start for the Ramadan strip.
    """
    if reason:
        logger.info("site-wide purge: %s", reason)
    schedule_purge_all(languages)
