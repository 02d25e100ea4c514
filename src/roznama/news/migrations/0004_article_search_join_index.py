"""An index for search on PostgreSQL: Wagtail's database search backend joins its index
entries to the articles on ``object_id = page_ptr_id::varchar(50)`` (a text column), which
the primary key cannot serve; without this index every search reads every article.  With
it, a search reads the articles it matched."""

from django.db import migrations

NAME = "news_articlepage_ptr_text_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON news_articlepage ((page_ptr_id::varchar(50)))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("news", "0003_section_listing_index")]

    operations = [migrations.RunPython(create, drop)]
