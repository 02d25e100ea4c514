"""The one news view outside Wagtail's pages: counting a read for Most read."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from roznama.core.ratelimit import rate_limited

from . import front

# Crawlers and link previews fetch pages without reading them; few run scripts, and those
# that do say who they are.
CRAWLER = re.compile(r"bot|crawl|spider|slurp|preview|headless|lighthouse", re.IGNORECASE)


# The beacon comes from cached pages that carry no CSRF token; all it can do is add one to a
# public counter, which the per-address limit bounds.
@csrf_exempt
@require_POST
@rate_limited("read-count")
def count_read(request):
    """``navigator.sendBeacon("/reads/", "<article id>")`` from an article page: 204."""
    raw = request.body[:20].decode("ascii", "replace").strip() or request.POST.get("article", "")
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    if not raw.isdigit():
        response.status_code = 400
        return response
    if not CRAWLER.search(request.headers.get("User-Agent", "")):
        if not front.count_read(int(raw)):
            response.status_code = 404
    return response
