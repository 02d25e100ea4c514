"""Live blog reader load: simulated readers polling a live blog while an editor posts.

The production layout of ``bench_spike.py`` (PostgreSQL, Redis, granian, nginx with its page
cache and purge endpoint, the worker) with the demo newsroom and one live blog.  READERS
simulated readers each poll the blog's state every ``POLL_SECONDS`` through nginx, as the
page's script does, and fetch the new posts when the state names a newer one; an editor
posts every 10 s.  Reported: for each post, when the last reader saw it (target: every
reader within 5 s); the CPU of the app server's processes and of the worker, which sends the
purges (target: under one core); errors (target: zero).  The baseline, measured in the same
run: the same readers polling a static file of the state's size from nginx; the polls'
latency is printed as a ratio of it.

    .venv/bin/python bench/bench_live.py            # 5,000 readers, 60 s
    .venv/bin/python bench/bench_live.py --quick    # 1,000 readers, 30 s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_spike as spike  # noqa: E402  (the layout: servers, nginx, wrk-free fetches)

from tqdm import tqdm  # noqa: E402

EDITOR_EVERY = 10.0
POLL_SECONDS = 4  # as roznama.live.responses.POLL_SECONDS, the page's script
CONNECTIONS = 200


def cpu_seconds(pids) -> float:
    """User and system CPU of these processes and their children so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime
    return total


def process_tree(root: int) -> list[int]:
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
        except OSError:
            pass
    return sorted(set(found))


