"""A push receiver on 127.0.0.1 (the browser's push service, played for real) and browsers'
subscriptions to it."""

from __future__ import annotations

import pytest

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
            "place": "LHR", "fiqh": "hanafi", "reminders": ["sehri", "iftar"], "language": "en", **choice,
        }
    return make
