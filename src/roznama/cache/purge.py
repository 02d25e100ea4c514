"""What to purge when content changes, and the purging itself.

``urls_for_pages(pages)`` lists every URL that shows any of some pages: their own, and what
their page types list (``register_purge_urls``: the news app's articles list their
translations, their section's listing pages up to the one that holds them, their home, their
tags' and authors' pages, feeds and sitemaps), plus whatever other apps add through the
``collect_purge_urls`` signal.  This app knows no page type.

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
from typing import Callable
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


def site_root(page) -> str | None:
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


def listing_urls(url: str, position: int | None, page_size: int) -> list[str]:
    """The listing at ``url`` and its ``?page=N`` pages (``page_size`` items a page) up to the
    one showing the item at ``position`` (0: the newest)."""
    urls = [url]
    if position is not None:
        last = min(position // page_size + 1, MAX_LISTING_PAGES)
        urls += [f"{url}?page={n}" for n in range(2, last + 1)]
    return urls


def position(queryset, page) -> int | None:
    """How many of ``queryset`` were first published after ``page`` (its place in a listing)."""
    when = page.first_published_at
    if when is None:
        return 0
    return queryset.filter(first_published_at__gt=when).count()


def reverse_or_none(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


# --- which URLs show a page: each page type lists its own -----------------------------------

# model -> function(pages of that model) -> URLs showing them beside their own (their listings,
# their home, their translations...).  Page types register in their app's ready().
_listers: dict[type, Callable[[list], list[str]]] = {}


def register_purge_urls(model: type, lister: Callable[[list], list[str]]) -> None:
    """``lister(pages)`` gives the URLs that show any of ``pages`` (all of ``model`` or a
    subclass), other than the pages' own; read for all of them at once."""
    _listers[model] = lister


def _lister_for(model: type):
    for klass in model.__mro__:
        if klass in _listers:
            return _listers[klass]
    return _parent_urls


def _parent_urls(pages) -> list[str]:
    """A page without its own lister: its parent lists it (below the home)."""
    urls = []
    for page in pages:
        parent = page.get_parent() if page.depth > 2 else None
        url = full_url(parent) if parent is not None else None
        if url:
            urls.append(url)
    return urls


def urls_for_pages(pages) -> list[str]:
    """Every URL that shows any of these pages: their own, what their page types list for them
    (``register_purge_urls``) and what other apps add (``collect_purge_urls``), each once."""
    from wagtail.models import Page

    pages = [page.specific if type(page) is Page else page for page in pages]
    by_type: dict[type, list] = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    urls: list[str] = []
    for model, group in by_type.items():
        listed = _lister_for(model)(group)  # first: it may hand each page its parent
        urls += [url for url in (full_url(page) for page in group) if url]
        urls += listed
    for page in pages:
        urls += _receivers_urls(page)
    return list(dict.fromkeys(urls))


def _receivers_urls(page) -> list[str]:
    """What other apps list for the page (``collect_purge_urls``), made absolute on its site."""
    root = site_root(page)
    return [
        url if "://" in url or not root else root + url
        for _, extra in collect_purge_urls.send(sender=type(page), page=page)
        for url in extra or ()
    ]


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
        urls = urls_for_pages([page])
    except Exception:
        logger.exception("could not list the URLs of page %s; purging its language", page.pk)
        urls = []
        schedule_purge_all([page.locale.language_code])
    schedule_purge(list(urls) + list(extra_urls))


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
    """The homes and their sections (the pages right below them) of these languages, for
    frontend caches without a purge-all."""
    from wagtail.models import Page

    urls = []
    pages = Page.objects.live().filter(depth__in=(2, 3), locale__language_code__in=languages).order_by("path")
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
