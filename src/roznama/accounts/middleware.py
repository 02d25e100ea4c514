"""Sessions that end (after inactivity, or everywhere at once) and the second-factor gate."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import services

# What an account that still owes its second factor may reach in the admin: the two steps
# themselves, signing out, and the admin's icons and translations for their pages.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts_verify",
    "accounts_enrol",
    "wagtailadmin_logout",
    "logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class SessionPolicyMiddleware:
    """After AuthenticationMiddleware and django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self.ended(request, user)
            if reason:
                request.roznama_logout_reason = reason
                logout(request)
        return self.get_response(request)

    def ended(self, request, user) -> str:
        session = request.session
        if session.get(services.SESSION_GENERATION_KEY, 0) != services.session_generation(user):
            return "signed out everywhere"
        idle = settings.ROZNAMA_SESSION_IDLE_SECONDS
        now = int(time.time())
        last_seen = session.get(services.LAST_SEEN_KEY, now)
        if idle and now - last_seen > idle:
            return "inactivity"
        # Sliding: each request restarts the count, written at most every tenth of the idle
        # time (and every minute at most) so browsing does not write the session each time.
        if now - last_seen >= min(60, max(1, idle // 10)) or services.LAST_SEEN_KEY not in session:
            session[services.LAST_SEEN_KEY] = now
        return ""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not self.in_admin(request.path_info):
            return None
        if user.is_verified():
            return None
        # Anyone who has an authenticator uses it; publishers must have one.
        has_device = services.has_confirmed_device(user)
        if not has_device and not services.requires_second_factor(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = "accounts_verify" if has_device else "accounts_enrol"
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

    @staticmethod
    def in_admin(path: str) -> bool:
        return path.startswith((reverse("wagtailadmin_home"), reverse("admin:index")))
