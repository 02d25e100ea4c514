"""Slugs for new pages: from the headline, and free among the page's siblings."""

from __future__ import annotations

from django.utils.text import slugify


def slug_base(title: str, fallback: str) -> str:
    """The headline's slug (at most 70 characters), else the fallback's (an agency's item id)."""
    return slugify(title)[:70].strip("-") or slugify(fallback)[-40:].strip("-") or "story"


def free_slug(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not in ``taken``."""
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(section, title: str, fallback: str) -> str:
    """A slug from the headline that no sibling uses yet (two agencies may send the same one)."""
    base = slug_base(title, fallback)
    return free_slug(base, section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
