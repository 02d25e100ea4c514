"""The audit trail's receivers: Django's sign-in signals and axes' lockout."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services
from .models import AccountEvent


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The session starts in the user's current generation ("sign out everywhere" raises it).
        request.session[services.SESSION_GENERATION_KEY] = services.session_generation(user)
        request.session[services.LAST_SEEN_KEY] = int(time.time())
    services.record(AccountEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        services.record(
            AccountEvent.Kind.LOGOUT, request, user=user, detail=getattr(request, "roznama_logout_reason", "")
        )


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    services.record(AccountEvent.Kind.LOGIN_FAILED, request, username=str(credentials.get("username", "")))


@receiver(user_locked_out)
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    services.record(AccountEvent.Kind.LOCKED_OUT, request, username=str(username or ""))
