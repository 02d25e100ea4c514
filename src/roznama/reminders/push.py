"""Web Push delivery: VAPID (RFC 8292) keys and headers, RFC 8291 encryption (aes128gcm,
by pywebpush and http_ece) and an asynchronous fan-out over pooled HTTP connections.

The keys come from ``ROZNAMA_VAPID_PRIVATE_KEY`` (a PEM file's path) when set; otherwise a
key is generated once into the var directory, so the demo works out of the box.  A key must
not change once readers subscribe: browsers tie each subscription to the public key.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPusher

logger = logging.getLogger(__name__)

# A VAPID token may live up to 24 hours (RFC 8292 section 2); one per push service is
# signed and reused for 12, so a wave does not sign a million JWTs.
TOKEN_LIFETIME = 12 * 3600
GONE = (404, 410)


def key_path() -> Path:
    configured = getattr(settings, "ROZNAMA_VAPID_PRIVATE_KEY", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "vapid_private.pem"


@lru_cache(maxsize=4)
def _load(path: str) -> Vapid02:
    file = Path(path)
    if not file.exists():
        if getattr(settings, "ROZNAMA_VAPID_PRIVATE_KEY", ""):
            raise FileNotFoundError(f"ROZNAMA_VAPID_PRIVATE_KEY names {file}, which does not exist")
        file.parent.mkdir(parents=True, exist_ok=True)
        vapid = Vapid02()
        vapid.generate_keys()
        vapid.save_key(str(file))
        file.chmod(0o600)
        logger.info("generated a VAPID key in %s", file)
    return Vapid02.from_file(str(file))


def vapid() -> Vapid02:
    return _load(str(key_path()))


def application_server_key() -> str:
    """The public key browsers subscribe with (base64url, unpadded, uncompressed point)."""
    raw = vapid().public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subject() -> str:
    return getattr(settings, "ROZNAMA_VAPID_SUBJECT", "") or "mailto:webmaster@localhost"


_tokens: dict[str, tuple[float, str]] = {}


def authorization(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    audience = f"{parts.scheme}://{parts.netloc}"
    now = time.time()
    cached = _tokens.get(audience)
    if cached and cached[0] - now > 3600:
        return cached[1]
    expires = int(now + TOKEN_LIFETIME)
    header = vapid().sign({"aud": audience, "exp": expires, "sub": subject()})["Authorization"]
    _tokens[audience] = (expires, header)
    return header


@dataclass
class Message:
    """One notification for one subscription."""

    key: object  # whatever the caller uses to find the subscription again
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes


@dataclass
class Outcome:
    delivered: list = field(default_factory=list)
    gone: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (key, reason)
    last_delivered_at: float | None = None


async def _send_one(session, message: Message, ttl: int, outcome: Outcome):
    try:
        pusher = WebPusher(
            {"endpoint": message.endpoint, "keys": {"p256dh": message.p256dh, "auth": message.auth}},
            aiohttp_session=session,
        )
        response = await pusher.send_async(
            message.payload,
            headers={"Authorization": authorization(message.endpoint), "Urgency": "high"},
            ttl=ttl,
            timeout=aiohttp.ClientTimeout(total=20),
        )
        status = response.status
    except Exception as exc:  # a bad key, a refused connection, a timeout: reported, not raised
        outcome.failed.append((message.key, f"{type(exc).__name__}: {exc}"))
        return
    if 200 <= status < 300:
        outcome.delivered.append(message.key)
        outcome.last_delivered_at = time.time()
    elif status in GONE:
        outcome.gone.append(message.key)
    else:
        outcome.failed.append((message.key, f"push service answered HTTP {status}"))


class Sender:
    """Sends batches of messages over one pool of connections, on one event loop, so the
    caller can read the next batch from the database (synchronously) between two sends.

        with Sender(concurrency=64) as sender:
            for batch in batches:
                sender.send(batch)
        outcome = sender.outcome
    """

    def __init__(self, *, ttl: int = 900, concurrency: int | None = None):
        self.ttl = ttl
        self.concurrency = concurrency or getattr(settings, "ROZNAMA_PUSH_CONCURRENCY", 64)
        self.outcome = Outcome()
        self._runner = None
        self._session = None

    def __enter__(self):
        self._runner = asyncio.Runner()
        return self

    def __exit__(self, *exc):
        if self._session is not None:
            self._runner.run(self._session.close())
        self._runner.close()

    async def _send_batch(self, messages):
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.concurrency, limit_per_host=self.concurrency)
            self._session = aiohttp.ClientSession(connector=connector)
        # A fixed set of senders pulling from one iterator: at most ``concurrency`` messages are
        # encrypted and in flight at once, and no per-message bookkeeping grows with that number.
        queue = iter(messages)

        async def sender():
            for message in queue:
                await _send_one(self._session, message, self.ttl, self.outcome)

        await asyncio.gather(*(sender() for _ in range(self.concurrency)))

    def send(self, messages) -> Outcome:
        self._runner.run(self._send_batch(list(messages)))
        return self.outcome


def send(messages, *, ttl: int = 900, concurrency: int | None = None) -> Outcome:
    """Deliver ``messages`` (an iterable of ``Message``); returns what happened to each."""
    with Sender(ttl=ttl, concurrency=concurrency) as sender:
        sender.send(messages)
    return sender.outcome
