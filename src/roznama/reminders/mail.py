"""The morning e-mail: double opt-in, the day's times for the reader's city and the top
stories, in English or Urdu (right-to-left HTML and plain text), with one-click unsubscribe
headers (RFC 8058) on every message."""

from __future__ import annotations

import logging
from datetime import datetime, time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from miqat import places as miqat_places

from . import services
from .models import KIND_LABELS, EmailSubscription, PlaceGroup

logger = logging.getLogger(__name__)

TIME_KINDS = ("sehri", "fajr", "dhuhr", "asr", "maghrib", "iftar", "isha")


def morning_hour() -> time:
    return time.fromisoformat(getattr(settings, "ROZNAMA_MORNING_EMAIL_AT", "05:00"))


def _url(path: str) -> str:
    return services.base_url() + path


def request_subscription(data: dict) -> EmailSubscription:
    """Store an unconfirmed subscription and send the confirmation link (again, if asked twice)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = str(data.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise services.BadInput(_("Please give a valid e-mail address.")) from None
    place = services.check_place(data.get("place"))
    fiqh = services.check_fiqh(data.get("fiqh"))
    method = services.check_method(data.get("method"))
    language = data.get("language") if data.get("language") in ("en", "ur") else "en"
    row = EmailSubscription.objects.filter(email__iexact=email).first() or EmailSubscription(email=email)
    row.place_code, row.fiqh, row.method, row.language = place.code, fiqh, method, language
    row.save()
    with translation.override(language):
        link = _url(reverse("reminders:email_confirm", args=[row.confirm_token]))
        context = {"link": link, "place": _place_name(place, language), "lang": language}
        message = EmailMultiAlternatives(
            subject=_("Confirm your morning e-mail"),
            body=render_to_string("reminders/email/confirm.txt", context),
            to=[email],
        )
        message.attach_alternative(render_to_string("reminders/email/confirm.html", context), "text/html")
    message.send()
    return row


def confirm(token: str) -> EmailSubscription | None:
    row = EmailSubscription.objects.filter(confirm_token=token).first()
    if row and row.confirmed_at is None:
        row.confirmed_at = timezone.now()
        row.save(update_fields=["confirmed_at"])
    return row


def unsubscribe(token: str) -> bool:
    deleted, _ = EmailSubscription.objects.filter(token=token).delete()
    return bool(deleted)


def _place_name(place, language: str) -> str:
    return (place.name_ur or place.name) if language == "ur" else place.name


def top_stories(language: str, limit: int = 5) -> list[dict]:
    from roznama.news.models import ArticlePage

    pages = (
        ArticlePage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("-first_published_at")[:limit]
    )
    return [{"title": page.title, "standfirst": page.standfirst, "url": page.full_url} for page in pages]


def _clock(moment: datetime, language: str) -> str:
    text = moment.strftime("%H:%M")
    if language == "ur":
        from miqat.calendars.names import URDU_DIGITS

        text = text.translate(URDU_DIGITS)
    return text


def morning_message(row: EmailSubscription, content: dict) -> EmailMultiAlternatives:
    unsubscribe_url = _url(reverse("reminders:email_unsubscribe", args=[row.token]))
    context = {**content, "unsubscribe": unsubscribe_url}
    with translation.override(row.language):
        message = EmailMultiAlternatives(
            subject=content["subject"],
            body=render_to_string("reminders/email/morning.txt", context),
            to=[row.email],
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        message.attach_alternative(render_to_string("reminders/email/morning.html", context), "text/html")
    return message


def morning_content(place_code: str, fiqh: str, method: str, language: str, day) -> dict:
    """What every reader of one city, fiqh, method and language gets on ``day`` (rendered once)."""
    place = miqat_places.get(place_code)
    moments = services.times_for(PlaceGroup(place_code=place_code, fiqh=fiqh, method=method), day)
    with translation.override(language):
        name = _place_name(place, language)
        return {
            "lang": language,
            "place": name,
            "day": day,
            "date": services_date(day, language),
            "times": [{"label": str(KIND_LABELS[k]), "time": _clock(moments[k], language)} for k in TIME_KINDS],
            "stories": top_stories(language),
            "subject": _("Today's times in %(place)s") % {"place": name},
            "site": settings.WAGTAIL_SITE_NAME,
            "site_url": services.base_url() + ("/ur/" if language == "ur" else "/"),
        }


def services_date(day, language: str) -> str:
    from roznama.ramadan.formatting import format_date

    return format_date(day, language)


def send_morning(now: datetime | None = None) -> int:
    """Send today's e-mail to every confirmed reader whose morning has come; returns how many.
    A failed message is logged with its reason and retried on the next run."""
    now = now or timezone.now()
    due_at = morning_hour()
    contents: dict[tuple, dict] = {}
    sent = 0
    connection = get_connection()
    rows = EmailSubscription.objects.filter(confirmed_at__isnull=False).order_by(
        "place_code", "fiqh", "method", "language"
    )
    try:
        connection.open()
        for row in rows.iterator(chunk_size=2000):
            try:
                place = miqat_places.get(row.place_code)
            except Exception as exc:
                logger.warning("morning e-mail to subscription %s: bad place %r: %s", row.pk, row.place_code, exc)
                continue
            local = now.astimezone(place.tz)
            if local.time() < due_at or row.last_sent_on == local.date():
                continue
            key = (row.place_code, row.fiqh, row.method, row.language, local.date())
            if key not in contents:
                contents[key] = morning_content(*key)
            message = morning_message(row, contents[key])
            message.connection = connection
            try:
                message.send()
            except Exception as exc:  # the SMTP server refused it: said, and retried next run
                logger.warning("morning e-mail to subscription %s failed: %s: %s", row.pk, type(exc).__name__, exc)
                continue
            EmailSubscription.objects.filter(pk=row.pk).update(last_sent_on=local.date())
            sent += 1
    finally:
        connection.close()
    if sent:
        logger.info("sent %d morning e-mails", sent)
    return sent
