"""Fragments of pages kept between renders, so that a page rendered without the page cache
costs a few lookups instead of every query behind it.

A fragment's key holds everything its HTML depends on:

* a *content generation*, one token for the whole site, replaced whenever anything a page
  can show changes: a page published, unpublished, moved, saved or deleted; an author,
  ad slot, video, image, tag, site setting or Ramadan setting saved or deleted.  Old
  fragments are never deleted, just no longer asked for (they expire by themselves);
* what the page itself is: its id and live revision and when it was last published, read
  from the very row the request was routed to, so a render after a publish cannot find
  the fragment of the version before it, whatever the order of events;
* the language, the host and scheme (absolute links), and the path.

The generation is replaced at once and again when the transaction commits, before the
page cache's purge (which also runs on commit, registered later): a render that sees the
purge sees the new generation.

The generation lives in the default cache.  When that cache is this process's memory (the
demo without Redis), another process (the worker publishing a scheduled story) cannot
replace it here: fragments then live ``ROZNAMA_FRAGMENT_LOCAL_SECONDS`` (30) only.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone, translation

logger = logging.getLogger("roznama.cache")

GENERATION_KEY = "fragments:generation"
REQUEST_ATTR = "_roznama_fragment_generation"

# What a page may show: saving or deleting any of these apps' models (or a page) replaces
# the generation, except the models listed below that never change what a reader sees.
WATCHED_APPS = frozenset({"news", "ads", "core", "ramadan", "wagtailcore", "wagtailimages", "taggit", "wagtailembeds"})
IGNORED_MODELS = frozenset(
    {
        "wagtailcore.Revision",
        "wagtailcore.PageLogEntry",
        "wagtailcore.ModelLogEntry",
        "wagtailcore.ReferenceIndex",
        "wagtailcore.WorkflowState",
        "wagtailcore.TaskState",
        "wagtailcore.PageSubscription",
        "wagtailcore.Comment",
        "wagtailcore.CommentReply",
        "wagtailcore.UploadedFile",
        "wagtailimages.Rendition",
        "wagtailembeds.Embed",
        "core.PeriodicJobRun",
        "ramadan.CalendarSnapshot",
        "news.ReadCount",  # readers counting reads: Most read changes on the home page's own lifetime
    }
)

UNSEEN_IMAGE_FIELDS = frozenset({"file_size", "file_hash"})


@lru_cache(maxsize=1)
def _settings() -> tuple[str, bool, int]:
    """(cache alias, enabled, seconds a fragment is kept)."""
    alias = getattr(settings, "ROZNAMA_FRAGMENT_CACHE_ALIAS", "default")
    enabled = bool(getattr(settings, "ROZNAMA_FRAGMENT_CACHE", True))
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    shared = "locmem" not in backend.lower() and "dummy" not in backend.lower()
    if shared:
        seconds = int(getattr(settings, "ROZNAMA_FRAGMENT_SECONDS", 6 * 3600))
    else:
        seconds = int(getattr(settings, "ROZNAMA_FRAGMENT_LOCAL_SECONDS", 30))
    return alias, enabled, seconds


def reset() -> None:
    _settings.cache_clear()


def _cache():
    return caches[_settings()[0]]


def enabled() -> bool:
    return _settings()[1]


def generation(request=None) -> str | None:
    """The current content generation (read once per request); None when the cache fails."""
    if request is not None and hasattr(request, REQUEST_ATTR):
        return getattr(request, REQUEST_ATTR)
    try:
        value = _cache().get(GENERATION_KEY)
        if value is None:
            value = secrets.token_hex(8)
            if not _cache().add(GENERATION_KEY, value, timeout=None):
                value = _cache().get(GENERATION_KEY) or value
    except Exception:
        logger.warning("fragment cache unavailable", exc_info=True)
        value = None
    if request is not None:
        setattr(request, REQUEST_ATTR, value)
    return value


def bump(**kwargs) -> None:
    """Something readers see changed: no fragment of before is used again."""
    try:
        _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        logger.warning("could not replace the fragment generation", exc_info=True)


def changed(**kwargs) -> None:
    """Signal receiver: replace the generation now and again once the change is committed."""
    bump()
    transaction.on_commit(bump, robust=True)


def _is_setting(model) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return issubclass(model, (BaseGenericSetting, BaseSiteSetting))


def on_model_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS or meta.label in IGNORED_MODELS:
        return
    if kwargs.get("raw"):  # fixtures
        return
    if kwargs.get("created") and _is_setting(sender):
        return  # settings made with their defaults on first read show what was shown before
    update_fields = kwargs.get("update_fields")
    if meta.label == "wagtailimages.Image" and update_fields and set(update_fields) <= UNSEEN_IMAGE_FIELDS:
        return  # Wagtail notes an image's size and hash when it first makes a rendition
    changed()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(on_model_change, dispatch_uid="roznama_fragments_save")
    post_delete.connect(on_model_change, dispatch_uid="roznama_fragments_delete")
    m2m_changed.connect(on_model_change, dispatch_uid="roznama_fragments_m2m")
    for signal, uid in ((page_published, "published"), (page_unpublished, "unpublished"), (post_page_move, "moved")):
        signal.connect(lambda sender, **kw: changed(), weak=False, dispatch_uid=f"roznama_fragments_{uid}")


def cache_get(key: str):
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("fragment cache unavailable", exc_info=True)
        return None


def cache_set(key: str, value) -> None:
    try:
        _cache().set(key, value, timeout=_settings()[2])
    except Exception:
        logger.warning("could not store a fragment", exc_info=True)


class Fragments:
    """The fragments of one render: read together up front, written as they are rendered."""

    def __init__(self, prefix: str, names: tuple[str, ...]):
        self.prefix = prefix
        self.names = names
        self.found: dict[str, str] = {}
        try:
            stored = _cache().get_many([prefix + name for name in names])
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)
            stored = {}
        for name in names:
            if prefix + name in stored:
                self.found[name] = stored[prefix + name]

    @property
    def complete(self) -> bool:
        return all(name in self.found for name in self.names)

    def get(self, name: str) -> str | None:
        return self.found.get(name)

    def store(self, name: str, html: str) -> None:
        self.found[name] = html
        try:
            _cache().set(self.prefix + name, str(html), timeout=_settings()[2])
        except Exception:
            logger.warning("could not store a fragment", exc_info=True)


def _digest(*parts) -> str:
    return hashlib.blake2b(
        "\x1f".join(str(p) for p in parts).encode("utf-8", "surrogateescape"), digest_size=16
    ).hexdigest()


def for_page(request, page, names: tuple[str, ...], *extra) -> Fragments | None:
    """The fragments of ``page`` as served to ``request``; None when they must not be used:
    previews (a draft has the live page's id), anything but GET and HEAD, a signed-in user,
    and a page object other than the one the request was routed to (only that one is the
    live row)."""
    if request is None or not enabled():
        return None
    if getattr(request, "is_preview", False) or request.method not in ("GET", "HEAD"):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None  # editors see what the database holds, like the page cache lets them
    route = getattr(request, "_wagtail_route_for_request", None)
    if not route or route[0] is not page:
        return None
    gen = generation(request)
    if gen is None:
        return None
    key = _digest(
        gen,
        page.pk,
        page.live_revision_id,
        page.last_published_at.isoformat() if page.last_published_at else "",
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.path,
        timezone.localdate().year,  # the footer's copyright year
        *extra,
    )
    return Fragments(f"fragment:{key}:", names)