class Connection:
    """One keep-alive HTTP/1.1 connection to nginx (the readers share a pool of them)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        chunked = False
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(length)
        return status, body


async def readers_run(
    port: int,
    readers: int,
    seconds: float,
    poll: float,
    state_path: str,
    after_path: str,
    static_path: str | None,
    progress: tqdm,
) -> dict:
    """Every reader polls every ``poll`` s (spread over the interval); returns latencies, errors
    and, per post id, the times readers first saw it."""
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(CONNECTIONS):
        pool.put_nowait(Connection(port))
    known = [-1] * readers  # the newest post id each reader has; -1 before its first poll
    seen: dict[int, list[float]] = {}
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds

    async def get(path):
        nonlocal errors
        connection = await pool.get()
        started = time.monotonic()
        try:
            status, body = await connection.get(path)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            connection.writer = None
            errors += 1
            return None
        finally:
            pool.put_nowait(connection)
        latencies.append(time.monotonic() - started)
        if status != 200:
            errors += 1
            return None
        return body

    async def reader(n):
        await asyncio.sleep(poll * n / readers)
        while time.monotonic() < end:
            tick = time.monotonic()
            body = await get(static_path or state_path)
            progress.update(1)
            if body is not None and static_path is None:
                state = json.loads(body)
                if known[n] < 0:
                    known[n] = state["latest"]  # the page as loaded
                elif state["latest"] > known[n]:
                    posts = await get(after_path.format(after=known[n], version=state["version"]))
                    if posts is not None:
                        seen.setdefault(state["latest"], []).append(time.time())
                        known[n] = state["latest"]
            await asyncio.sleep(max(0.0, poll - (time.monotonic() - tick)))

    await asyncio.gather(*(reader(n) for n in range(readers)))
    return {"latencies": latencies, "errors": errors, "seen": seen}


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))] * 1000 if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--readers", type=int)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("ROZNAMA_REDIS_URL")):
        scripts = spike.REPO / "scripts"
        os.execv(
            str(scripts / "with-redis.sh"),
            [str(scripts / "with-redis.sh"), str(scripts / "with-postgres.sh"), spike.PYTHON, *sys.argv],
        )
    readers = args.readers or (1000 if args.quick else 5000)
    seconds = args.seconds or (30 if args.quick else 60)
    bench = spike.Bench(True, 0)
    failures = []
    try:
        print(
            f"Roznama live blog bench: {readers} readers polling every {POLL_SECONDS} s, "
            f"an editor posting every {EDITOR_EVERY:.0f} s, {seconds:.0f} s, {os.cpu_count()} cores",
            flush=True,
        )
        bench.manage("demo", "--no-serve")
        bench.shell(
            f"from wagtail.models import Site; Site.objects.update(hostname='127.0.0.1', port={bench.nginx_port})"
        )
        url = (
            bench.shell(
                "from roznama.news.models import SectionPage; from roznama.live.models import LiveBlogPage\n"
                "section = SectionPage.objects.get(slug='world', locale__language_code='en')\n"
                "page = LiveBlogPage(title='Bench live blog', slug='bench-live-blog', summary='Load.')\n"
                "section.add_child(instance=page); page.save_revision().publish(); print(page.url)"
            )
            .strip()
            .splitlines()[-1]
        )
        port = spike.free_port()
        app = bench.app_server("granian", port)
        bench.shell("from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()")
        bench.start("worker", [spike.PYTHON, "-m", "roznama.cli", "worker", "--interval", "0.5"])
        bench.nginx([port])
        state_path, after_path = f"{url}live/state/", url + "live/after-{after}-v{version}/"
        status, _, state_body = spike.fetch(f"http://127.0.0.1:{bench.nginx_port}{state_path}")
        assert status == 200, status
        (bench.tmp / "nginx" / "static-bench" / "state.json").write_bytes(state_body)

        def run(static_path):
            progress = tqdm(total=int(readers * seconds / POLL_SECONDS), unit="poll", leave=False)
            try:
                return asyncio.run(
                    readers_run(
                        bench.nginx_port, readers, seconds, POLL_SECONDS, state_path, after_path, static_path, progress
                    )
                )
            finally:
                progress.close()

        baseline = run("/bench-static/state.json")
        base_p50 = percentile(baseline["latencies"], 0.5)
        print(
            f"  baseline (static file from nginx): {len(baseline['latencies']):,} polls, p50 {base_p50:.2f} ms, "
            f"p99 {percentile(baseline['latencies'], 0.99):.2f} ms, errors {baseline['errors']}",
            flush=True,
        )

        posted: dict[int, float] = {}
        stop = {"now": False}

        def editor():
            import threading

            def loop():
                time.sleep(POLL_SECONDS + 1)  # every reader has loaded the page (made its first poll)
                n = 0
                while not stop["now"]:
                    n += 1
                    out = bench.shell(
                        "import time; from roznama.live.models import LiveBlogPage; from roznama.live import services\n"
                        f"post = services.add_post(LiveBlogPage.objects.get(slug='bench-live-blog'), body='Update {n}')\n"
                        "print(post.pk, time.time())"
                    )
                    pk, when = out.strip().splitlines()[-1].split()
                    posted[int(pk)] = float(when)
                    time.sleep(EDITOR_EVERY)

            thread = threading.Thread(target=loop, daemon=True)
            thread.start()
            return thread

        worker = next(p for name, p in bench.processes if name == "worker")

        def app_cpu():
            return cpu_seconds(process_tree(app.pid) + process_tree(worker.pid))

        cpu_before, wall_before = app_cpu(), time.monotonic()
        thread = editor()
        result = run(None)
        stop["now"] = True
        wall = time.monotonic() - wall_before
        cores = (app_cpu() - cpu_before) / wall
        thread.join(timeout=30)
        p50 = percentile(result["latencies"], 0.5)
        print(
            f"  live blog polls: {len(result['latencies']):,}, p50 {p50:.2f} ms ({p50 / base_p50:.2f}x the baseline), "
            f"p99 {percentile(result['latencies'], 0.99):.2f} ms, errors {result['errors']}",
            flush=True,
        )
        delays = []
        for pk, when in sorted(posted.items()):
            times = result["seen"].get(pk, [])
            if pk == max(posted) and time.time() - when < 6:
                continue  # posted at the very end: readers had no time to see it
            # Posts are 10 s apart and readers poll every few seconds: each reader fetches each one.
            last = max(times) - when if len(times) >= readers else float("inf")
            delays.append(last)
            print(
                f"  post {pk}: {len(times):,} of {readers:,} readers fetched it; the last after {last:.2f} s",
                flush=True,
            )
        print(f"  app CPU (app server and worker): {cores:.3f} cores", flush=True)
        if not delays or max(delays) > 5:
            failures.append("every reader sees each post within 5 s")
        if cores >= 1:
            failures.append("the app's CPU under one core")
        if result["errors"]:
            failures.append("zero errors")
        print("PASS" if not failures else "FAIL: " + "; ".join(failures), flush=True)
    finally:
        bench.stop_all()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
