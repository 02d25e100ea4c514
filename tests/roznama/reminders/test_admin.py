"""The admin's reminders report: subscriptions per place and the last sends' delays."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from roznama.reminders import services
from roznama.reminders.models import DueReminder, PushSubscription


def subscribe(client, data):
    assert (
        client.post("/reminders/subscribe", data=json.dumps(data), content_type="application/json").status_code == 200
    )


@pytest.mark.django_db
def test_the_report_counts_subscriptions_per_place_and_shows_the_last_sends_delays(
    client, admin_client, subscription_json, receiver, bring_due
):
    for n in range(3):
        subscribe(client, subscription_json(f"lahore-{n}"))
    subscribe(client, subscription_json("dubai", place="AE-DUB"))
    subscribe(client, subscription_json("karachi-jafria", place="KHI", fiqh="jafria"))
    from roznama.reminders.models import EmailSubscription

    EmailSubscription.objects.create(email="a@example.pk", place_code="LHR", confirmed_at=timezone.now())
    EmailSubscription.objects.create(email="b@example.pk", place_code="ISB", confirmed_at=timezone.now())
    EmailSubscription.objects.create(email="c@example.pk", place_code="ISB")  # not confirmed: not counted
    lahore = PushSubscription.objects.filter(group__place_code="LHR").first().group
    due = DueReminder.objects.filter(group=lahore, kind="iftar").order_by("day").first()
    bring_due(due, timezone.now() - timedelta(seconds=2))
    services.send_due()
    page = admin_client.get("/admin/reminders/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "5 push subscriptions · 2 morning e-mails" in html
    rows = html.split("data-subscriptions-per-place")[1].split("</table>")[0]
    assert rows.index("Lahore") < rows.index("Dubai")
    assert "<td>LHR</td><td>3</td><td>1</td>" in rows and "<td>AE-DUB</td><td>1</td><td>0</td>" in rows
    assert "<td>KHI</td><td>1</td><td>0</td>" in rows and "<td>ISB</td><td>0</td><td>1</td>" in rows
    sends = html.split("data-last-sends")[1].split("</table>")[0]
    due.refresh_from_db()
    assert "LHR" in sends and "Iftar" in sends
    assert f"<td>{due.last_delivery_delay:.1f}</td>" in sends
    assert 2 <= due.last_delivery_delay <= 30


@pytest.mark.django_db
def test_the_report_needs_an_admin_login(client):
    response = client.get("/admin/reminders/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
