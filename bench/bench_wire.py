"""Wire ingestion throughput: items per second end to end (parse, sanitise, upsert, revision)
into PostgreSQL, for ninjs and NewsML-G2, against parsing alone measured in the same run.

    scripts/with-postgres.sh .venv/bin/python bench/bench_wire.py [--items 400] [--jobs 2]

Target (the wire issue): at least 200 items per second end to end on this machine.
The items are generated here: synthetic text, shaped like agency copy.

"end to end" is what the ingesting process spends: each payload parsed, sanitised and
upserted in its own transaction (story row, version, the article page, a Wagtail revision,
the page published, its history entries), in one pass (``ingest_pass``, as a poll does).
The work a publish leaves to the task queue (search index, reference index, cache purges)
is not in that figure; it is measured after it, by draining the queue with the worker's own
loop in this process, and reported as "with tasks/s": the items divided by both times
together (the one-second wait that lets the wire's follow-up tasks gather a batch is not
counted: it is latency, not work). "queries/item" is counted on fifty more items afterwards
(counting slows the queries it counts), four new stories to one new version. "CPU ms/item"
is the processor time the single-process ingest took per item, in this process and in its
PostgreSQL backend (from /proc): what the machine's cores must supply whatever else runs.

Each format is then ingested again, as many fresh items (and the same share of new
versions), by ``--jobs`` processes (default: one per core) as ``roznama ingest --path DIR
--jobs N`` spreads them (``roznama.wire.parallel``: the payloads read once in the parent to
keep each story's versions in one process, the processes forked, each item still in its
own transaction); that row's "end to end" runs from the first payload shared out to the
last process's end, the processes' start included. Its "with tasks" adds the queue drained
afterwards, in this one process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

PARAGRAPHS = [
    "Officials said the new schedule would take effect at the start of next month, after a review of the routes.",
    "The plan drew cautious support from traders, who said they would wait to see how it worked in practice.",
    "A spokesperson said further details would be announced later in the week.",
]


def ninjs_item(n: int, version: int) -> bytes:
    created = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=n)
    body = "".join(f"<p>{'LAHORE (Bench) - ' if i == 0 else ''}{p} ({n})</p>" for i, p in enumerate(PARAGRAPHS * 2))
    return json.dumps(
        {
            "uri": f"urn:bench:ninjs:{n}",
            "version": str(version),
            "type": "text",
            "language": "en",
            "versioncreated": created.isoformat(),
            "firstcreated": created.isoformat(),
            "pubstatus": "usable",
            "headline": f"Bench story number {n} on transport schedules",
            "description_text": "A bench item.",
            "body_html": body,
            "copyrightholder": "Bench",
            "subject": [{"code": "medtop:04000000", "name": "economy"}],
        }
    ).encode()


def newsml_item(n: int, version: int) -> bytes:
    paras = "".join(f"<p>{p} ({n})</p>" for p in PARAGRAPHS * 2)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:html="http://www.w3.org/1999/xhtml"
  guid="urn:bench:g2:{n}" version="{version}" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
 <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_37.xml"/>
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"/><versionCreated>2026-01-01T10:00:00Z</versionCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><headline>Bench G2 story {n} about markets</headline><language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>{paras}</body></html></inlineXML></contentSet>
</newsItem>""".encode()


