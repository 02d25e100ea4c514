"""``{% ramadan_strip %}``: the strip, the same HTML for every reader of a language.

The server renders the state at this moment for the strip's first city; the browser then
switches to the reader's own city and to the right state from the strip's data (see
static/ramadan/strip.js), so a cached page never shows a wrong state for long.

The day's segments (miqat's times for the strip's cities, the Hijri date, the hub's
address) are computed once per language and day and kept with the page fragments' content
generation (``roznama.cache.fragments``), which any change to the Ramadan settings, cities,
declarations or pages replaces; each request only picks the segment that holds its moment.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from roznama.cache import fragments

from .. import cities, clock, errors, header, strip

register = template.Library()


def _compute(lang: str, now) -> dict:
    reader = cities.strip_cities()[0]
    tz = reader.place.tz
    return {
        "tz": tz,
        "day": now.astimezone(tz).date(),
        "segments": strip.strip_segments(reader, now, lang=lang),
        "city_name": reader.display_name(lang),
        "hub_link": strip.hub_link(lang),
    }


def strip_data(lang: str, now, request=None) -> dict:
    """The strip's segments for the day of ``now`` (in the first city's time zone)."""
    generation = fragments.generation(request) if fragments.enabled() else None
    if generation is None:
        return _compute(lang, now)
    key = f"ramadan-strip:2:{generation}:{lang}"  # 2: the data holds the hub's title too
    data = fragments.cache_get(key)
    if data is None or now.astimezone(data["tz"]).date() != data["day"]:
        data = _compute(lang, now)
        fragments.cache_set(key, data)
    return data


@register.simple_tag
def header_date():
    """The header's date line: weekday and date, then the Hijri date as Pakistan keeps it."""
    lang = translation.get_language() or "en"
    lang = lang if lang in ("en", "ur") else "en"
    try:
        line = header.header_date(clock.now(), lang)
    except errors.BadInput:
        return ""  # a misconfigured city must not take every page down
    return render_to_string("ramadan/header_date.html", {"date": line})


@register.simple_tag(takes_context=True)
def ramadan_strip(context):
    lang = translation.get_language() or "en"
    lang = lang if lang in ("en", "ur") else "en"
    now = clock.now()
    try:
        data = strip_data(lang, now, context.get("request"))
    except errors.BadInput:
        return ""  # a misconfigured city must not take every page down; the admin says why
    return render_to_string(
        "ramadan/strip.html",
        {
            "segment": strip.current_segment(data["segments"], now),
            "lang": lang,
            "city_name": data["city_name"],
            "hub_url": data["hub_link"][0],
            "hub_title": data["hub_link"][1],
            "endpoint": reverse("ramadan:strip"),
            "places_endpoint": reverse("ramadan:places"),
            "nearest_endpoint": reverse("ramadan:nearest"),
            "offset_ms": int(clock.offset_seconds() * 1000),
        },
        request=context.get("request"),
    )
