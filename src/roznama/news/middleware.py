"""A story an agency killed answers “410 Gone” with a notice, instead of a bare 404."""

from django.shortcuts import render
from django.utils import translation

from .models import ArticlePage


class WithdrawnStoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        parts = [p for p in request.path.split("/") if p]
        language = translation.get_language() or "en"
        if parts and parts[0] == language:
            parts = parts[1:]
        if len(parts) != 2:
            return response
        section_slug, slug = parts
        page = (
            ArticlePage.objects.filter(
                slug=slug, locale__language_code=language, withdrawn_at__isnull=False, live=False
            )
            .only("title", "withdrawn_at", "withdrawn_by", "path", "depth")
            .first()
        )
        if page is None or page.get_parent().slug != section_slug:
            return response
        return render(request, "news/withdrawn.html", {"withdrawn": page}, status=410)


class SiteMiddleware:
    """The request's Wagtail site from memory (see ``routing.remember_site``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            from .routing import remember_site

            remember_site(request)
        return self.get_response(request)
