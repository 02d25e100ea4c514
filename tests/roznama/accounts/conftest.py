"""Signing in as an editor does: the admin's login form, then the second step with a code
computed from the authenticator's key exactly as a phone's app computes it (RFC 6238)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.test import Client

PASSWORD = "long enough passphrase 42"


def rfc6238(key: bytes, at: float, *, digits: int = 6, step: int = 30, digest=hashlib.sha1) -> str:
    """TOTP per RFC 6238 (HOTP of RFC 4226 over the count of time steps)."""
    counter = int(at // step)
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def key_from_secret_text(text: str) -> bytes:
    """The key as a person would type the grouped base32 secret into an app."""
    compact = "".join(text.split()).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


class Browser:
    """A test client that signs in through the real forms."""

    def __init__(self, address: str = "203.0.113.20", user_agent: str = "Mozilla/5.0 (Test editor)"):
        self.client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent)

    def sign_in(self, username: str, password: str = PASSWORD, **extra):
        return self.client.post(
            "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra
        )

    def get(self, path, **extra):
        return self.client.get(path, **extra)

    def post(self, path, data=None, **extra):
        return self.client.post(path, data or {}, **extra)

    def enrol(self, at: float | None = None):
        """Opens the enrolment page, reads the key shown in text and confirms with its code;
        returns the recovery codes shown and the key."""
        page = self.get("/admin/second-factor/enrol/")
        assert page.status_code == 200, page.status_code
        secret = re.search(r"data-secret>([^<]+)<", page.content.decode()).group(1)
        key = key_from_secret_text(secret)
        done = self.post("/admin/second-factor/enrol/", {"code": rfc6238(key, at or time.time())})
        assert done.status_code == 200, done.status_code
        codes = re.findall(r"<li><code>([^<]+)</code></li>", done.content.decode())
        return codes, key


@pytest.fixture
def browser_factory(db):
    return Browser


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *, superuser=False, groups=(), permissions=()):
        from django.contrib.auth.models import Group, Permission

        if superuser:
            user = django_user_model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
        else:
            user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
            user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        for name in permissions:
            app_label, codename = name.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return user

    return make


@pytest.fixture
def totp():
    return rfc6238
