"""``calendar_changed``: sent when what the strip and the hub show has changed.

Editors' announcements, the strip's cities and settings, and the worker (a new prediction,
a new state of the strip) all send it (``reason`` says which).  :func:`notify_changed` also
asks the page cache for a site-wide purge (``roznama.cache.purge.purge_all_pages``), which
runs after the transaction commits.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

calendar_changed = Signal()  # sender: the model class or "worker"; kwargs: reason


def notify_changed(sender, reason: str) -> None:
    """Announce a change and purge cached pages and strip data, site-wide."""
    calendar_changed.send(sender=sender, reason=reason)
    try:
        from roznama.cache.purge import purge_all_pages  # the page cache's site-wide purge
    except ImportError:  # a site without the page cache
        purge_all_pages = None
    if purge_all_pages is not None:
        purge_all_pages(None, reason=f"ramadan: {reason}")
    logger.info("ramadan calendar changed: %s", reason)
