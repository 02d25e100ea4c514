"""A local Web Push receiver for the tests and the fan-out benchmark: a real HTTP server on
127.0.0.1 playing the browser's push service.  It checks each request's VAPID token
(RFC 8292), decrypts the body with http_ece (RFC 8291, aes128gcm) using the subscription's
private key, and records what arrived and when.

Endpoints are ``/push/<id>``; an id starting ``gone-`` is answered 410 and ``missing-`` 404,
as a push service answers for an expired or unknown subscription.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field

import http_ece
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class BrowserKeys:
    """What a browser creates when it subscribes: an ECDH P-256 key pair and an auth secret."""

    private_key: object
    auth_secret: bytes

    @classmethod
    def new(cls) -> "BrowserKeys":
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def dump(self) -> tuple[bytes, bytes]:
        return (
            self.private_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            self.auth_secret,
        )

    @classmethod
    def load(cls, dumped: tuple[bytes, bytes]) -> "BrowserKeys":
        return cls(serialization.load_der_private_key(dumped[0], None), dumped[1])


@dataclass
class Received:
    id: str
    payload: dict | None
    at: float
    headers: dict = field(default_factory=dict)


class PushReceiver:
    """``keys_for(id)`` gives the ``BrowserKeys`` of an endpoint id.  ``decrypt_every``: 1
    decrypts every message; n decrypts one in n (the others are counted, not read)."""

    def __init__(self, keys_for, *, decrypt_every: int = 1, keep: bool = True):
        self.keys_for = keys_for
        self.decrypt_every = max(1, decrypt_every)
        self.keep = keep
        self.received: list[Received] = []
        self.errors: list[str] = []
        self.count = 0
        self.decrypted = 0
        self.last_at = 0.0
        self.port = None
        self._verified_tokens: set[str] = set()

    def endpoint(self, sub_id: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{sub_id}"

    def _check(self, sub_id: str, headers, body: bytes) -> dict:
        auth = headers.get("Authorization", "")
        if auth not in self._verified_tokens:  # the same token is reused for hours: check it once
            if not Vapid02.verify(auth):
                raise ValueError("bad VAPID signature")
            claims = json.loads(base64.urlsafe_b64decode(auth.split("t=")[1].split(".")[1] + "=="))
            if claims.get("aud") != f"http://127.0.0.1:{self.port}" or claims.get("exp", 0) < time.time():
                raise ValueError(f"bad VAPID claims {claims}")
            self._verified_tokens.add(auth)
        if headers.get("Content-Encoding") != "aes128gcm":
            raise ValueError(f"Content-Encoding {headers.get('Content-Encoding')!r}, not aes128gcm")
        if not headers.get("TTL", "").isdigit():
            raise ValueError("no TTL header")
        keys = self.keys_for(sub_id)
        plain = http_ece.decrypt(body, private_key=keys.private_key, auth_secret=keys.auth_secret, version="aes128gcm")
        return json.loads(plain)

    async def handle(self, request: web.Request):
        sub_id = request.match_info["sub_id"]
        body = await request.read()
        if sub_id.startswith("gone-"):
            return web.Response(status=410)
        if sub_id.startswith("missing-"):
            return web.Response(status=404)
        self.count += 1
        payload = None
        if self.count % self.decrypt_every == 0 or self.decrypt_every == 1:
            try:
                payload = self._check(sub_id, request.headers, body)
                self.decrypted += 1
            except Exception as exc:  # recorded: the test or the benchmark reports it
                self.errors.append(f"{sub_id}: {type(exc).__name__}: {exc}")
                return web.Response(status=400, text=str(exc))
        self.last_at = time.time()
        if self.keep:
            self.received.append(Received(sub_id, payload, self.last_at, dict(request.headers)))
        return web.Response(status=201)

    async def stats(self, request: web.Request):
        return web.json_response(
            {
                "count": self.count,
                "decrypted": self.decrypted,
                "errors": len(self.errors),
                "first_errors": self.errors[:5],
                "last_at": self.last_at,
            }
        )

    def app(self) -> web.Application:
        application = web.Application(client_max_size=8192)
        application.router.add_post("/push/{sub_id}", self.handle)
        application.router.add_get("/stats", self.stats)
        return application

    def serve(self, port: int):
        """Run in this process until killed (the benchmark runs it in a process of its own)."""
        self.port = port
        web.run_app(self.app(), host="127.0.0.1", port=port, access_log=None, print=None)

    # --- in a thread, for the tests ---

    def start(self) -> "PushReceiver":
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run():
            asyncio.set_event_loop(self._loop)
            runner = web.AppRunner(self.app(), access_log=None)
            self._loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = runner.addresses[0][1]
            self._runner = runner
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(runner.cleanup())

        self._thread = threading.Thread(target=run, name="push-receiver", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self):
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
