from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """One line of the accounts' audit trail (page actions stay in Wagtail's own log)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login-failed", _("Failed sign-in")
        LOCKED_OUT = "locked-out", _("Locked out")
        OTP_VERIFIED = "otp-verified", _("Second factor verified")
        OTP_FAILED = "otp-failed", _("Wrong second-factor code")
        OTP_ENROLLED = "otp-enrolled", _("Authenticator added")
        OTP_REMOVED = "otp-removed", _("Authenticator removed")
        SIGNED_OUT_EVERYWHERE = "signed-out-everywhere", _("Signed out everywhere")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
        verbose_name=_("user"),
    )
    # As typed at the login form, so a failed attempt on a name that does not exist is kept too.
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class SessionGeneration(models.Model):
    """A counter per user: every session remembers the value it began with, and raising it
    ends all of that user's sessions at their next request ("sign out everywhere")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_generation")
    value = models.PositiveIntegerField(default=0)
