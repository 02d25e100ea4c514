"""English stemming in the SQLite search index too ("flooding" finds "floods"), as PostgreSQL's
english configuration gives production: Wagtail's SQLite backend creates its FTS5 table with
FTS5's default tokenizer, which does not stem.  The table is rebuilt with Porter's stemmer over
the same unicode61 tokenizer and refilled from the index entries (its triggers keep it filled
afterwards; they name the table, not its tokenizer)."""

from django.db import migrations

ENTRIES = "wagtailsearch_indexentry"
FTS = f"{ENTRIES}_fts"


def _rebuild(schema_editor, tokenize: str) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
        if cursor.fetchone() is None:
            return  # SQLite built without FTS5: the backend falls back to plain matching
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title{tokenize})")
        cursor.execute(f"INSERT INTO {FTS} (rowid, title, body, autocomplete) "  # nosec B608 - table names are the module's constants, no input
                       f"SELECT id, title, body, autocomplete FROM {ENTRIES}")


def stem(apps, schema_editor):
    _rebuild(schema_editor, ", tokenize = 'porter unicode61'")


def unstem(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("news", "0004_article_search_join_index"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(stem, unstem)]
