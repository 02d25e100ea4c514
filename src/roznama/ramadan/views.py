"""Thin views: read the parameters, ask services, answer with cache headers.

The API, the strip's data and the files read their parameters through ``params`` (the same
declarations the OpenAPI document shows): an unknown parameter or a bad value gets a JSON 400
``{"error": ..., "field": ...}``, another method a 405 with ``Allow``; nothing a reader or a
client types can cause a 500.
"""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from roznama.core.csp import embeddable
from roznama.core.ratelimit import rate_limited

from . import calendar, cities, clock, documents, exports, params, strip, timetable
from .errors import BadInput

SHORT, LONG = 60, 3600  # seconds: what changes within the day, and what changes with announcements
ALLOW = "GET, HEAD, OPTIONS"


def _cached(response, seconds: int):
    patch_cache_control(response, public=True, max_age=seconds)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, field: str | None = None, status: int = 400, as_json: bool = True):
    if as_json:
        response = JsonResponse(
            {"error": message, "field": field}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
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
                return _error(str(exc), exc.field, as_json=as_json)

        return wrapper

    return decorate


def api_view(endpoint: str):
    """GET (and HEAD) with the parameters of ``endpoint`` read strictly, passed as ``query``.

    Exempt from the CSRF check: these addresses change nothing, and a POST must get the 405
    that says which methods they take, not the CSRF middleware's 403 page.
    """

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOW
                response["Access-Control-Allow-Origin"] = "*"
                response["Access-Control-Allow-Methods"] = ALLOW
                response["Access-Control-Max-Age"] = str(LONG)
                return response
            if request.method not in ("GET", "HEAD"):
                response = _error(
                    f"{params.shown(request.method)} is not a method this address takes; it takes {ALLOW}", status=405
                )
                response["Allow"] = ALLOW
                return response
            try:
                query = params.read(request.GET, endpoint)
                return view(request, query, *args, **kwargs)
            except BadInput as exc:
                return _error(str(exc), exc.field)

        return wrapper

    return decorate


def _json(data, seconds: int):
    return _cached(JsonResponse(data, json_dumps_params={"ensure_ascii": False}), seconds)


def _preview_now(request, query):
    """Staff may look at any instant (``as_of``, started at ``since``): never cached."""
    raw = query.get("as_of")
    if not raw:
        return None
    if not (request.user.is_authenticated and request.user.is_staff):
        raise BadInput("as_of is for editors signed in to the admin", field="as_of")
    try:
        start = clock.parse_instant(raw)
    except ValueError as exc:
        raise BadInput(f"as_of: {exc}", field="as_of") from None
    since = query["since"] if query["since"] is not None else datetime.now(dt_timezone.utc).timestamp()
    real = datetime.now(dt_timezone.utc).timestamp()
    return start.timestamp() + (real - since), start.timestamp() - since


def _city(query):
    return cities.resolve_city(query["city"], query["tz"])


# --- the strip ------------------------------------------------------------------------------


@rate_limited("ramadan-api")
@api_view("strip")
def strip_data(request, query):
    lang = query["lang"] or "en"
    reader = _city(query)
    preview = _preview_now(request, query)
    if preview is None:
        payload = strip.strip_payload(reader, clock.now(), lang, default_city=not query["city"])
        return _json(payload, SHORT)
    moment, offset = preview
    payload = strip.strip_payload(
        reader, datetime.fromtimestamp(moment, dt_timezone.utc), lang, default_city=not query["city"]
    )
    payload["clock_offset_ms"] = int(offset * 1000)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- the API --------------------------------------------------------------------------------


@rate_limited("ramadan-api")
@api_view("today")
def api_today(request, query):
    city = _city(query)
    fiqh = query["fiqh"] or "hanafi"
    return _json(documents.today_document(city, clock.now(), fiqh, query["method"]), SHORT)


def _month_from(query):
    city = _city(query)
    cal = calendar.site_calendar()
    today = clock.now().astimezone(city.place.tz).date()
    year = query["year"] if query["year"] is not None else calendar.ramadan_year_for(today, cal)
    return timetable.ramadan_month(city, year, cal, query["method"])


@rate_limited("ramadan-api")
@api_view("month")
def api_month(request, query):
    return _json(documents.month_document(_month_from(query), query["fiqh"]), LONG)


@rate_limited("ramadan-api")
@api_view("places")
def api_places(request, query):
    from . import places

    limit = query["limit"] or 8
    found = [{**places.describe(p), "key": places.city_key(p)} for p in places.search(query["q"], limit)]
    return _json({"query": query["q"], "places": found}, LONG)


@rate_limited("ramadan-api")
@api_view("nearest")
def api_nearest(request, query):
    from . import places

    return _json(places.nearest_document(query["lat"], query["lon"]), LONG)


@api_view("openapi")
def api_schema(request, query):
    from .openapi import schema

    return _json(schema(request.build_absolute_uri("/")[:-1]), LONG)


# --- files ----------------------------------------------------------------------------------


def _file(content, content_type: str, names: tuple[str, str], seconds: int = LONG):
    """``names``: the file's ASCII name and its name in its own language (exports.file_names)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(*names)
    return _cached(response, seconds)


@api_view("ics")
def timetable_ics(request, query):
    lang = query["lang"] or "en"
    fiqh = query["fiqh"] or "hanafi"
    month = _month_from(query)
    opts = strip.StripOptions.from_settings()
    body = exports.month_ics(month, fiqh, lang, clock.now(), opts.spelling)
    return _file(body, "text/calendar; charset=utf-8", exports.file_names(month, "ics", lang, fiqh))


@api_view("csv")
def timetable_csv(request, query):
    month = _month_from(query)
    return _file(exports.month_csv(month), "text/csv; charset=utf-8", exports.file_names(month, "csv", "en"))


@api_view("pdf")
def timetable_pdf(request, query):
    lang = query["lang"] or "en"
    month = _month_from(query)
    opts = strip.StripOptions.from_settings()
    try:
        body = exports.month_pdf(month, lang, opts.spelling)
    except exports.FontMissing as exc:
        return _error(f"The PDF cannot be made here: {exc}.", status=503)
    return _file(body, "application/pdf", exports.file_names(month, "pdf", lang, lang))


# --- the widget -----------------------------------------------------------------------------


@require_GET
@embeddable
@answers_bad_input(as_json=False)
def widget(request):
    """The embeddable widget: today's sehri and iftar with a countdown, in an iframe.

    Lenient on purpose: its address is pasted into partners' pages, whose publishing tools
    and trackers add parameters of their own (utm_source, fbclid, ...); refusing those would
    leave a blank box on someone else's page.  Only city, tz and lang are read, each checked.
    """
    query = params.read_lenient(request.GET, ("city", "tz", "lang"))
    lang = query["lang"] or "en"
    city = _city(query)
    with translation.override(lang):
        state = strip.strip_payload(city, clock.now(), lang, default_city=False)
        response = render(
            request,
            "ramadan/widget.html",
            {
                "lang": lang,
                "bidi": lang == "ur",
                "city": city,
                "city_name": city.display_name(lang),
                "payload": state,
                "segment": state["segments"][0] if state["segments"] else None,
                "hub_url": request.build_absolute_uri(state["hub_url"] or "/"),
            },
        )
    patch_vary_headers(response, ["Accept-Language"])
    return _cached(response, SHORT)


@require_GET
def widget_js(request):
    """``<script src=".../ramadan/widget.js" data-city="Lahore" data-lang="ur" async></script>``."""
    base = request.build_absolute_uri("/")[:-1]
    script = render(request, "ramadan/widget.js", {"base": base}, content_type="application/javascript; charset=utf-8")
    return _cached(script, LONG)
