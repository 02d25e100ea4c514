"""WordPress import throughput: posts per second into PostgreSQL, and the projection for an
archive of 100,000 posts against the 10-minute target.

    scripts/with-postgres.sh .venv/bin/python bench/bench_wpimport.py [--posts 2000]

The export is generated here: ``--posts`` posts (block-editor and classic content, three
quarters with a featured picture's id, tags, one of 20 categories of which some are nested,
one of 10 authors, a tenth in Urdu, linked by Polylang to an English one), shaped like a news
site's archive. Reported, each measured in this run:

* the baseline: reading the file alone (``wxr.read``, every item parsed and dropped);
* the import (``Importer.run``: both passes, every page stored, redirects written), as posts/s
  and as a ratio of the baseline's time;
* a second run over the same file (nothing changed: what a resumed run costs per post);
* the projection for 100,000 posts at the import's rate, as a ratio of the 10-minute target
  (below 1.0 meets it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TARGET_POSTS = 100_000
TARGET_SECONDS = 600

PARAGRAPHS = [
    "Officials said the new schedule would take effect at the start of next month, after a review of the routes.",
    "The plan drew cautious support from traders, who said they would wait to see how it worked in practice.",
    "A spokesperson said further details would be announced later in the week.",
]
URDU = "حکومت نے سرکاری ملازمین کی تنخواہوں میں اضافے کا اعلان کیا۔"


def generate(path: Path, posts: int) -> None:
    """A WXR 1.2 file of ``posts`` posts, written as a stream."""
    categories = [("news", ""), ("pakistan", "news"), ("sindh", "pakistan"), ("karachi", "sindh")] + [
        (f"desk-{n}", "") for n in range(16)
    ]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench Times</title><link>https://bench.example</link><language>en-US</language>"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
        )
        for n in range(10):
            out.write(
                f"<wp:author><wp:author_login>writer{n}</wp:author_login>"
                f"<wp:author_display_name><![CDATA[Writer {n}]]></wp:author_display_name></wp:author>\n"
            )
        for term_id, (slug, parent) in enumerate(categories, start=1):
            out.write(
                f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name><![CDATA[{slug.title()}]]></wp:cat_name>"
                "</wp:category>\n"
            )
        for n in range(1, posts + 1):
            urdu = n % 10 == 0
            day = 1 + n % 28
            title = f"{URDU} {n}" if urdu else f"Bench story {n} on transport schedules"
            if urdu:
                text = f"<!-- wp:paragraph -->\n<p>{URDU}</p>\n<!-- /wp:paragraph -->"
            elif n % 2:
                text = "\n\n".join(
                    f"<!-- wp:paragraph -->\n<p>{p} ({n})</p>\n<!-- /wp:paragraph -->" for p in PARAGRAPHS * 2
                )
                text += "\n\n<!-- wp:heading -->\n<h2>What comes next</h2>\n<!-- /wp:heading -->"
            else:
                text = "\n\n".join(f"{p} ({n})" for p in PARAGRAPHS * 2) + "\n\n<blockquote>We will see.</blockquote>"
            group = ""
            language = ""
            if urdu:
                group = f'<category domain="post_translations" nicename="pll_{n}"><![CDATA[pll_{n}]]></category>'
                language = '<category domain="language" nicename="ur"><![CDATA[اردو]]></category>'
            elif n % 10 == 9:
                group = (
                    f'<category domain="post_translations" nicename="pll_{n + 1}"><![CDATA[pll_{n + 1}]]></category>'
                )
            slug, _ = categories[n % len(categories)]
            out.write(f"""<item><title><![CDATA[{title}]]></title>
<link>https://bench.example/2024/05/{day:02d}/bench-story-{n}/</link>
<dc:creator>writer{n % 10}</dc:creator><guid isPermaLink="false">https://bench.example/?p={n}</guid>
<content:encoded><![CDATA[{text}]]></content:encoded><excerpt:encoded><![CDATA[A bench story ({n}).]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date>2024-05-{day:02d} 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-05-{day:02d} 05:00:00</wp:post_date_gmt><wp:post_name>bench-story-{n}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="{slug}"><![CDATA[{slug.title()}]]></category>
<category domain="post_tag" nicename="tag-{n % 50}"><![CDATA[Tag {n % 50}]]></category>{group}{language}
{f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{posts + n}</wp:meta_value></wp:postmeta>" if n % 4 else ""}
</item>
""")
        out.write("</channel>\n</rss>\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=2000, help="posts in the generated export")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Run it on PostgreSQL: scripts/with-postgres.sh .venv/bin/python bench/bench_wpimport.py", file=sys.stderr
        )
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roznama.settings.dev")
    folder = Path(tempfile.mkdtemp(prefix="roznama-bench-"))
    os.environ["ROZNAMA_VAR_DIR"] = str(folder)
    os.environ["ROZNAMA_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from roznama.wpimport import wxr
    from roznama.wpimport.services import Importer

    print("Preparing the database...", flush=True)
    call_command("migrate", verbosity=0)
    export = folder / "bench-export.xml"
    generate(export, args.posts)
    print(f"Export: {args.posts:,} posts, {export.stat().st_size / 1e6:.1f} MB", flush=True)

    started = time.perf_counter()
    with export.open("rb") as handle:
        items = sum(1 for event in wxr.read(handle) if event.kind == "item")
    parse_seconds = time.perf_counter() - started
    assert items == args.posts

    started = time.perf_counter()
    report = Importer(progress=True).run([export])
    import_seconds = time.perf_counter() - started
    imported = report.counts["imported"]
    if imported != args.posts:
        print(f"Only {imported} of {args.posts} posts imported: {dict(report.counts)}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    again = Importer(progress=True).run([export])
    rerun_seconds = time.perf_counter() - started
    assert again.counts["unchanged"] == args.posts, dict(again.counts)

    rate = args.posts / import_seconds
    projected = TARGET_POSTS / rate
    print()
    print(f"{'':38}{'seconds':>10}{'posts/s':>10}{'× baseline':>12}")
    print(f"{'baseline: reading the export alone':38}{parse_seconds:10.2f}{args.posts / parse_seconds:10.0f}{1:12.1f}")
    print(
        f"{'import (both passes, redirects)':38}{import_seconds:10.2f}{rate:10.0f}{import_seconds / parse_seconds:12.1f}"
    )
    print(
        f"{'second run (nothing changed)':38}{rerun_seconds:10.2f}{args.posts / rerun_seconds:10.0f}"
        f"{rerun_seconds / parse_seconds:12.1f}"
    )
    print(
        f"\nProjection for {TARGET_POSTS:,} posts: {projected / 60:.1f} minutes, "
        f"{projected / TARGET_SECONDS:.2f} × the 10-minute target ({'meets' if projected <= TARGET_SECONDS else 'misses'} it)"
    )
    print(f"Made: {dict(report.things)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
