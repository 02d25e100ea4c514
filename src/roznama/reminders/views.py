"""Thin views: the opt-in page, the subscription API the page's script calls, the one-click
unsubscribe, and the service worker (served from the site's root so its scope is the site)."""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from miqat.methods import METHODS

from . import push, services
from .models import KIND_LABELS, KINDS, PushSubscription
from .services import BadInput

DEFAULT_PLACE = "LHR"


def _site_page(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.root_page.specific if site else None


def _json_error(message: str, status: int = 400):
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, no_store=True)
    return response


@require_GET
def optin(request):
    """The page that explains the reminders and subscribes this browser (``?place=LHR``)."""
    lang = get_language()
    try:
        place = services.check_place(request.GET.get("place") or DEFAULT_PLACE)
        fiqh = services.check_fiqh(request.GET.get("fiqh"))
        method = services.check_method(request.GET.get("method"))
    except BadInput as exc:
        response = render(
            request, "reminders/bad_request.html", {"page": _site_page(request), "message": str(exc)}, status=400
        )
        patch_cache_control(response, no_store=True)
        return response
    group = services.PlaceGroup(place_code=place.code, fiqh=fiqh, method=method)
    from django.utils import timezone

    today = services.times_for(group, timezone.now().astimezone(place.tz).date())
    context = {
        "page": _site_page(request),
        "place": place,
        "place_name": (place.name_ur or place.name) if lang == "ur" else place.name,
        "fiqh": fiqh,
        "method": method,
        "methods": sorted(METHODS),
        "kinds": [(kind, KIND_LABELS[kind], today[kind].strftime("%H:%M")) for kind in KINDS],
        "server_key": push.application_server_key(),
        "lang": lang,
    }
    response = render(request, "reminders/optin.html", context)
    patch_cache_control(response, public=True, max_age=300)
    return response


def _read_json(request):
    if request.content_type != "application/json":
        raise BadInput("send JSON (Content-Type: application/json)")
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadInput("the body is not valid JSON") from None


# No CSRF token: the page is cached for everyone, and a cross-site form cannot send JSON.
# Subscribing only ever adds reminders to the sender's own browser.
@csrf_exempt
@require_POST
def subscribe(request):
    try:
        row = services.subscribe(_read_json(request))
    except BadInput as exc:
        return _json_error(str(exc))
    response = JsonResponse(
        {
            "ok": True,
            "unsubscribe": request.build_absolute_uri(reverse("reminders:unsubscribe", args=[row.token])),
            "reminders": row.kinds(),
        }
    )
    patch_cache_control(response, no_store=True)
    return response


@csrf_exempt
@require_POST
def unsubscribe_endpoint(request):
    """The page's "stop" button: the browser knows its own endpoint (a secret URL)."""
    try:
        data = _read_json(request)
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not endpoint:
            raise BadInput("endpoint is required")
    except BadInput as exc:
        return _json_error(str(exc))
    deleted, _ = PushSubscription.objects.filter(endpoint_hash=services.push_digest(endpoint)).delete()
    response = JsonResponse({"ok": True, "removed": bool(deleted)})
    patch_cache_control(response, no_store=True)
    return response


# The token in the link is the authority (as in RFC 8058's one-click unsubscribe), so the
# POST needs no CSRF token; a GET only asks, since mail scanners and previews follow links.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    known = PushSubscription.objects.filter(token=token).exists()
    done = False
    if request.method == "POST":
        done = services.unsubscribe(token)
        if request.content_type == "application/json" or request.headers.get("Accept") == "application/json":
            response = JsonResponse({"ok": True, "removed": done})
            patch_cache_control(response, no_store=True)
            return response
    response = render(
        request,
        "reminders/unsubscribe.html",
        {"page": _site_page(request), "known": known, "done": done or (request.method == "POST"), "token": token},
    )
    patch_cache_control(response, no_store=True)
    return response


@require_GET
def service_worker(request):
    path = finders.find("reminders/sw.js")
    if not path:
        raise Http404("service worker missing")
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


# --- the morning e-mail --------------------------------------------------------------------


@csrf_exempt  # a sign-up only sends a confirmation link; nothing is sent before it is used
@require_http_methods(["GET", "POST"])
def email_signup(request):
    from . import mail

    lang = get_language()
    context = {
        "page": _site_page(request),
        "lang": lang,
        "methods": sorted(METHODS),
        "values": {"place": request.GET.get("place") or DEFAULT_PLACE, "fiqh": "hanafi", "email": ""},
    }
    status = 200
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in ("email", "place", "fiqh", "method")}
        context["values"] = values
        try:
            mail.request_subscription({**values, "language": lang})
            context["sent_to"] = values["email"]
        except BadInput as exc:
            context["error"], status = str(exc), 400
    response = render(request, "reminders/email_signup.html", context, status=status)
    patch_cache_control(response, no_store=True)
    return response


@csrf_exempt  # the token is the authority
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    from . import mail
    from .models import EmailSubscription

    row = EmailSubscription.objects.filter(confirm_token=token).first()
    if request.method == "POST" and row is not None:
        row = mail.confirm(token)
    response = render(
        request,
        "reminders/email_confirm.html",
        {"page": _site_page(request), "row": row, "token": token},
        status=200 if row else 404,
    )
    patch_cache_control(response, no_store=True)
    return response


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, with no cookie
# and no CSRF token; the token in the link is the authority.  A GET only shows a button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request, token):
    from . import mail
    from .models import EmailSubscription

    known = EmailSubscription.objects.filter(token=token).exists()
    if request.method == "POST":
        mail.unsubscribe(token)
    response = render(
        request,
        "reminders/unsubscribe.html",
        {
            "page": _site_page(request),
            "known": known,
            "done": request.method == "POST",
            "action": reverse("reminders:email_unsubscribe", args=[token]),
        },
    )
    patch_cache_control(response, no_store=True)
    return response
