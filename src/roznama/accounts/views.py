"""The second-factor steps, the account's security page and the audit trail's report."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import services


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric", "dir": "ltr"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step after the password: a code from the authenticator, or a recovery code."""
    if not services.has_confirmed_device(request.user):
        return redirect("accounts_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify(request.user, form.cleaned_data["code"], request)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("That code is not right, or it has been used already."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


def enrol(request):
    """Add an authenticator: scan the QR code (or type the key), then confirm with a code."""
    if services.has_confirmed_device(request.user) and not request.user.is_verified():
        # Replacing an authenticator takes the second step first: a password alone must not
        # be enough to put a new one in place of the owner's.
        return redirect(reverse("accounts_verify") + "?" + request.GET.urlencode())
    device = services.pending_totp_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_enrolment(device, form.cleaned_data["code"], request)
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code is not right. Check the phone's clock and try the newest code."))
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_code": services.qr_code_svg(device),
            "secret": services.secret_text(device),
            "next": _next(request),
            "required": services.requires_second_factor(request.user),
        },
    )


def security(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {"has_device": services.has_confirmed_device(user), "required": services.requires_second_factor(user)},
    )


@require_POST
def sign_out_everywhere(request):
    services.end_all_sessions(request.user, request)
    request.roznama_logout_reason = "signed out everywhere"
    logout(request)
    return redirect("wagtailadmin_login")


@require_POST
def new_recovery_codes(request):
    codes = services.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts_security")})


@require_POST
def remove_authenticator(request):
    services.remove_second_factor(request.user, request)
    messages.success(request, _("The authenticator and the recovery codes were removed."))
    return redirect("accounts_enrol" if services.requires_second_factor(request.user) else "accounts_security")


def audit_report(request):
    """Sign-ins, sign-outs, failed attempts and second-factor changes, for administrators."""
    if not request.user.is_superuser:
        raise PermissionDenied
    username = request.GET.get("user", "").strip()
    page = Paginator(services.events(username), 50).get_page(request.GET.get("p"))
    return render(request, "accounts/audit_report.html", {"page": page, "username": username})


def locked_out(request, original_response=None, credentials=None):
    """axes' answer to a locked user name or address (AXES_LOCKOUT_CALLABLE), in the admin's look."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    # Nobody is signed in to have chosen the admin's language: the browser's says it.
    with translation.override(translation.get_language_from_request(request)):
        response = render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    response["Cache-Control"] = "no-store"
    return response
