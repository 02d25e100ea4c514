"""``roznama import-wordpress``: a WordPress site's archive, with its old links kept.

roznama import-wordpress site.xml [more.xml ...] [--uploads wp-content/uploads]
                         [--download-media] [--report report.json] [--time-zone Asia/Karachi]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roznama.wpimport.services import ImportError_, Importer


class Command(BaseCommand):
    help = "Import posts, pages, categories, tags, authors and pictures from WordPress export (WXR) files."

    def add_arguments(self, parser):
        parser.add_argument("exports", nargs="+", type=Path, help="WordPress export files (Tools › Export)")
        parser.add_argument(
            "--uploads", type=Path, help="the site's wp-content/uploads folder, to take the pictures from"
        )
        parser.add_argument(
            "--download-media",
            action="store_true",
            help="download pictures not found in --uploads from the old site (public addresses only)",
        )
        parser.add_argument("--report", type=Path, help="write the report of every item to this file (JSON)")
        parser.add_argument(
            "--time-zone", help="the WordPress site's time zone, for dates without UTC (default: the site's TIME_ZONE)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, exports, uploads, download_media, report, time_zone, no_progress, **options):
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads} is not a folder")
        try:
            result = Importer(
                uploads=uploads, download_media=download_media, time_zone=time_zone, progress=not no_progress
            ).run(exports)
        except ImportError_ as exc:
            raise CommandError(str(exc)) from exc
        summary = result.summary()
        self.stdout.write("Items: " + ", ".join(f"{k} {v}" for k, v in summary["items"].items()))
        if summary["made"]:
            self.stdout.write("Made: " + ", ".join(f"{k} {v}" for k, v in summary["made"].items()))
        self.stdout.write(f"Comments counted, not imported: {summary['comments_not_imported']}")
        self.stdout.write(f"Old links not mapped: {summary['links_not_mapped']}")
        for failed in [e for e in result.entries if e.outcome == "failed"][:20]:
            self.stdout.write(f"  failed {failed.kind} {failed.wp_id or ''} {failed.title[:60]!r}: {failed.reason}")
        for error in summary["file_errors"]:
            self.stderr.write(f"File not read to the end: {error}")
        if report:
            result.write(report)
            self.stdout.write(f"Report of every item: {report}")
