"""The morning e-mail through Django's SMTP backend to a real SMTP server (aiosmtpd) on
127.0.0.1: double opt-in, the day's times and the top stories in English and Urdu (RTL HTML
and plain text), and RFC 8058 one-click unsubscribe."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from adhanpy.PrayerTimes import PrayerTimes as AdhanTimes
from adhanpy.calculation.CalculationMethod import CalculationMethod
from adhanpy.calculation.CalculationParameters import CalculationParameters
from adhanpy.calculation.Madhab import Madhab
from aiosmtpd.controller import Controller

from roznama.reminders import mail
from roznama.reminders.models import EmailSubscription

LAHORE = ZoneInfo("Asia/Karachi")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 OK"


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    with socket.socket() as probe:  # a free port (the controller checks its own with a connection)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    yield handler
    controller.stop()


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def parts(message):
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def confirm_from(inbox, client):
    _, message = inbox.messages[-1]
    text, html = parts(message)
    link = re.search(r"https?://\S+/email/confirm/\S+/", text).group(0)
    assert link in html
    assert client.get(path_of(link)).status_code == 200  # a GET (a mail scanner) confirms nothing
    assert EmailSubscription.objects.get().confirmed_at is None
    assert b"data-email-confirmed" in client.post(path_of(link)).content
    return link


def morning(day) -> datetime:
    return datetime.combine(day, time(6, 30), LAHORE)


@pytest.mark.django_db
def test_double_opt_in_then_the_morning_email_with_times_stories_and_one_click_unsubscribe(client, newsroom, inbox):
    newsroom.article("Budget passes the National Assembly")
    newsroom.article("Rain expected in Lahore")
    page = client.post("/reminders/email/", {"email": "reader@example.pk", "place": "LHR", "fiqh": "hanafi"})
    assert page.status_code == 200 and b"data-email-sent" in page.content
    [(to, confirmation)] = inbox.messages
    assert to == ["reader@example.pk"] and confirmation["Subject"] == "Confirm your morning e-mail"
    day = datetime.now(LAHORE).date() + timedelta(days=1)
    assert mail.send_morning(morning(day)) == 0  # nothing before the link is used
    confirm_from(inbox, client)

    assert mail.send_morning(morning(day)) == 1
    assert mail.send_morning(morning(day) + timedelta(minutes=30)) == 0  # once a day
    _, message = inbox.messages[-1]
    assert message["Subject"] == "Today's times in Lahore"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(https?://\S+)>", str(message["List-Unsubscribe"]).strip()).group(1)
    text, html = parts(message)
    assert "Budget passes the National Assembly" in text and "Rain expected in Lahore" in html
    assert 'dir="ltr"' in html and unsubscribe in text
    # The times agree with an independent calculation (adhanpy, Karachi method, Hanafi Asr).
    params = CalculationParameters(method=CalculationMethod.KARACHI)
    params.madhab = Madhab.HANAFI
    reference = AdhanTimes(
        (31.558, 74.35071), datetime(day.year, day.month, day.day), calculation_parameters=params, time_zone=LAHORE
    )
    for label, kind in (("Fajr", "fajr"), ("Asr", "asr"), ("Isha", "isha")):
        shown = datetime.combine(
            day, time.fromisoformat(re.search(rf"^{label}: (\d\d:\d\d)\r?$", text, re.M).group(1)), LAHORE
        )
        assert abs((shown - getattr(reference, kind)).total_seconds()) <= 120, label

    # RFC 8058: the mail client's one-click POST, no cookie, no CSRF token.
    client.cookies.clear()
    response = client.post(
        path_of(unsubscribe), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not EmailSubscription.objects.exists()
    assert mail.send_morning(morning(day + timedelta(days=1))) == 0


@pytest.mark.django_db
def test_the_urdu_morning_email_is_right_to_left_and_in_urdu(client, newsroom, inbox):
    story = newsroom.article("Talks resume")
    urdu = story.copy_for_translation(newsroom.ur)
    urdu.title = "مذاکرات دوبارہ شروع"
    urdu.save_revision().publish()
    assert client.post("/ur/reminders/email/", {"email": "qari@example.pk", "place": "KHI"}).status_code == 200
    _, confirmation = inbox.messages[-1]
    assert "/ur/reminders/email/confirm/" in parts(confirmation)[0]
    confirm_from(inbox, client)
    day = datetime.now(LAHORE).date() + timedelta(days=1)
    assert mail.send_morning(morning(day)) == 1
    _, message = inbox.messages[-1]
    text, html = parts(message)
    assert "کراچی" in message["Subject"]
    assert 'dir="rtl"' in html and 'lang="ur"' in html
    assert "مذاکرات دوبارہ شروع" in html and "Talks resume" not in html
    assert "فجر" in text and "افطار" in text
    assert re.search(r"فجر: [۰-۹]{2}:[۰-۹]{2}", text)


@pytest.mark.django_db
def test_a_bad_address_or_place_gets_a_clear_error_and_no_mail(client, newsroom, inbox):
    page = client.post("/reminders/email/", {"email": "not an address", "place": "LHR"})
    assert page.status_code == 400 and b"valid e-mail address" in page.content
    page = client.post("/reminders/email/", {"email": "a@example.pk", "place": "ZZ-QQQ"})
    assert page.status_code == 400 and b"unknown place" in page.content
    assert inbox.messages == [] and not EmailSubscription.objects.exists()


@pytest.mark.django_db
def test_the_morning_email_waits_for_the_readers_morning(client, newsroom, inbox):
    client.post("/reminders/email/", {"email": "early@example.pk", "place": "LHR"})
    confirm_from(inbox, client)
    day = datetime.now(LAHORE).date() + timedelta(days=1)
    assert mail.send_morning(datetime.combine(day, time(4, 0), LAHORE)) == 0
    assert mail.send_morning(datetime.combine(day, time(5, 1), LAHORE)) == 1
