"""On PostgreSQL, the database itself refuses to change or delete ballots, the voter register and
the ballot log (the models refuse it on every database)."""

from django.db import migrations

TABLES = ("assembly_ballot", "assembly_voterregister", "assembly_logentry")

CREATE = """
CREATE OR REPLACE FUNCTION assembly_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION assembly_append_only();"
DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_append_only ON {table};"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        for table in TABLES:
            schema_editor.execute(TRIGGER.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(DROP_TRIGGER.format(table=table))
        schema_editor.execute("DROP FUNCTION IF EXISTS assembly_append_only();")


class Migration(migrations.Migration):
    dependencies = [("assembly", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
