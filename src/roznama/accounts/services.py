"""Editors' accounts: who needs a second factor, enrolment and verification, ending sessions,
and the audit trail.  Views and middleware stay thin and call these."""

from __future__ import annotations

import base64

import segno
from django.db import transaction
from django.db.models import F, Q
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission

from .addresses import client_address
from .models import AccountEvent, SessionGeneration

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Whoever may change a wire source may switch on its automatic publishing, and retrying a
# quarantined item can publish it: the wire's own publishing rights.
WIRE_PUBLISH_PERMISSIONS = ("wire.add_wiresource", "wire.change_wiresource", "wire.change_quarantineditem")
SESSION_GENERATION_KEY = "roznama_session_generation"
LAST_SEEN_KEY = "roznama_last_seen"


def requires_second_factor(user) -> bool:
    """Superusers and anyone who may publish: a page anywhere, or through the wire."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page").exists():
        return True
    return any(user.has_perm(name) for name in WIRE_PUBLISH_PERMISSIONS)


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def request_details(request) -> dict:
    if request is None:
        return {"address": "", "user_agent": ""}
    return {"address": client_address(request)[:45], "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255]}


def record(kind: str, request=None, *, user=None, username: str = "", detail: str = "") -> AccountEvent:
    if user is not None and not getattr(user, "pk", None):
        user = None
    return AccountEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        detail=detail[:255],
        **request_details(request),
    )


# -- second factor ----------------------------------------------------------------------------


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (a new secret if none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32 (what authenticator apps accept typed in), in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use codes, replacing any earlier ones; shown once, kept by django-otp's
    static device, which deletes each one as it is used."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirms the authenticator when ``token`` is its current code: the recovery codes then,
    None when the code is wrong."""
    if not device.verify_token(normalise(token)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(AccountEvent.Kind.OTP_ENROLLED, request, user=device.user)
    return new_recovery_codes(device.user)


def normalise(token: str) -> str:
    return "".join((token or "").split()).replace("-", "")


def verify(user, token: str, request=None):
    """The device that accepts ``token`` (an authenticator's six digits or an unused recovery
    code), or None.  A code accepted once is refused again: the authenticator's device keeps
    the last time step used, a recovery code is deleted.  Each device holds itself back for a
    growing time after each wrong code (django-otp's throttling)."""
    token = normalise(token)
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    device = None
    with transaction.atomic():
        for candidate in model.objects.select_for_update().filter(user=user, confirmed=True):
            if candidate.verify_token(token):
                device = candidate
                break
    if device is None:
        record(AccountEvent.Kind.OTP_FAILED, request, user=user)
    else:
        detail = "recovery code" if model is StaticDevice else ""
        record(AccountEvent.Kind.OTP_VERIFIED, request, user=user, detail=detail)
    return device


@transaction.atomic
def demo_second_factor(user) -> tuple[str, str, str]:
    """For the demo only: a fresh confirmed authenticator and recovery codes, so a newcomer
    can sign in from the printed key; (the key in text, its otpauth:// URL, one recovery code)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return secret_text(device), device.config_url, new_recovery_codes(user)[0]


@transaction.atomic
def remove_second_factor(user, request=None) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(AccountEvent.Kind.OTP_REMOVED, request, user=user)


# -- sessions ---------------------------------------------------------------------------------


def session_generation(user) -> int:
    return SessionGeneration.objects.filter(user=user).values_list("value", flat=True).first() or 0


def end_all_sessions(user, request=None) -> None:
    """Every session of ``user`` ends at its next request (this one too)."""
    generation, created = SessionGeneration.objects.get_or_create(user=user, defaults={"value": 1})
    if not created:
        SessionGeneration.objects.filter(pk=generation.pk).update(value=F("value") + 1)
    record(AccountEvent.Kind.SIGNED_OUT_EVERYWHERE, request, user=user)


def events(username: str = ""):
    found = AccountEvent.objects.select_related("user")
    if username:
        found = found.filter(Q(username__iexact=username) | Q(user__username__iexact=username))
    return found
