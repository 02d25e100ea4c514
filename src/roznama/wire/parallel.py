"""Many files at once: a folder's files spread over worker processes (``ingest --jobs N``).

Each process ingests its share exactly as a single pass does (``ingest_named``: the file
claimed, then every item upserted in its own transaction); the database's row locks keep
concurrent passes apart (one story row per story, one tree position per article).

What a single pass guarantees beyond that is the order of a story's versions: a story's
files are read in the order given, so every version becomes a revision.  Here too: the
files are read once in this process to learn each file's story (its first item), and all
the files of one story go to the same process, in their order.  Stories are dealt out to the
process with the fewest files so far.

Processes are forked from this one, so they share its settings (and its test database);
on a database without row locks to share the work (SQLite) the files are ingested in this
process alone.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable, Iterable, Union

from django.db import connection, connections

from .sources import PollReport

Payload = Union[bytes, Path]


def can_fork() -> bool:
    """Worker processes see what this one committed: PostgreSQL, outside a transaction."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _story_key(name: str, payload: bytes, source) -> str | None:
    from .parsers import parse

    try:
        items = parse(payload, filename=name or None, agency_hint=source.agency or None)
    except Exception:
        return None  # quarantined by whichever process gets it
    return f"{items[0].agency}\x00{items[0].item_id}" if items else None


def share_out(entries: list[tuple[str, Payload]], jobs: int, source) -> list[list[int]]:
    """The indexes of ``entries`` each process takes: a story's files together, in order."""
    shares: list[list[int]] = [[] for _ in range(jobs)]
    owner: dict[str, int] = {}
    for index, (name, data) in enumerate(entries):
        payload = data.read_bytes() if isinstance(data, Path) else data
        key = _story_key(name, payload, source)
        process = owner.get(key) if key is not None else None
        if process is None:
            process = min(range(jobs), key=lambda p: len(shares[p]))
            if key is not None:
                owner[key] = process
        shares[process].append(index)
    return shares


def _ingest_share(
    source, share: list[tuple[int, str, Payload]], claim: bool, progress: Callable[[int], None] | None = None
) -> list[tuple[int, PollReport]]:
    """One pass over a share of the files; a report per file."""
    from .pipeline import ingest_pass, ingest_payload
    from .sources import ingest_named

    reports = []
    with ingest_pass():
        for index, name, data in share:
            payload = data.read_bytes() if isinstance(data, Path) else data
            report = PollReport(source=source.name)
            if claim:
                ingest_named(source, name, payload, report)
            else:
                result = ingest_payload(payload, source=source, filename=name)
                report.files = 1
                report.outcomes.extend(result.outcomes)
                report.quarantined = int(result.quarantined is not None)
            reports.append((index, report))
            if progress:
                progress(1)
    return reports


def _worker(source_id: int, share: list[tuple[int, str, Payload]], claim: bool) -> list[tuple[int, PollReport]]:
    """In a worker process: its share, on its own connection."""
    from .models import WireSource

    try:
        return _ingest_share(WireSource.objects.get(pk=source_id), share, claim)
    finally:
        connections.close_all()


def ingest_entries(
    source,
    entries: Iterable[tuple[str, Payload]],
    *,
    jobs: int = 1,
    claim: bool = True,
    progress: Callable[[int], None] | None = None,
) -> PollReport:
    """Ingest ``(name, bytes or path)`` entries with ``jobs`` processes (one: in this process).

    ``claim``: record each file as received and skip those this source already delivered
    (as a poll does)."""
    entries = list(entries)
    if jobs > 1 and not can_fork():
        jobs = 1
    jobs = max(1, min(jobs, len(entries)))
    if jobs == 1:
        per_file = _ingest_share(source, [(i, name, data) for i, (name, data) in enumerate(entries)], claim, progress)
    else:
        shares = share_out(entries, jobs, source)
        connections.close_all()  # each process opens its own connection
        per_file = []
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {
                pool.submit(_worker, source.pk, [(i, *entries[i]) for i in share], claim): len(share)
                for share in shares
                if share
            }
            for future in as_completed(futures):
                per_file += future.result()
                if progress:
                    progress(futures[future])
    report = PollReport(source=source.name)
    for _index, one in sorted(per_file, key=lambda pair: pair[0]):
        report.files += one.files
        report.skipped += one.skipped
        report.quarantined += one.quarantined
        report.outcomes += one.outcomes
    return report
