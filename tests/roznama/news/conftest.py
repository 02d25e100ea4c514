"""The news pages' tests run with the page fragments on, each test under a generation of its own."""

import pytest


@pytest.fixture(autouse=True)
def fragments_on(page_fragments):
    """These pages are tested as readers get them: with the page fragments on."""
