"""An index for section listings: a section's live articles, newest first, a page at a time,
read in order from the index however large the archive (see services.section_articles).

Wagtail keeps the tree in ``path`` (four characters a level); a section sits at depth 3, so
its articles' paths start with its own twelve.  The index is on those twelve characters,
then the listing's order.  On PostgreSQL it holds live pages only.
"""

from django.db import migrations

NAME = "news_section_listing_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page "
            "((SUBSTRING(path, 1, 12)), first_published_at DESC, id DESC) WHERE live"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page "
            "(SUBSTR(path, 1, 12), first_published_at DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_articlepage_withdrawn_at_articlepage_withdrawn_by"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
