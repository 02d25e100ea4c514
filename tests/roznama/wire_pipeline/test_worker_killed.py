"""A drill: the worker is killed with SIGKILL in the middle of a wire pass (no clean-up, a
transaction cut where it stood).  Started again, it brings in the rest: every item once, none
lost, none twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from roznama.news.models import ArticlePage
from roznama.wire.models import WireSource, WireStory

ITEMS = 150
TEMPLATE = Path(__file__).resolve().parents[3] / "src" / "roznama" / "wire" / "demo_items" / "induswire-transit-v1.json"


def drop_folder(tmp_path) -> Path:
    drop = tmp_path / "induswire"
    drop.mkdir()
    template = json.loads(TEMPLATE.read_text("utf-8"))
    for n in range(ITEMS):
        item = dict(template, uri=f"https://induswire.example/items/drill-{n:04d}")
        item["headlines"] = [{"role": "main", "value": f"Transit authority adds electric bus number {n}"}]
        (drop / f"drill-{n:04d}.json").write_text(json.dumps(item), encoding="utf-8")
    return drop


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "-m", "roznama.cli", "worker", "--tick", "0.2", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout:.0f} s")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_wire_pass_loses_nothing_and_duplicates_nothing(newsroom, tmp_path, worker_env):
    WireSource.objects.create(
        name="Indus drill",
        kind="folder",
        location=str(drop_folder(tmp_path)),
        auto_publish=True,
        poll_interval=1,
        default_section_slug="world",
    )
    env = worker_env(tmp_path, ROZNAMA_PERIODIC_SECONDS="poll-wire-sources=1")
    env.pop("ROZNAMA_DATABASE_REPLICA_URL", None)
    first = start_worker(env)
    try:
        at_kill = wait_for(
            lambda: (
                (n := ArticlePage.objects.filter(wire_agency__isnull=False).exclude(wire_id="").count()) >= 10 and n
            ),
            180,
            "the first worker did not start the wire pass",
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate(timeout=30)
    assert at_kill < ITEMS, "the pass had finished before the worker was killed: nothing was tested"
    killed_at = time.monotonic()

    second = start_worker(env)
    try:
        wait_for(
            lambda: ArticlePage.objects.exclude(wire_id="").count() >= ITEMS,
            300,
            f"the restarted worker did not bring in all {ITEMS} items",
        )
        recovered = time.monotonic() - killed_at
        time.sleep(3)  # one more poll: it must add nothing
    finally:
        second.terminate()
        output = second.communicate(timeout=30)[0]
    assert "Worker started" in output, output[-2000:]

    pages = Counter(ArticlePage.objects.exclude(wire_id="").values_list("wire_id", flat=True))
    assert len(pages) == ITEMS and max(pages.values()) == 1, [k for k, v in pages.items() if v > 1]
    stories = Counter(WireStory.objects.values_list("item_id", flat=True))
    assert len(stories) == ITEMS and max(stories.values()) == 1
    assert all(p.live for p in ArticlePage.objects.exclude(wire_id=""))
    print(
        f"\nworker killed after {at_kill} of {ITEMS} items; the restarted one had all of them "
        f"{recovered:.1f} s after the kill, each once"
    )
