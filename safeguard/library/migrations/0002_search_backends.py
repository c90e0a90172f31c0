"""The search index's backend-specific parts: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Each runs only on its own database (the other backend skips it), so one migration history
serves both.
"""

from django.db import DatabaseError, migrations, transaction

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5("
    "title, abstract, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS library_fts"
PG_CREATE = "CREATE INDEX IF NOT EXISTS library_unit_vector_gin ON library_searchunit USING gin (search_vector)"
PG_DROP = "DROP INDEX IF EXISTS library_unit_vector_gin"
# One text search configuration per language that also folds accents ("nino" finds "niños"),
# as Python does for SQLite. Without the unaccent extension they are plain copies.
PG_LANGUAGES = {"english": "english_stem", "french": "french_stem", "spanish": "spanish_stem", "simple": "simple"}


def create_pg_configs(schema_editor):
    connection = schema_editor.connection
    try:
        with connection.cursor() as cursor, transaction.atomic(using=connection.alias):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        unaccent = True
    except DatabaseError:
        unaccent = False
    with connection.cursor() as cursor:
        for language, dictionary in PG_LANGUAGES.items():
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS library_{language}")
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION library_{language} (COPY = {language})")
            if unaccent:
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION library_{language} ALTER MAPPING FOR"
                    f" hword, hword_part, word WITH unaccent, {dictionary}"
                )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        create_pg_configs(schema_editor)
        schema_editor.execute(PG_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DROP)
        for language in PG_LANGUAGES:
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS library_{language}")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
