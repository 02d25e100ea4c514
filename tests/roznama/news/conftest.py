"""The news pages' tests run with the page fragments on (``roznama.cache.fragments``), each
test under a generation of its own."""

from __future__ import annotations

import pytest

from roznama.cache import fragments


@pytest.fixture(autouse=True)
def page_fragments(settings):
    settings.ROZNAMA_FRAGMENT_CACHE = True
    fragments.bump()
    yield
    fragments.bump()
