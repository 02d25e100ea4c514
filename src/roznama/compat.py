"""Every private name of Wagtail, treebeard and Django that Roznama uses, in one place.

Each is used because the public API does the same thing only at a cost the site cannot pay
(one query per page, a re-read of what is in memory) or not at all.  Private names change
without notice: ``tests/roznama/test_compat.py`` checks that each is still there with the
shape used here, so an upgrade that changes one fails there, with this module's name in the
message, rather than somewhere deep in a publish or a purge.  Nothing else in the project
may use a private name of these libraries (the same test looks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wagtail.models import Page

# Wagtail's models are imported where used: this module is imported by modules loaded before
# Django's app registry is ready (the cache's purge, the middleware's routing).

# --- the page tree (treebeard's materialised path) -----------------------------------------


def first_child_path(parent_path: str, depth: int) -> str:
    """The tree path of the first child of the page at ``parent_path`` (treebeard's own
    arithmetic, which ``add_child`` uses after reading the parent again)."""
    from wagtail.models import Page

    return Page._get_path(parent_path, depth, 1)


def next_sibling_path(path: str) -> str:
    """The tree path right after ``path`` at the same depth."""
    from wagtail.models import Page

    return Page(path=path)._inc_path()


def remember_parent(page: Page, parent: Page) -> None:
    """Hand ``page`` its parent, read already with many others, so ``page.get_parent()`` does
    not query (Wagtail caches the parent under this attribute)."""
    page._cached_parent_obj = parent


# --- publishing ------------------------------------------------------------------------------


def update_aliases(page: Page, revision, content: dict) -> None:
    """Wagtail's ``update_aliases`` with the revision's content handed in, so it is not read back."""
    page.update_aliases(revision=revision, _content=content)


def references_of(obj) -> set:
    """The references Wagtail's reference index records for ``obj``, without writing them."""
    from wagtail.models import ReferenceIndex

    return set(ReferenceIndex._extract_references_from_object(obj))


def content_path_hash(content_path: str):
    from wagtail.models import ReferenceIndex

    return ReferenceIndex._get_content_path_hash(content_path)


def set_image_file_metadata(image) -> None:
    """An image's file size and hash, as Wagtail sets them when an editor uploads one."""
    image._set_image_file_metadata()


# --- sites and requests ------------------------------------------------------------------------


def site_for_request(request):
    """The Site a request is for, found from the database (not from the request's cache)."""
    from wagtail.models import Site

    return Site._find_for_request(request)


def remember_site(request, site) -> None:
    """Give the request its Site, so Wagtail's ``Site.find_for_request`` does not look again."""
    request._wagtail_site = site


def has_remembered_site(request) -> bool:
    return hasattr(request, "_wagtail_site")


def raw_host(request) -> str:
    """The Host header as sent (Django's own reading, before the allowed-hosts check)."""
    return request._get_raw_host()


# --- CDN -------------------------------------------------------------------------------------


def cloudfront_invalidate(backend, paths: list[str]) -> None:
    """An invalidation of ``paths`` (wildcards allowed) on the backend's CloudFront
    distribution; Wagtail's public ``purge_batch`` takes only whole URLs."""
    backend._create_invalidation(backend.cloudfront_distribution_id, paths)
