"""Readers' reminder subscriptions (Web Push) and the reminders precomputed for them.

Readers who share a place, a fiqh and a method share their times: the scheduler computes a
day's reminders once per ``PlaceGroup`` (``DueReminder`` rows), never per subscription, and
at each reminder's minute sends it to every subscription of the group that asked for it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = ("sehri", "iftar", "fajr", "dhuhr", "asr", "maghrib", "isha")
KIND_LABELS = {
    "sehri": _("Sehri"),
    "iftar": _("Iftar"),
    "fajr": _("Fajr"),
    "dhuhr": _("Dhuhr"),
    "asr": _("Asr"),
    "maghrib": _("Maghrib"),
    "isha": _("Isha"),
}
FIQH_CHOICES = [("hanafi", _("Hanafi")), ("jafria", _("Jafria"))]
LANGUAGE_CHOICES = [("en", _("English")), ("ur", _("Urdu"))]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def endpoint_digest(endpoint: str) -> str:
    # Push endpoints are long URLs; a digest keeps the unique index small on every database.
    return hashlib.sha256(endpoint.encode()).hexdigest()


class PlaceGroup(models.Model):
    place_code = models.CharField(_("place"), max_length=16)
    fiqh = models.CharField(_("fiqh"), max_length=8, choices=FIQH_CHOICES, default="hanafi")
    method = models.CharField(_("method"), max_length=24, blank=True, help_text=_("empty: the country's usual method"))
    planned_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_code", "fiqh", "method"], name="reminders_unique_group")]
        verbose_name = _("place group")

    def __str__(self):
        return f"{self.place_code} {self.fiqh} {self.method or 'auto'}"


class PushSubscription(models.Model):
    group = models.ForeignKey(PlaceGroup, on_delete=models.PROTECT, related_name="subscriptions")
    endpoint = models.TextField()
    endpoint_hash = models.CharField(max_length=64, unique=True, editable=False)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=64)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="en")
    sehri = models.BooleanField(default=True)
    iftar = models.BooleanField(default=True)
    fajr = models.BooleanField(default=False)
    dhuhr = models.BooleanField(default=False)
    asr = models.BooleanField(default=False)
    maghrib = models.BooleanField(default=False)
    isha = models.BooleanField(default=False)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")

    def save(self, *args, **kwargs):
        self.endpoint_hash = endpoint_digest(self.endpoint)
        super().save(*args, **kwargs)

    def kinds(self) -> list[str]:
        return [kind for kind in KINDS if getattr(self, kind)]


class DueReminder(models.Model):
    """One reminder of one group on one day, and how its sending went."""

    group = models.ForeignKey(PlaceGroup, on_delete=models.CASCADE, related_name="due")
    kind = models.CharField(max_length=8)
    day = models.DateField()
    due_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    missed = models.BooleanField(default=False, help_text=_("found too late to be worth sending"))
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    quiet = models.PositiveIntegerField(default=0)
    last_delivery_delay = models.FloatField(null=True, blank=True, help_text=_("seconds after the minute"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "kind", "day"], name="reminders_unique_due")]
        indexes = [models.Index(fields=["started_at", "due_at"])]
        verbose_name = _("due reminder")

    @property
    def start_delay(self) -> float | None:
        return (self.started_at - self.due_at).total_seconds() if self.started_at else None


class EmailSubscription(models.Model):
    """A reader's morning e-mail: confirmed by a link before anything else is sent."""

    email = models.EmailField(_("e-mail address"))
    place_code = models.CharField(_("place"), max_length=16)
    fiqh = models.CharField(_("fiqh"), max_length=8, choices=FIQH_CHOICES, default="hanafi")
    method = models.CharField(_("method"), max_length=24, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_on = models.DateField(null=True, blank=True, help_text=_("the place's date of the last morning e-mail"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email"], name="reminders_unique_email")]
        verbose_name = _("morning e-mail subscription")
