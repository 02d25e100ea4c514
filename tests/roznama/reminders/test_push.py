"""Reminders at the minute: a reader subscribes, the scheduler sends each reminder to a real
push receiver on 127.0.0.1 that checks the VAPID token and decrypts the message (RFC 8291)
with the browser's private key; expired subscriptions go, quiet hours are kept, failures are
logged with their reason."""

from __future__ import annotations

import json
import logging
import time as clock
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from adhanpy.PrayerTimes import PrayerTimes as AdhanTimes
from adhanpy.calculation.CalculationMethod import CalculationMethod
from adhanpy.calculation.CalculationParameters import CalculationParameters
from adhanpy.calculation.Madhab import Madhab
from django.utils import timezone

from roznama.core.scheduler import run_due_jobs
from roznama.reminders import services
from roznama.reminders.models import DueReminder, PlaceGroup, PushSubscription

LAHORE = ZoneInfo("Asia/Karachi")


def subscribe(client, data):
    return client.post("/reminders/subscribe", data=json.dumps(data), content_type="application/json")


@pytest.mark.django_db
def test_subscribing_plans_the_places_day_once_for_all_its_readers(client, subscription_json):
    assert subscribe(client, subscription_json("a", reminders=["fajr", "asr", "iftar"])).status_code == 200
    assert subscribe(client, subscription_json("b")).status_code == 200
    assert PlaceGroup.objects.count() == 1
    group = PlaceGroup.objects.get()
    today = timezone.now().astimezone(LAHORE).date()
    due = {(d.kind, d.day): d.due_at.astimezone(LAHORE) for d in group.due.all()}
    assert len(due) == 14  # seven reminders, today and tomorrow, however many readers
    # An independent reference: adhanpy's Karachi method with Hanafi Asr, at Lahore.
    params = CalculationParameters(method=CalculationMethod.KARACHI)
    params.madhab = Madhab.HANAFI
    reference = AdhanTimes(
        (31.558, 74.35071),
        datetime(today.year, today.month, today.day),
        calculation_parameters=params,
        time_zone=LAHORE,
    )
    for kind in ("fajr", "dhuhr", "asr", "maghrib", "isha"):
        planned = due[(kind, today)]
        assert abs((planned - getattr(reference, kind)).total_seconds()) <= 120, kind
        assert planned.second == 0
    # Iftar in Pakistan is after sunset by the country's margin, so after adhanpy's maghrib.
    assert due[("iftar", today)] >= reference.maghrib.replace(second=0, microsecond=0)


@pytest.mark.django_db
def test_the_scheduler_sends_a_due_reminder_within_30_seconds_and_the_receiver_decrypts_it(
    client, subscription_json, receiver, make_due
):
    response = subscribe(client, subscription_json("reader-1"))
    assert response.status_code == 200
    unsubscribe_link = response.json()["unsubscribe"]
    sub = PushSubscription.objects.get()
    due = make_due(sub, "iftar", timezone.now() + timedelta(seconds=2))
    # The scheduler's clock, as the worker drives it (the test backend runs the task at once).
    deadline = clock.monotonic() + 40
    while not receiver.received and clock.monotonic() < deadline:
        run_due_jobs(timezone.now())
        clock.sleep(0.5)
    assert receiver.errors == []
    [message] = receiver.received
    assert message.payload["title"] == "Iftar time"
    assert "Lahore" in message.payload["body"]
    assert message.payload["body"].endswith(due.due_at.astimezone(LAHORE).strftime("%H:%M"))
    assert message.payload["unsubscribe"].endswith(unsubscribe_link.split("testserver")[1])
    assert "/reminders/?place=LHR" in message.payload["url"]
    assert message.headers["Content-Encoding"] == "aes128gcm"
    assert message.headers["Authorization"].startswith("vapid t=")
    assert 0 <= message.at - due.due_at.timestamp() <= 30
    due.refresh_from_db()
    assert (due.sent, due.failed, due.removed) == (1, 0, 0)
    assert 0 <= due.last_delivery_delay <= 30
    # Sent once: more ticks send nothing again.
    run_due_jobs(timezone.now() + timedelta(seconds=20))
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_an_urdu_reader_gets_the_reminder_in_urdu(client, subscription_json, receiver, make_due):
    subscribe(client, subscription_json("ur-reader", language="ur", reminders=["maghrib"]))
    sub = PushSubscription.objects.get()
    due = make_due(sub, "maghrib", timezone.now() - timedelta(seconds=1))
    services.send_due()
    [message] = receiver.received
    assert message.payload["lang"] == "ur"
    assert "لاہور" in message.payload["body"] and "مغرب" in message.payload["body"]
    assert "/ur/reminders/" in message.payload["url"]
    assert (
        due.due_at.astimezone(LAHORE).strftime("%H:%M").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        in message.payload["body"]
    )


