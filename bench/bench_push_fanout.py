"""Reminder fan-out: one iftar wave to SUBSCRIPTIONS readers over PLACES places, through the
real scheduler and sender, delivered to a local push receiver that decrypts each message.

The readers are spread over the most populous Pakistani places and their subscriptions
stored in the database (SQLite in a temporary folder, or DATABASE_URL).  Each place group's
day is planned by the real planner; then every group's iftar is put on the same coming
minute (the worst case: in reality Pakistan's iftar spreads over about 40 minutes from
Gwadar to Skardu).  From that minute the scheduler's clock runs as in `roznama worker`
(a check every 5 s, the job on its 10-s grid) and the job sends the wave.

The receiver (`roznama.reminders.receiver`) runs in its own process on 127.0.0.1: it
checks the VAPID token, and decrypts the body (RFC 8291, aes128gcm) with the subscription's
private key and checks the payload.  Browsers' key pairs come from a pool of KEYS (a million
P-256 key pairs would take minutes to make): each subscription still has its own endpoint
and each message its own ephemeral key and salt.  ``--decrypt-every N`` decrypts one message
in N (when decrypting everything makes the receiver the bottleneck); the output says which.

Printed: the send rate, the delay of the last delivery after the minute, and that delay as
a ratio of the 60-s target (ratio <= 1 meets it); the baseline, measured in the same run, is
the sender's own rate with encryption but no network (how fast one core can encrypt).

    .venv/bin/python bench/bench_push_fanout.py                      # 20,000 readers, quick
    .venv/bin/python bench/bench_push_fanout.py --subscriptions 1000000 --decrypt-every 10
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone as dt_timezone

from tqdm import tqdm

TARGET_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_receiver(port: int, pool_dumps, decrypt_every: int):
    from roznama.reminders.receiver import BrowserKeys, PushReceiver

    pool = [BrowserKeys.load(d) for d in pool_dumps]

    def keys_for(sub_id: str):
        return pool[int(sub_id.split("-")[0][1:])]

    PushReceiver(keys_for, decrypt_every=decrypt_every, keep=False).serve(port)


def stats(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=10) as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=20_000)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--keys", type=int, default=1000, help="browser key pairs in the pool")
    parser.add_argument("--decrypt-every", type=int, default=1, help="decrypt one message in N (1: all)")
    parser.add_argument("--concurrency", type=int, default=128, help="sends in flight")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="roznama-bench-push-")
    os.environ.setdefault("ROZNAMA_VAR_DIR", var)
    os.environ["DJANGO_SETTINGS_MODULE"] = "roznama.settings.test"  # tasks run at once, in this process
    os.environ.setdefault("ROZNAMA_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ROZNAMA_PUSH_CONCURRENCY = args.concurrency
    print(
        f"database: {connection.vendor}; {args.subscriptions:,} subscriptions over {args.places} places; "
        f"{os.cpu_count()} CPU cores for sender, receiver and database together"
    )
    call_command("migrate", verbosity=0)

    from miqat import places as miqat_places
    from roznama.core.scheduler import run_due_jobs
    from roznama.reminders import services
    from roznama.reminders.models import DueReminder, PlaceGroup, PushSubscription
    from roznama.reminders.receiver import BrowserKeys

    pool = [BrowserKeys.new() for _ in tqdm(range(args.keys), desc="browser key pairs", unit="key")]
    port = free_port()
    receiver = multiprocessing.get_context("fork").Process(
        target=run_receiver, args=(port, [k.dump() for k in pool], args.decrypt_every), daemon=True
    )
    receiver.start()
    for _ in range(100):
        try:
            stats(port)
            break
        except OSError:
            time.sleep(0.1)

    chosen = miqat_places.pakistan()[: args.places]
    groups = [PlaceGroup.objects.create(place_code=p.code, fiqh="hanafi", method="") for p in chosen]
    batch = []
    with tqdm(total=args.subscriptions, desc="subscriptions", unit="sub") as bar:
        for i in range(args.subscriptions):
            keys = pool[i % args.keys]
            endpoint = f"http://127.0.0.1:{port}/push/k{i % args.keys}-{i}"
            batch.append(
                PushSubscription(
                    group=groups[i % len(groups)],
                    endpoint=endpoint,
                    endpoint_hash=services.push_digest(endpoint),
                    p256dh=keys.p256dh,
                    auth=keys.auth,
                    sehri=False,
                    iftar=True,
                )
            )
            if len(batch) == 20_000:
                PushSubscription.objects.bulk_create(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            PushSubscription.objects.bulk_create(batch)
            bar.update(len(batch))

    # Baseline: how fast this core encrypts (pywebpush + http_ece, as the sender does), no network.
    from pywebpush import WebPusher

    sample = 2000
    started = time.perf_counter()
    for i in range(sample):
        keys = pool[i % args.keys]
        WebPusher({"endpoint": "http://127.0.0.1/x", "keys": {"p256dh": keys.p256dh, "auth": keys.auth}}).encode(
            b'{"title": "Iftar time", "body": "Iftar in Lahore: 17:01"}'
        )
    encrypt_rate = sample / (time.perf_counter() - started)

    now = datetime.now(dt_timezone.utc)
    for group in groups:
        services.plan_group(group, now)
    wave = (now + timedelta(seconds=75)).replace(second=0, microsecond=0)
    wave_ids = []
    for group in groups:
        due = DueReminder.objects.filter(group=group, kind="iftar").order_by("day").first()
        wave_ids.append(due.pk)
    DueReminder.objects.filter(pk__in=wave_ids).update(due_at=wave)
    # Nothing else of the day gets in the way: the other reminders are moved out of reach.
    DueReminder.objects.exclude(pk__in=wave_ids).update(due_at=wave + timedelta(days=3))
    print(f"iftar wave at {wave:%H:%M:%S} UTC for every place; waiting {(wave - now).total_seconds():.0f} s")
    while datetime.now(dt_timezone.utc) < wave:
        time.sleep(0.2)

    import threading

    done = threading.Event()

    def progress():  # the receiver's count, while the job sends in this thread
        with tqdm(total=args.subscriptions, desc="delivered", unit="msg") as bar:
            seen = 0
            while not done.is_set():
                done.wait(2)
                got = stats(port)["count"]
                bar.update(got - seen)
                seen = got

    watcher = threading.Thread(target=progress, daemon=True)
    watcher.start()
    while True:
        run_due_jobs()  # the worker's clock: a check every 5 s; the job runs at once here
        left = DueReminder.objects.filter(pk__in=wave_ids, finished_at__isnull=True).count()
        if not left:
            break
        time.sleep(5)
    done.set()
    watcher.join()
    final = stats(port)
    rows = list(DueReminder.objects.filter(pk__in=wave_ids))
    started_at = min(r.started_at for r in rows)
    finished_at = max(r.finished_at for r in rows)
    sent = sum(r.sent for r in rows)
    failed = sum(r.failed for r in rows)
    delay = final["last_at"] - wave.timestamp()
    send_seconds = (finished_at - started_at).total_seconds()
    rate = sent / send_seconds if send_seconds else float("inf")
    receiver.terminate()

    print()
    print(
        f"delivered {sent:,} of {args.subscriptions:,} (failed {failed:,}); the receiver counted {final['count']:,}, "
        f"decrypted and checked {final['decrypted']:,} "
        f"({'all' if args.decrypt_every == 1 else f'one in {args.decrypt_every}'}), errors {final['errors']}"
    )
    if final["first_errors"]:
        print("  first errors:", final["first_errors"])
    print(
        f"job started {(started_at - wave).total_seconds():.1f} s after the minute; sending took {send_seconds:.1f} s"
    )
    print(
        f"send rate: {rate:,.0f} messages/s   (baseline, encryption alone on one core: {encrypt_rate:,.0f}/s; "
        f"ratio {rate / encrypt_rate:.2f})"
    )
    print(
        f"last delivery {delay:.1f} s after the minute; target {TARGET_SECONDS:.0f} s; ratio {delay / TARGET_SECONDS:.2f} "
        f"-> {'MET' if delay <= TARGET_SECONDS and failed == 0 else 'NOT MET'}"
    )
    if delay > TARGET_SECONDS:
        needed = args.subscriptions / max(1.0, TARGET_SECONDS - (started_at - wave).total_seconds())
        print(
            f"  to meet it this wave needs {needed:,.0f} messages/s: about {needed / rate:.1f} times this machine's "
            f"rate (more sender processes on more cores; the receiver here shares the same {os.cpu_count()} cores)"
        )


if __name__ == "__main__":
    sys.exit(main())
