"""``roznama ingest``: one pass over a source, or files ingested by hand.

roznama ingest --source "Reuters drop" --once
roznama ingest --path stories/ [--source NAME] [--jobs 2]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from roznama.wire.models import WireSource
from roznama.wire.parallel import ingest_entries
from roznama.wire.pipeline import manual_source
from roznama.wire.sources import WIRE_SUFFIXES, poll


class Command(BaseCommand):
    help = "Ingest agency stories: poll a source once, or ingest files and folders by hand."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="the source's name (default for --path: the built-in manual source)")
        parser.add_argument("--once", action="store_true", help="poll the source once")
        parser.add_argument("--path", nargs="+", help="files or folders to ingest")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="with --path: spread the files over this many processes (PostgreSQL only; "
            "a story's versions stay in one process, in order)",
        )

    def handle(self, *args, source, once, path, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        if not path and not (source and once):
            raise CommandError("Give --source NAME --once, or --path FILE_OR_FOLDER.")
        chosen = None
        if source:
            chosen = WireSource.objects.filter(name=source).first()
            if chosen is None:
                names = ", ".join(WireSource.objects.values_list("name", flat=True)) or "none"
                raise CommandError(f"No source named {source!r}. Sources: {names}.")
        if path:
            report = self._ingest_paths(chosen or manual_source(), [Path(p) for p in path], jobs)
        else:
            with tqdm(desc=f"Polling {chosen.name}", unit="file") as bar:
                report = poll(chosen, progress=lambda name: bar.update(1))
        self._print(report)

    def _ingest_paths(self, source, paths, jobs):
        files = []
        for p in paths:
            if p.is_dir():
                files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in WIRE_SUFFIXES)
            elif p.is_file():
                files.append(p)
            else:
                raise CommandError(f"{p} does not exist")
        if jobs > 1:
            tqdm.monitor_interval = 0  # no monitor thread in a process about to fork
        with tqdm(total=len(files), desc="Ingesting", unit="file") as bar:
            return ingest_entries(source, [(f.name, f) for f in files], jobs=jobs, progress=bar.update)

    def _print(self, report):
        for key, outcome in report.outcomes:
            self.stdout.write(f"  {key}: {outcome}")
        self.stdout.write(
            f"{report.source}: {report.files} file(s) ingested, {report.skipped} already seen, "
            f"{report.quarantined} quarantined."
        )
        if report.quarantined:
            self.stdout.write("See Wire › Quarantine in the admin for the reasons.")
        if report.error:
            raise CommandError(report.error)
