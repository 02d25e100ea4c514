"""A push receiver on 127.0.0.1 (the browser's push service, played for real) and browsers'
subscriptions to it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from roznama.reminders.receiver import BrowserKeys, PushReceiver


class Browsers:
    """Browser key pairs by endpoint id, as the receiver needs them to decrypt."""

    def __init__(self):
        self.keys: dict[str, BrowserKeys] = {}

    def __call__(self, sub_id: str) -> BrowserKeys:
        return self.keys[sub_id]

    def new(self, sub_id: str) -> BrowserKeys:
        self.keys[sub_id] = BrowserKeys.new()
        return self.keys[sub_id]


@pytest.fixture
def browsers():
    return Browsers()


@pytest.fixture
def receiver(browsers, settings, tmp_path):
    settings.ROZNAMA_VAPID_PRIVATE_KEY = ""
    settings.VAR_DIR = tmp_path  # a fresh VAPID key, generated as the demo does
    server = PushReceiver(browsers).start()
    yield server
    server.stop()


@pytest.fixture
def subscription_json(browsers, receiver):
    def make(sub_id: str, **choice):
        keys = browsers.new(sub_id)
        return {
            "subscription": {"endpoint": receiver.endpoint(sub_id), "keys": {"p256dh": keys.p256dh, "auth": keys.auth}},
            "place": "LHR",
            "fiqh": "hanafi",
            "reminders": ["sehri", "iftar"],
            "language": "en",
            **choice,
        }

    return make


@pytest.fixture
def bring_due():
    """Bring one planned reminder to ``at`` (a test cannot wait for the real iftar) and move
    every other reminder that would fall due by ``now`` + the grace period out of the way: a
    test run a few minutes after a real prayer time would otherwise send that one too."""
    from roznama.reminders.models import DueReminder
    from roznama.reminders.services import GRACE

    def bring(due, at: datetime, now: datetime | None = None):
        due.due_at = at
        due.save()
        horizon = max(at, now or timezone.now()) + GRACE
        DueReminder.objects.exclude(pk=due.pk).filter(started_at__isnull=True, due_at__lte=horizon).update(
            due_at=horizon + timedelta(days=3)
        )
        return due

    return bring


@pytest.fixture
def make_due(bring_due):
    """The reminder of ``kind`` planned for ``at``'s day in Lahore, brought to ``at``."""
    from roznama.reminders.models import DueReminder

    def make(sub, kind: str, at: datetime):
        day = at.astimezone(ZoneInfo("Asia/Karachi")).date()
        return bring_due(DueReminder.objects.get(group=sub.group, kind=kind, day=day), at)

    return make
