"""Hostile and broken export files: refused or read as far as they go, never a crash, and no
file of the server read, no entity expanded."""

import time

from roznama.news.models import ArticlePage


def file_errors(report):
    return [entry for entry in report.entries if entry.kind == "file"]


def test_an_external_entity_is_refused_and_nothing_is_read_from_the_server(run_import):
    report = run_import("hostile-xxe.xml")
    [error] = file_errors(report)
    assert error.outcome == "failed" and "DTD" in error.reason
    assert not ArticlePage.objects.exists()
    assert not ArticlePage.objects.filter(body__icontains="root:").exists()


def test_billion_laughs_is_refused_at_once(run_import):
    started = time.monotonic()
    report = run_import("hostile-billion-laughs.xml")
    assert time.monotonic() - started < 5
    [error] = file_errors(report)
    assert "entities" in error.reason or "DTD" in error.reason
    assert not ArticlePage.objects.exists()


def test_a_truncated_export_keeps_what_came_before_the_cut_and_says_where_it_stopped(run_import):
    report = run_import("truncated.xml")
    [error] = file_errors(report)
    assert "malformed or cut short" in error.reason
    # The first three posts are whole before the cut in the fourth.
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert titles == {
        "Flood relief reaches Karachi's low-lying towns",
        "کراچی کے نشیبی علاقوں میں امداد پہنچ گئی",
        "بجٹ میں تنخواہوں میں اضافہ",
    }
    assert report.summary()["file_errors"]


def test_a_file_that_is_not_an_export_is_reported(run_import, tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text("<feed><title>Atom</title></feed>", encoding="utf-8")
    [error] = file_errors(run_import(other))
    assert "not a WordPress export" in error.reason


def test_the_command_prints_the_counts_and_writes_the_report(db, settings, tmp_path, wp_data):
    import json

    from django.core.management import call_command, CommandError
    import io
    import pytest

    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    report = tmp_path / "report.json"
    call_command(
        "import-wordpress",
        str(wp_data / "karachi-times-1.2.xml"),
        "--uploads",
        str(wp_data / "uploads"),
        "--report",
        str(report),
        "--no-progress",
        stdout=out,
    )
    printed = out.getvalue()
    assert "imported 9" in printed and "skipped 3" in printed
    assert "Comments counted, not imported: 2" in printed
    assert len(json.loads(report.read_text(encoding="utf-8"))["items"]) == 12
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import-wordpress", str(tmp_path / "missing.xml"), "--no-progress", stdout=out)
