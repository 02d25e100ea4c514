"""The site's icons and its web app manifest (name, colours and icons for "Add to home screen")."""

from __future__ import annotations

import json
from pathlib import Path

from django.http import HttpResponse
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.http import require_safe

from roznama.core.models import SiteSettings

ICONS = Path(__file__).resolve().parent.parent / "static" / "roznama" / "icons"
THEME_COLOUR = "#0b6e4f"  # --accent in site.css


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links."""
    response = HttpResponse((ICONS / "favicon.ico").read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"  # not content-hashed: a week
    return response


def manifest_data(request) -> dict:
    settings = SiteSettings.for_request(request)
    urdu = translation.get_language() == "ur"
    name = settings.site_name_ur if urdu and settings.site_name_ur else settings.site_name
    home = "/ur/" if urdu else "/"
    return {
        "name": name,
        "short_name": name,
        "lang": "ur" if urdu else "en",
        "dir": "rtl" if urdu else "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("roznama/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("roznama/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("roznama/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@require_safe
def manifest(request):
    body = json.dumps(manifest_data(request), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
