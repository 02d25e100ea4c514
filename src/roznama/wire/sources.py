"""Fetching from sources: a folder drop, an HTTP feed, the AP Media API.

Each fetcher yields ``(name, payload)`` pairs; ``poll`` feeds them through the pipeline,
skipping payloads this source already delivered.  Every fetch has a size and a time limit.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urljoin

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import fetching
from .fetching import FetchError, http_get
from .models import ReceivedFile, WireSource
from .pipeline import IngestResult, digest, ingest_pass, ingest_payload, quarantine

logger = logging.getLogger(__name__)

MAX_FEED_PAGES = 20
WIRE_SUFFIXES = {".xml", ".json", ".nitf", ".rss", ".atom", ".txt", ""}


@dataclass
class PollReport:
    source: str
    files: int = 0
    skipped: int = 0
    quarantined: int = 0
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""


def fetch_folder(source: WireSource) -> Iterator[tuple[str, bytes]]:
    folder = Path(source.location)
    if not folder.is_dir():
        raise FetchError(f"the folder {folder} does not exist")
    for path in sorted(folder.iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in WIRE_SUFFIXES:
            continue
        if path.stat().st_size > fetching.MAX_FETCH_BYTES:
            yield path.name, path.read_bytes()[: fetching.MAX_FETCH_BYTES + 1]  # the parser rejects it as too large
            continue
        yield path.name, path.read_bytes()


def fetch_http(source: WireSource) -> Iterator[tuple[str, bytes]]:
    yield source.location, http_get(source.location)


def _api_key(source: WireSource) -> str:
    key = os.environ.get(source.api_key_env or "", "")
    if not key:
        raise FetchError(
            f"the environment variable {source.api_key_env or '(none named)'} holding the API key is not set"
        )
    return key


def fetch_ap_media(source: WireSource) -> Iterator[tuple[str, bytes]]:
    """The AP Media API feed, page by page, following ``next_page`` until the feed has
    nothing new.  Each story's NITF text is fetched when the story is stored (see
    ``text_fetcher``)."""
    headers = {"x-api-key": _api_key(source)}
    url = source.location
    for _page in range(MAX_FEED_PAGES):
        page = http_get(url, headers=headers)
        try:
            data = json.loads(page).get("data") or {}
        except (ValueError, AttributeError):
            yield url, page  # the parser quarantines it with the reason
            return
        if not data.get("items"):
            return  # nothing new since the last page
        yield url, page
        next_page = data.get("next_page")
        if not next_page or next_page == url or not (data.get("items") or []):
            return
        url = urljoin(url, next_page)


FETCHERS: dict[str, Callable[[WireSource], Iterator[tuple[str, bytes]]]] = {
    WireSource.Kind.FOLDER: fetch_folder,
    WireSource.Kind.HTTP: fetch_http,
    WireSource.Kind.AP_MEDIA: fetch_ap_media,
}


def _claim(source: WireSource, name: str, payload: bytes) -> bool:
    """Record the payload as received; False when this source already delivered it."""
    try:
        with transaction.atomic():
            ReceivedFile.objects.create(source=source, digest=digest(payload), name=name[:500])
        return True
    except IntegrityError:
        return False


def text_fetcher(source: WireSource):
    """How a source's stories get their separate text rendition, if it has one."""
    if source.kind != WireSource.Kind.AP_MEDIA:
        return None
    headers = {"x-api-key": _api_key(source)}
    return lambda href: http_get(urljoin(source.location, href), headers=headers)


def ingest_named(
    source: WireSource, name: str, payload: bytes, report: PollReport, fetch_text=None
) -> IngestResult | None:
    # The claim and the ingest commit together: a worker killed between the two (or an ingest
    # that fails) leaves the file unclaimed, to be taken again on the next poll, never
    # "received" but lost.  A second poller of the same file waits on the claim's row, then
    # finds it taken.
    with transaction.atomic():
        if not _claim(source, name, payload):
            report.skipped += 1
            return None
        result = ingest_payload(payload, source=source, filename=name, fetch_text=fetch_text)
    report.files += 1
    report.outcomes.extend(result.outcomes)
    if result.quarantined is not None:
        report.quarantined += 1
    return result


def poll(source: WireSource, progress: Callable[[str], None] | None = None) -> PollReport:
    """One pass over a source."""
    report = PollReport(source=source.name)
    fetcher = FETCHERS.get(source.kind)
    if fetcher is None:
        report.error = f"a {source.get_kind_display()} source is not polled"
        return report
    try:
        fetch_text = text_fetcher(source)
        with ingest_pass():
            for name, payload in fetcher(source):
                ingest_named(source, name, payload, report, fetch_text=fetch_text)
                if progress:
                    progress(name)
        source.last_error = ""
    except FetchError as exc:
        report.error = str(exc)
        source.last_error = str(exc)
        quarantine(b"", reason=str(exc), stage="fetch", source=source, filename=source.location)
    source.last_polled_at = timezone.now()
    source.save(update_fields=["last_polled_at", "last_error"])
    return report


def due_sources(now=None) -> list[WireSource]:
    now = now or timezone.now()
    due = []
    for source in WireSource.objects.filter(enabled=True).exclude(kind=WireSource.Kind.MANUAL):
        if source.last_polled_at is None or (now - source.last_polled_at).total_seconds() >= source.poll_interval:
            due.append(source)
    return due
