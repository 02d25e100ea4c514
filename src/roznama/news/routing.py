"""Short cuts on the way from a URL to a page, each one giving exactly what Wagtail's own
way gives:

* an article (``/section/story/`` under a home page) is found in one query by its URL path,
  instead of walking down the tree a level (two queries) at a time;
* the site for a host and port, its home page in each language, and whether any page on the
  site has view restrictions, are remembered in this process for as long as the content
  generation of ``roznama.cache.fragments`` stays the same (a change to a site, a page or a
  restriction replaces it).
"""

from __future__ import annotations

from django.http import Http404

from roznama import compat
from roznama.cache import fragments

_memo: dict = {"generation": None, "sites": {}, "restricted": None}


def _current(generation) -> dict:
    """The memo of this generation: a new one, swapped in whole, when the generation changes."""
    global _memo
    memo = _memo
    if memo["generation"] != generation:
        memo = {"generation": generation, "sites": {}, "restricted": None}
        _memo = memo
    return memo


def remember_site(request) -> None:
    """Hand Wagtail the request's site from memory (``Site.find_for_request`` reads it)."""
    from django.http.request import split_domain_port

    if compat.has_remembered_site(request) or not fragments.enabled():
        return
    generation = fragments.generation(request)
    if generation is None:
        return
    memo = _current(generation)
    key = (split_domain_port(compat.raw_host(request))[0], request.get_port())
    try:
        site = memo["sites"][key]
    except KeyError:
        site = memo["sites"][key] = _with_kept_root(compat.site_for_request(request))
    compat.remember_site(request, site)


def _with_kept_root(site):
    """The site with its root as the home page itself, which then remembers its translations
    (``HomePage.localized``): Wagtail routes every request from ``root_page.localized``."""
    from .models import HomePage

    if site is not None and site.root_page is not None:
        root = site.root_page.specific
        if isinstance(root, HomePage):
            root.kept_translations = {}
            site.root_page = root
    return site


def has_view_restrictions(generation) -> bool:
    """Whether any page of the site is private (then every page checks its ancestors)."""
    from wagtail.models import PageViewRestriction

    if generation is None:
        return True
    memo = _current(generation)
    if memo["restricted"] is None:
        memo["restricted"] = PageViewRestriction.objects.exists()
    return memo["restricted"]


def article_route(home, request, path_components):
    """The route to an article ``section/slug`` of ``home``, or None to take Wagtail's way.

    Wagtail tries the home page's own routes (authors, tags) before its children: so does
    this.
    """
    from .models import ArticlePage

    section_slug, slug = path_components
    if home.live:
        try:
            home.resolve_subpage(f"/{section_slug}/{slug}/")
        except Http404:
            pass
        else:
            return None
    article = ArticlePage.objects.filter(
        slug=slug, depth=home.depth + 2, url_path=f"{home.url_path}{section_slug}/{slug}/"
    ).first()
    if article is None:
        return None
    if article.specific_class is not ArticlePage:  # a kind of article (a live blog): its own page type
        article = article.specific
    article._fragment_generation = getattr(request, fragments.REQUEST_ATTR, None)
    return article.route(request, [])
