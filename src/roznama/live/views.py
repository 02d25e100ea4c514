"""Thin views: a post's own page, the blog's state and its new posts for readers' scripts,
and the breaking line."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse

from . import services


def _cache_for(response, browser_seconds: int, shared_seconds: int):
    """Cacheable by everyone for a short while: the same answer for every reader (nobody's
    session is read).  nginx is told too, since it keeps X-Accel-Expires over Cache-Control."""
    response["Cache-Control"] = (
        f"public, max-age={browser_seconds}, s-maxage={shared_seconds}, stale-if-error=86400"
    )
    response["X-Accel-Expires"] = str(shared_seconds)
    return response


def post_page(request, page, post_id: int):
    post = services.published_posts(page).filter(pk=post_id).first()
    if post is None:
        raise Http404
    context = page.get_context(request)
    context.update({"post": post, "blog_url": page.get_url(request)})
    return TemplateResponse(request, "live/post_page.html", context)


def state(request, page):
    """The live blog's state, polled by every reader every few seconds: a few bytes, cached,
    purged with the page."""
    return _cache_for(JsonResponse(services.state(page)), services.STATE_BROWSER_SECONDS, services.STATE_SHARED_SECONDS)


def posts_after(request, page, after: int, version: str):
    """The posts newer than ``after`` at this ``version`` of the blog, as HTML to insert.
    A version other than the current one is refused (404, briefly cached), so made-up URLs
    cannot fill the cache; a real one never changes, so it is cached long."""
    current = services.state(page)
    if version != current["version"] or after > current["latest"]:
        raise Http404
    posts = services.posts_after(page, after)
    response = TemplateResponse(request, "live/_new_posts.html", {"page": page, "live_posts": posts, "request": request})
    return _cache_for(response, 300, 3600)


def ticker(request):
    return _cache_for(JsonResponse(services.ticker_payload()), services.TICKER_BROWSER_SECONDS,
                      services.TICKER_SHARED_SECONDS)
