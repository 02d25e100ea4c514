"""Thin views: read the parameters, ask services, answer with cache headers.

Bad parameters get a 400 that says what is wrong (JSON for the API and the strip, text for
the files); nothing a reader or a client types can cause a 500.
"""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from roznama.core.csp import embeddable
from roznama.core.ratelimit import rate_limited

from . import clock, exports, services
from .services import BadInput

LANGS = ("en", "ur")
SHORT, LONG = 60, 3600  # seconds: what changes within the day, and what changes with announcements


def _lang(request) -> str:
    lang = request.GET.get("lang") or "en"
    if lang not in LANGS:
        raise BadInput(f"lang must be en or ur, not {lang!r}")
    return lang


def _cached(response, seconds: int):
    patch_cache_control(response, public=True, max_age=seconds)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, as_json: bool = True):
    if as_json:
        response = JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, no_store=True)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def answers_bad_input(as_json=True):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except BadInput as exc:
                return _error(str(exc), as_json)
        return wrapper
    return decorate


def _json(data, seconds: int):
    return _cached(JsonResponse(data, json_dumps_params={"ensure_ascii": False}), seconds)


def _preview_now(request):
    """Staff may look at any instant (``as_of``, started at ``since``): never cached."""
    raw = request.GET.get("as_of")
    if not raw:
        return None
    if not (request.user.is_authenticated and request.user.is_staff):
        raise BadInput("as_of is for editors signed in to the admin")
    try:
        start = clock.parse_instant(raw)
        since = float(request.GET.get("since") or datetime.now(dt_timezone.utc).timestamp())
    except ValueError as exc:
        raise BadInput(f"as_of: {exc}") from None
    real = datetime.now(dt_timezone.utc).timestamp()
    return start.timestamp() + (real - since), start.timestamp() - since


# --- the strip ------------------------------------------------------------------------------


@require_GET
@rate_limited("ramadan-api")
@answers_bad_input()
def strip_data(request):
    lang = _lang(request)
    city_param = request.GET.get("city")
    reader = services.resolve_city(city_param, request.GET.get("tz"))
    preview = _preview_now(request)
    if preview is None:
        payload = services.strip_payload(reader, clock.now(), lang, default_city=not city_param)
        return _json(payload, SHORT)
    moment, offset = preview
    payload = services.strip_payload(reader, datetime.fromtimestamp(moment, dt_timezone.utc), lang,
                                     default_city=not city_param)
    payload["clock_offset_ms"] = int(offset * 1000)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- the API --------------------------------------------------------------------------------


@require_GET
@rate_limited("ramadan-api")
@answers_bad_input()
def api_today(request):
    city = services.resolve_city(request.GET.get("city"), request.GET.get("tz"))
    fiqh = services.check_fiqh(request.GET.get("fiqh"))
    method = services.check_method(request.GET.get("method"))
    return _json(services.today_document(city, clock.now(), fiqh, method), SHORT)


def _month_from(request):
    city = services.resolve_city(request.GET.get("city"), request.GET.get("tz"))
    cal = services.site_calendar()
    today = clock.now().astimezone(city.place.tz).date()
    year = services.check_year(request.GET.get("year"), today, cal)
    method = services.check_method(request.GET.get("method"))
    return services.ramadan_month(city, year, cal, method)


@require_GET
@rate_limited("ramadan-api")
@answers_bad_input()
def api_month(request):
    fiqh = services.check_fiqh(request.GET["fiqh"]) if request.GET.get("fiqh") else None
    return _json(services.month_document(_month_from(request), fiqh), LONG)


@require_GET
@rate_limited("ramadan-api")
@answers_bad_input()
def api_places(request):
    text = (request.GET.get("q") or "").strip()
    if not text:
        raise BadInput("q: type the first letters of a city")
    try:
        limit = min(max(int(request.GET.get("limit", 8)), 1), 25)
    except ValueError:
        raise BadInput("limit must be a whole number from 1 to 25") from None
    from . import places

    found = [{**places.describe(p), "key": places.city_key(p)} for p in places.search(text, limit)]
    return _json({"query": text, "places": found}, LONG)


@require_GET
def api_schema(request):
    from .openapi import schema

    return _json(schema(request.build_absolute_uri("/")[:-1]), LONG)


# --- files ----------------------------------------------------------------------------------


def _file(content, content_type: str, filename: str, seconds: int = LONG):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _cached(response, seconds)


def _slug(month) -> str:
    return f"ramadan-{month.year}-{(month.city.code or month.city.key).lower().replace(',', '_')}"


@require_GET
@answers_bad_input(as_json=False)
def timetable_ics(request):
    lang = _lang(request)
    fiqh = services.check_fiqh(request.GET.get("fiqh"))
    month = _month_from(request)
    opts = services.StripOptions.from_settings()
    body = exports.month_ics(month, fiqh, lang, clock.now(), opts.spelling)
    return _file(body, "text/calendar; charset=utf-8", f"{_slug(month)}-{fiqh}.ics")


@require_GET
@answers_bad_input(as_json=False)
def timetable_csv(request):
    month = _month_from(request)
    return _file(exports.month_csv(month), "text/csv; charset=utf-8", f"{_slug(month)}.csv")


@require_GET
@answers_bad_input(as_json=False)
def timetable_pdf(request):
    lang = _lang(request)
    month = _month_from(request)
    opts = services.StripOptions.from_settings()
    try:
        body = exports.month_pdf(month, lang, opts.spelling)
    except exports.FontMissing as exc:
        response = HttpResponse(f"The PDF cannot be made here: {exc}.\n", status=503,
                                content_type="text/plain; charset=utf-8")
        patch_cache_control(response, no_store=True)
        return response
    return _file(body, "application/pdf", f"{_slug(month)}-{lang}.pdf")


# --- the widget -----------------------------------------------------------------------------


@require_GET
@embeddable
@answers_bad_input(as_json=False)
def widget(request):
    """The embeddable widget: today's sehri and iftar with a countdown, in an iframe."""
    lang = _lang(request)
    city = services.resolve_city(request.GET.get("city"), request.GET.get("tz"))
    with translation.override(lang):
        state = services.strip_payload(city, clock.now(), lang, default_city=False)
        response = render(request, "ramadan/widget.html", {
            "lang": lang, "bidi": lang == "ur", "city": city, "city_name": city.display_name(lang),
            "payload": state,
            "segment": state["segments"][0] if state["segments"] else None,
            "hub_url": request.build_absolute_uri(state["hub_url"] or "/"),
        })
    patch_vary_headers(response, ["Accept-Language"])
    return _cached(response, SHORT)


@require_GET
def widget_js(request):
    """``<script src=".../ramadan/widget.js" data-city="Lahore" data-lang="ur" async></script>``."""
    base = request.build_absolute_uri("/")[:-1]
    script = render(request, "ramadan/widget.js", {"base": base}, content_type="application/javascript; charset=utf-8")
    return _cached(script, LONG)


def bad_request_page(request, page, exc):
    response = render(request, "ramadan/bad_request.html", {"page": page, "message": str(exc)}, status=400)
    patch_cache_control(response, no_store=True)
    return response
