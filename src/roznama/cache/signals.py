"""Purge on change: publishing, unpublishing (a kill or withhold from the wire too),
correcting (a correction is published with its article), moving and deleting pages."""

from __future__ import annotations

import logging
import threading

from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from . import purge

logger = logging.getLogger("roznama.cache")


def on_published(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_unpublished(sender, instance, **kwargs):
    purge.purge_page(instance)


_before_move = threading.local()


def before_move(sender, instance, **kwargs):
    # Wagtail hands the "after" signal a fresh instance: keep the old URLs by page id.
    pending = _before_move.__dict__.setdefault("urls", {})
    try:
        pending[instance.pk] = purge.urls_for_pages([instance])
    except Exception:
        logger.exception("could not list the URLs of page %s before its move", instance.pk)


def after_move(sender, instance, **kwargs):
    before = _before_move.__dict__.setdefault("urls", {}).pop(instance.pk, [])
    purge.purge_page(instance, extra_urls=before)


def on_article_saved(sender, instance, update_fields=None, **kwargs):
    # A story killed by its agency: its URL turns from a page (or a 404) into a 410.
    if update_fields and "withdrawn_at" in update_fields:
        purge.purge_page(instance)


def on_purge_all_requested(sender, languages=None, reason="", **kwargs):
    purge.purge_all_pages(languages, reason=reason)


def connect():
    from roznama.news.models import ArticlePage

    page_published.connect(on_published, dispatch_uid="roznama_cache_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="roznama_cache_unpublished")
    pre_page_move.connect(before_move, dispatch_uid="roznama_cache_before_move")
    post_page_move.connect(after_move, dispatch_uid="roznama_cache_after_move")
    post_save.connect(on_article_saved, sender=ArticlePage, dispatch_uid="roznama_cache_article_saved")
    purge.purge_all_requested.connect(on_purge_all_requested, dispatch_uid="roznama_cache_purge_all")