@pytest.mark.django_db
def test_expired_subscriptions_answered_404_or_410_are_removed(client, subscription_json, receiver, bring_due):
    for sub_id in ("gone-1", "missing-1", "alive"):
        assert subscribe(client, subscription_json(sub_id)).status_code == 200
    group = PlaceGroup.objects.get()
    due = DueReminder.objects.filter(group=group, kind="sehri").order_by("day").first()
    bring_due(due, timezone.now() - timedelta(seconds=1))
    services.send_due()
    assert [r.id for r in receiver.received] == ["alive"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [receiver.endpoint("alive")]
    due.refresh_from_db()
    assert (due.sent, due.removed, due.failed) == (1, 2, 0)


@pytest.mark.django_db
def test_quiet_hours_hold_back_a_reminder_in_the_places_own_time(client, subscription_json, receiver, bring_due):
    subscribe(client, subscription_json("sleeper", quiet_start="22:00", quiet_end="06:00"))
    subscribe(client, subscription_json("awake"))
    sub = PushSubscription.objects.get(endpoint=receiver.endpoint("sleeper"))
    # Sehri at 05:00 Lahore time falls in 22:00-06:00 (a span across midnight).
    today = timezone.now().astimezone(LAHORE).date()
    due = DueReminder.objects.get(group=sub.group, kind="sehri", day=today)
    at = datetime.combine(today, time(5, 0), LAHORE)
    bring_due(due, at, now=at + timedelta(seconds=3))
    services.send_due(now=at + timedelta(seconds=3))
    assert [r.id for r in receiver.received] == ["awake"]
    due.refresh_from_db()
    assert (due.sent, due.quiet) == (1, 1)
    assert PushSubscription.objects.filter(pk=sub.pk).exists()  # held back, not removed


def test_quiet_hours_spans():
    assert services.in_quiet_hours(time(23, 30), time(22), time(6))
    assert services.in_quiet_hours(time(5, 59), time(22), time(6))
    assert not services.in_quiet_hours(time(6, 0), time(22), time(6))
    assert services.in_quiet_hours(time(14, 0), time(13), time(15))
    assert not services.in_quiet_hours(time(16, 0), time(13), time(15))
    assert not services.in_quiet_hours(time(16, 0), None, None)


@pytest.mark.django_db
def test_a_failed_send_is_logged_with_its_reason_and_the_subscription_kept(
    client, subscription_json, receiver, caplog, make_due
):
    data = subscription_json("unreachable")
    data["subscription"]["endpoint"] = "http://127.0.0.1:9/push/unreachable"  # the discard port: refused
    assert subscribe(client, data).status_code == 200
    sub = PushSubscription.objects.get()
    due = make_due(sub, "iftar", timezone.now() - timedelta(seconds=1))
    with caplog.at_level(logging.WARNING, logger="roznama.reminders"):
        services.send_due()
    due.refresh_from_db()
    assert (due.sent, due.failed) == (0, 1)
    assert any("failed" in r.getMessage() and "Connect" in r.getMessage() for r in caplog.records), caplog.text
    assert PushSubscription.objects.filter(pk=sub.pk).exists()


@pytest.mark.django_db
def test_a_reminder_found_long_after_its_minute_is_marked_missed_not_sent(
    client, subscription_json, receiver, caplog, make_due
):
    subscribe(client, subscription_json("late"))
    sub = PushSubscription.objects.get()
    due = make_due(sub, "iftar", timezone.now() - timedelta(minutes=30))
    with caplog.at_level(logging.WARNING, logger="roznama.reminders"):
        services.send_due()
    due.refresh_from_db()
    assert due.missed and due.sent == 0
    assert receiver.received == []
    assert "not sent" in caplog.text


@pytest.mark.django_db
def test_one_click_unsubscribe_from_the_link_in_a_reminder(client, subscription_json, receiver, make_due):
    subscribe(client, subscription_json("leaver"))
    sub = PushSubscription.objects.get()
    make_due(sub, "iftar", timezone.now() - timedelta(seconds=1))
    services.send_due()
    link = receiver.received[0].payload["unsubscribe"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    # A GET (a preview, a scanner) only asks; the one click (POST) stops the reminders.
    page = client.get("/" + path)
    assert page.status_code == 200 and PushSubscription.objects.exists()
    assert b"Stop these reminders" in page.content
    done = client.post("/" + path, HTTP_ACCEPT="application/json")
    assert done.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_the_page_stop_button_removes_the_browsers_subscription(client, subscription_json):
    data = subscription_json("stopper")
    subscribe(client, data)
    response = client.post(
        "/reminders/unsubscribe",
        data=json.dumps({"endpoint": data["subscription"]["endpoint"]}),
        content_type="application/json",
    )
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, error",
    [
        ({"place": "ZZ-QQQ"}, "unknown place"),
        ({"fiqh": "maliki"}, "fiqh must be hanafi or jafria"),
        ({"reminders": ["tahajjud"]}, "unknown reminders"),
        ({"reminders": []}, "at least one"),
        ({"quiet_start": "22:00"}, "both a start and an end"),
        ({"quiet_start": "late", "quiet_end": "06:00"}, "quiet_start must be a time"),
        (
            {"subscription": {"endpoint": "https://push.example/x", "keys": {"p256dh": "abc", "auth": "def"}}},
            "keys.p256dh",
        ),
    ],
)
def test_bad_subscriptions_get_a_clear_error_and_store_nothing(client, subscription_json, change, error):
    response = subscribe(client, {**subscription_json("bad"), **change})
    assert response.status_code == 400
    assert error in response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_a_second_subscribe_from_the_same_browser_updates_its_choice(client, subscription_json):
    data = subscription_json("changer")
    subscribe(client, data)
    subscribe(client, {**data, "place": "AE-DUB", "reminders": ["isha"]})
    sub = PushSubscription.objects.get()
    assert sub.group.place_code == "AE-DUB" and sub.kinds() == ["isha"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_worker_sends_the_reminder_within_30_seconds_of_its_minute(
    client, subscription_json, receiver, tmp_path, worker_env, make_due
):
    import subprocess
    import sys

    assert subscribe(client, subscription_json("worker-reader")).status_code == 200
    sub = PushSubscription.objects.get()
    due = make_due(sub, "iftar", timezone.now() + timedelta(seconds=6))
    env = worker_env(tmp_path / "worker")
    worker = subprocess.Popen(
        [sys.executable, "-m", "roznama.cli", "worker"],  # the default clock
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = clock.monotonic() + 60
        while not receiver.received and clock.monotonic() < deadline:
            clock.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=15)[0]
    assert "send-due-reminders" in output
    assert receiver.errors == []
    [message] = receiver.received
    assert message.payload["title"] == "Iftar time"
    assert 0 <= message.at - due.due_at.timestamp() <= 30, output
