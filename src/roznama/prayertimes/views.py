"""Thin views: read the address and the choices, ask services, render.

An unknown city or month is a 404 page with suggestions; a method or Asr school the page
does not offer is a 400 page that says what was wrong. Nothing a reader types makes a 500.
Pages carry public cache headers like every other page (the page cache keeps them).
"""

from __future__ import annotations

from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roznama.ramadan.formatting import format_date
from roznama.seo import services as seo

from . import services
from .services import BadChoice

LANGS = ("en", "ur")


def _lang() -> str:
    return translation.get_language() or "en"


def _url_in(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"prayertimes:{name}", kwargs=kwargs or None)


def _alternates(request, name: str, **kwargs) -> dict[str, str]:
    return {lang: seo.absolute(request, _url_in(lang, name, **kwargs)) for lang in LANGS}


def _head(
    request, title: str, description: str, canonical: str, alternates: dict, json_ld=(), noindex: bool = False
) -> str:
    settings = seo.site_settings(request)
    lang = _lang()
    head = {
        "robots": "noindex, follow" if noindex else "index, follow, max-image-preview:large",
        "site_name": seo.publication_name(settings, lang),
        "og_type": "website",
        "og_locale": {"en": "en_GB", "ur": "ur_PK"}[lang],
        "og_locale_alternates": [v for k, v in {"en": "en_GB", "ur": "ur_PK"}.items() if k != lang],
        "title": title,
        "description": description,
        "twitter_site": seo.x_handle(settings),
        "canonical": None if noindex else canonical,
        "hreflang": [] if noindex else [*alternates.items(), ("x-default", alternates["en"])],
        "feeds": [],
        "json_ld": [mark_safe(seo.json_ld(item)) for item in json_ld],  # nosec B308, B703 - json_ld escapes <, > and &
        "article": None,
    }
    return mark_safe(render_to_string("seo/head.html", head, request=request))  # nosec B308, B703 - a rendered (autoescaped) template


def _translations(alternates: dict) -> list:
    """What the header's language switch expects of a page's translations."""
    return [
        SimpleNamespace(locale=SimpleNamespace(language_code=lang), get_url=lambda request, url=url: url)
        for lang, url in alternates.items()
    ]


def _not_found(request, query: str):
    context = {
        "query": query,
        "suggestions": services.suggestions(query),
        "lang": _lang(),
        "index_url": reverse("prayertimes:index"),
        "head": _head(request, _("City not found"), "", "", {}, noindex=True),
    }
    return render(request, "prayertimes/not_found.html", context, status=404)


def _bad_choice(request, city, message: str):
    context = {
        "message": message,
        "city": city,
        "city_name": city.name(_lang()),
        "lang": _lang(),
        "city_url": reverse("prayertimes:city", kwargs={"slug": city.slug}),
        "head": _head(request, _("That choice is not offered"), "", "", {}, noindex=True),
    }
    response = render(request, "prayertimes/bad_choice.html", context, status=400)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def index(request):
    lang = _lang()
    query = request.GET.get("q", "").strip()[:80]
    pakistan, world = services.index_groups(lang, query)
    alternates = _alternates(request, "index")
    context = {
        "lang": lang,
        "query": query,
        "pakistan": pakistan,
        "world": world,
        "count": sum(len(c) for _r, c in pakistan) + sum(len(c) for _r, c in world),
        "head": _head(
            request,
            _("Prayer times"),
            _(
                "Today's prayer times, the month's timetable and the Qibla "
                "for every city of Pakistan and the Muslim world."
            ),
            alternates[lang],
            alternates,
            noindex=bool(query),
        ),
        "translations": _translations({k: v for k, v in alternates.items() if k != lang}),
    }
    return render(request, "prayertimes/index.html", context)


