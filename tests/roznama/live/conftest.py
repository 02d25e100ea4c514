"""A live blog in the test newsroom, and the page cache switched on for the purge tests."""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.cache import caches

from roznama.cache import conf as cache_conf
from roznama.cache import store as cache_store
from roznama.live.models import LiveBlogPage

COVERAGE_START = datetime(2026, 3, 1, 14, 30, tzinfo=dt_timezone.utc)


def make_live_blog(section, title="Pakistan v India, live", slug="pakistan-v-india-live", **fields):
    page = LiveBlogPage(
        title=title,
        slug=slug,
        summary="Follow the match ball by ball.",
        key_points="Pakistan won the toss\nRain is forecast",
        coverage_start=COVERAGE_START,
        **fields,
    )
    section.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def live_blog(newsroom):
    return make_live_blog(newsroom.sports)


@pytest.fixture
def page_cache(settings):
    settings.ROZNAMA_PAGE_CACHE = True
    cache_store.reset()
    caches[cache_conf.conf().alias].clear()
    caches["default"].clear()
    yield caches[cache_conf.conf().alias]
    with contextlib.suppress(Exception):
        caches[cache_conf.conf().alias].clear()
    cache_store.reset()
