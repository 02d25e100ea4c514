"""robots.txt, the sitemaps and the search page."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from roznama.core.ratelimit import rate_limited

from . import search as search_service
from . import services, sitemaps

XML = "application/xml; charset=utf-8"


def _roots(request) -> sitemaps.Roots:
    site = services.site_for(request)
    if site is None:
        raise Http404("No site")
    return sitemaps.Roots(site)


def _stream(chunks) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=XML)
    response["X-Robots-Tag"] = "noindex"  # the files are for crawlers, not for results pages
    return response


@require_safe
def robots_txt(request):
    roots = _roots(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "",
        f"Sitemap: {roots.root_url}{reverse('seo_sitemap_index')}",
    ]
    lines += [
        f"Sitemap: {roots.root_url}{sitemaps.news_file_path(n)}" for n in range(1, sitemaps.news_file_count(roots) + 1)
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    return _stream([sitemaps.kept_index(_roots(request), request)])


@require_safe
def sitemap_pages(request):
    return _stream(sitemaps.render_pages(_roots(request)))


_ARCHIVE_NAME = re.compile(r"^articles-(\d{4})-(\d{2})(?:-(\d+))?$")


@require_safe
def sitemap_articles(request, name):
    match = _ARCHIVE_NAME.match(name)
    if match is None:
        raise Http404
    year, month, number = int(match[1]), int(match[2]), int(match[3] or 1)
    if not 1 <= month <= 12 or number < 1 or match[3] == "1":
        raise Http404
    roots = _roots(request)
    rows = sitemaps.archive_rows(roots, year, month, number)
    # A file beyond the archive is a 404, not an empty (and schema-invalid) urlset.
    if not list(rows[:1]):
        raise Http404
    return _stream(sitemaps.render_urlset(roots, rows.iterator(chunk_size=sitemaps.CHUNK)))


@require_safe
def news_sitemap(request, number=1):
    roots = _roots(request)
    if number > 1 and number > sitemaps.news_file_count(roots):
        raise Http404
    settings = services.site_settings(request)
    names = {"en": services.publication_name(settings, "en"), "ur": services.publication_name(settings, "ur")}
    return _stream(sitemaps.render_news(roots, names, number))


@require_safe
@rate_limited("search")
def search(request):
    language = translation.get_language() or "en"
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    form = search_service.SearchForm.from_request(request)
    context = search_service.results_context(locale, form, request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    kept = query_string.urlencode()
    context.update(
        {
            # A page's link is this and its number: the reader's words and filters are kept.
            "page_href": f"?{kept}&page=" if kept else "?page=",
            "seo_noindex": True,
            "seo_description": _("Search the news in every section and by date, in English and Urdu."),
        }
    )
    response = render(request, "seo/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