@require_safe
def city_page(request, slug, month=None):
    lang = _lang()
    city = services.city(slug)
    if city is None:
        return _not_found(request, slug)
    today = services.today_at(city.place)
    if month is None:
        year, number = today.year, today.month
    else:
        parsed = services.parse_month(month)
        if parsed is None:
            return _not_found(request, f"{slug} {month}")
        year, number = parsed
    try:
        method, asr = services.check_choices(city.place, request.GET.get("method"), request.GET.get("asr"))
    except BadChoice as exc:
        return _bad_choice(request, city, str(exc))
    chosen = bool(request.GET.get("method") or request.GET.get("asr"))
    kwargs = {"slug": slug} if month is None else {"slug": slug, "month": f"{year:04d}-{number:02d}"}
    name = "city" if month is None else "month"
    alternates = _alternates(request, name, **kwargs)
    month_title = services.month_title(year, number, lang)
    name_here = city.name(lang)
    if month is None:
        title = _("Prayer times in %(city)s today") % {"city": name_here}
    else:
        title = _("Prayer times in %(city)s, %(month)s") % {"city": name_here, "month": month_title}
    crumbs = [
        (_("Home"), seo.absolute(request, "/ur/" if lang == "ur" else "/")),
        (_("Prayer times"), seo.absolute(request, reverse("prayertimes:index"))),
        (name_here, seo.absolute(request, reverse("prayertimes:city", kwargs={"slug": slug}))),
    ]
    if month is not None:
        crumbs.append((month_title, alternates[lang]))
    cal = services.site_calendar()
    table = services.month_table(city, year, number, method, asr, lang, today=today, cal=cal)
    before, after = services.neighbour_months(year, number)
    today_row = None
    if month is None:
        today_row = next(row for row in table if row["is_today"])
    context = {
        "lang": lang,
        "city": city,
        "city_name": name_here,
        "region": city.region(lang),
        "title": title,
        "month_title": month_title,
        "is_archive": month is not None,
        "today": today_row,
        "table_rows": mark_safe(services.table_rows_html(table)),  # nosec B308, B703 - table_rows_html escapes every text it puts in
        "labels": services.LABELS,
        "columns": services.COLUMNS,
        "today_hijri": services.date_label(cal.to_hijri(today), lang),
        "today_text": format_date(today, lang),
        "today_weekday": services.weekday(today, lang),
        "schedule": services.schedule(city, today, method, asr) if month is None else None,
        "method": method,
        "asr": asr,
        "methods": services.method_choices(),
        "asr_schools": list(services.ASR_SCHOOLS.items()),
        "method_name": dict(services.method_choices())[method],
        "asr_name": services.ASR_SCHOOLS[asr],
        "qibla": services.compass(city.place, lang),
        "crumbs": crumbs,
        "before": before
        and {
            "url": _url_in(lang, "month", slug=slug, month=f"{before[0]:04d}-{before[1]:02d}"),
            "text": services.month_title(*before, lang),
        },
        "after": after
        and {
            "url": _url_in(lang, "month", slug=slug, month=f"{after[0]:04d}-{after[1]:02d}"),
            "text": services.month_title(*after, lang),
        },
        "namesakes": [(services.city_for_place(p), p) for p, _q in services.namesakes(city.place)],
        "head": _head(
            request,
            title,
            _(
                "Fajr, Dhuhr, Asr, Maghrib and Isha in %(city)s, sunrise and sunset, the month's "
                "timetable with Hijri dates, and the Qibla direction."
            )
            % {"city": name_here},
            alternates[lang],
            alternates,
            json_ld=services.structured_data(city, lang, crumbs, alternates[lang]),
            noindex=chosen,
        ),
        "translations": _translations({k: v for k, v in alternates.items() if k != lang}),
    }
    context["namesakes"] = [(c, p) for c, p in context["namesakes"] if c is not None]
    return render(request, "prayertimes/city.html", context)


@require_safe
def sitemap(request):
    """Every city page and its Urdu twin (the monthly archive pages are reached from them)."""
    root = seo.root_url(request)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    index_urls = {lang: root + _url_in(lang, "index") for lang in LANGS}
    entries = [index_urls] + [
        {lang: root + _url_in(lang, "city", slug=c.slug) for lang in LANGS} for c in services.all_cities()
    ]
    # Plain <url><loc> entries, as the site's other sitemaps (each page names its other
    # language itself, with hreflang links in its head).
    for urls in entries:
        for url in urls.values():
            lines.append(f"<url><loc>{escape(url)}</loc></url>\n")
    lines.append("</urlset>\n")
    return HttpResponse("".join(lines), content_type="application/xml; charset=utf-8")
