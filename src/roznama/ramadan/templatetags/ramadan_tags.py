"""``{% ramadan_strip %}``: the strip, the same HTML for every reader of a language.

The server renders the state at this moment for the strip's first city; the browser then
switches to the reader's own city and to the right state from the strip's data (see
static/ramadan/strip.js), so a cached page never shows a wrong state for long.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .. import clock, services

register = template.Library()


@register.simple_tag(takes_context=True)
def ramadan_strip(context):
    lang = translation.get_language() or "en"
    lang = lang if lang in ("en", "ur") else "en"
    try:
        reader = services.strip_cities()[0]
        segment = services.strip_state(reader, clock.now(), lang=lang)
    except services.BadInput:
        return ""  # a misconfigured city must not take every page down; the admin says why
    return render_to_string("ramadan/strip.html", {
        "segment": segment, "lang": lang, "city_name": reader.display_name(lang),
        "hub_url": services.hub_url(lang), "endpoint": reverse("ramadan:strip"),
        "places_endpoint": reverse("ramadan:places"),
        "offset_ms": int(clock.offset_seconds() * 1000),
    }, request=context.get("request"))