def cpu_seconds(backend_pid: int) -> tuple[float, float]:
    """CPU time used so far by this process and by its PostgreSQL backend (NaN if unreadable)."""
    try:
        with open(f"/proc/{backend_pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        database = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        database = float("nan")
    return time.process_time(), database


def drain_queue() -> tuple[int, float]:
    """Run every queued task with the worker's own loop; returns (tasks, seconds)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django.utils import timezone as django_timezone
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.filter(status="READY")
    ready.update(run_after=django_timezone.now())  # a batch's gathering delay is latency, not work
    count = ready.count()
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    start = time.perf_counter()
    worker.run()
    elapsed = time.perf_counter() - start
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    assert not failed, f"{failed} queued tasks failed"
    return count, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=400, help="items per format")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="processes for the second figure")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Run it on PostgreSQL: scripts/with-postgres.sh .venv/bin/python bench/bench_wire.py", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roznama.settings.dev")
    os.environ["ROZNAMA_VAR_DIR"] = tempfile.mkdtemp(prefix="roznama-bench-")
    os.environ["ROZNAMA_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale, Page, Site

    from roznama.news.models import HomePage, SectionPage
    from roznama.wire.models import WireSource
    from roznama.wire.parallel import ingest_entries
    from roznama.wire.parsers import parse
    from roznama.wire.pipeline import ingest_payload

    try:
        from roznama.wire.pipeline import ingest_pass
    except ImportError:  # before passes existed
        ingest_pass = contextlib.nullcontext

    print("Preparing the database...", flush=True)
    call_command("migrate", verbosity=0)
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Bench", slug="home", locale=en))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    for slug in ("world", "business"):
        home.add_child(instance=SectionPage(title=slug.title(), slug=slug)).save_revision().publish()
    source = WireSource.objects.create(name="Bench", kind="folder", location="/none", auto_publish=True)

    results = []
    for name, make in (("ninjs", ninjs_item), ("NewsML-G2", newsml_item)):
        payloads = [make(n, 1) for n in range(args.items)]
        updates = [make(n, 2) for n in range(args.items // 4)]
        start = time.perf_counter()
        for payload in payloads:
            parse(payload)
        parse_rate = len(payloads) / (time.perf_counter() - start)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
        cpu_before = cpu_seconds(backend_pid)
        start = time.perf_counter()
        with ingest_pass():
            for i, payload in enumerate(payloads + updates, start=1):
                result = ingest_payload(payload, source=source, filename=f"{name}-{i}")
                assert result.ok, result.quarantined.reason
                if i % 100 == 0:
                    print(f"  {name}: {i}/{len(payloads) + len(updates)} items", flush=True)
        elapsed = time.perf_counter() - start
        items = len(payloads) + len(updates)
        cpu = [(after - before) * 1000 / items for before, after in zip(cpu_before, cpu_seconds(backend_pid))]
        tasks, drained = drain_queue()
        print(f"  {name}: {tasks} queued tasks run in {drained:.2f}s", flush=True)
        # Queries per item, counted apart (counting slows the queries it counts): new stories
        # and new versions in the same proportion as above.
        extra = [make(n, 1) for n in range(args.items, args.items + 40)] + [make(n, 3) for n in range(10)]
        with CaptureQueriesContext(connection) as queries, ingest_pass():
            for payload in extra:
                assert ingest_payload(payload, source=source, filename=f"{name}-extra").ok
        drain_queue()
        results.append(
            (
                name,
                1,
                parse_rate,
                items / elapsed,
                items / (elapsed + drained),
                f"{len(queries.captured_queries) / len(extra):.1f}",
                f"{cpu[0]:.1f} + {cpu[1]:.1f}",
            )
        )
        if args.jobs > 1:
            # The same again with fresh stories, spread over processes.
            first = args.items + 1000
            fresh = [make(n, 1) for n in range(first, first + args.items)]
            fresh += [make(n, 2) for n in range(first, first + args.items // 4)]
            entries = [(f"{name}-jobs-{i}", payload) for i, payload in enumerate(fresh)]
            start = time.perf_counter()
            report = ingest_entries(source, entries, jobs=args.jobs, claim=False)
            elapsed = time.perf_counter() - start
            assert report.files == len(fresh) and not report.quarantined, report
            assert sum(o.startswith("published") for _, o in report.outcomes) == args.items, report.outcomes[:5]
            tasks, drained = drain_queue()
            print(
                f"  {name} in {args.jobs} processes: {len(fresh)} items in {elapsed:.2f}s, "
                f"{tasks} queued tasks run in {drained:.2f}s",
                flush=True,
            )
            results.append(
                (name, args.jobs, parse_rate, len(fresh) / elapsed, len(fresh) / (elapsed + drained), "-", "-")
            )

    print()
    print(
        f"{'format':<11} {'processes':>9} {'parse only/s':>13} {'end to end/s':>13} {'end-to-end / parse':>19} "
        f"{'with tasks/s':>13} {'queries/item':>13} {'CPU ms/item':>13} {'target 200/s':>13}"
    )
    for name, processes, parse_rate, rate, with_tasks, per_item, cpu in results:
        print(
            f"{name:<11} {processes:9d} {parse_rate:13.0f} {rate:13.0f} {rate / parse_rate:19.3f} {with_tasks:13.0f} "
            f"{per_item:>13} {cpu:>13} {'met' if rate >= 200 else 'NOT met':>13}"
        )
    print(
        "(end to end: parse, sanitise, upsert, a Wagtail revision and publish; a quarter of the items"
        " arrive again as version 2 and update their article; with tasks: also the search index,"
        " reference index and purge tasks those publishes queued; parse only: one process, parsing alone;"
        " CPU ms/item: this process + its PostgreSQL backend, while ingesting in one process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
