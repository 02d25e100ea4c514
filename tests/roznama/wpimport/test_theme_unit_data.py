"""WordPress's own theme test data (186 items of every edge case WordPress has), imported
whole: no crash, a report line for every item. The data is not redistributable: the test
reads it beside the checkout and skips, naming the folder, where it is absent."""

import re
from collections import Counter

import pytest

from roznama.news.models import ArticlePage

pytestmark = pytest.mark.slow


def counted_in_the_file(path):
    """Items per post type, counted in the XML text itself (not by the importer)."""
    text = path.read_text(encoding="utf-8")
    return Counter(re.findall(r"<wp:post_type>(?:<!\[CDATA\[)?([a-z_]+)", text))


def test_the_theme_test_data_imports_whole_with_a_report_line_per_item(run_import, wordpress_export):
    path = wordpress_export / "themeunittestdata.wordpress.xml"
    in_file = counted_in_the_file(path)
    assert sum(in_file.values()) == 186  # as its SOURCES.md says
    report = run_import(path)
    per_kind = Counter(entry.kind for entry in report.entries)
    assert per_kind == in_file
    assert report.counts["failed"] == 0, [e for e in report.entries if e.outcome == "failed"]
    # The one password-protected post is refused; drafts and scheduled posts come in unpublished.
    refused = [e for e in report.entries if "password-protected" in e.reason]
    assert [e.title for e in refused] == ['Template: Password Protected (the password is "enter")']
    assert not ArticlePage.objects.get(title="Draft").live
    assert ArticlePage.objects.get(title="Scheduled").go_live_at.year == 2030
    assert ArticlePage.objects.get(title="Template: Sticky").is_featured
    assert ArticlePage.objects.count() == in_file["post"] + in_file["page"] - 1
    again = run_import(path)
    assert again.counts["imported"] == 0 and again.counts["failed"] == 0
    assert ArticlePage.objects.count() == in_file["post"] + in_file["page"] - 1


def test_the_theme_preview_file_imports_too(run_import, wordpress_export):
    report = run_import(wordpress_export / "theme-preview.xml")
    assert len(report.entries) == 7 and report.counts["failed"] == 0
