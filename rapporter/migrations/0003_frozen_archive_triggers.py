"""Database-level guard for the archive: a finished (klar) report's row never changes.

Defence in depth behind ``rapporter.services`` (the only writers) and ``Report.save()``: it also
stops ``QuerySet.update()``, raw SQL and the admin. ``ordered_by_id`` is exempt (SET_NULL when an
account is removed). On PostgreSQL deleting a finished report is refused too (``flush`` in tests
uses TRUNCATE, which row triggers do not see); on SQLite, whose ``flush`` deletes row by row,
deletes are guarded by ``ReportQuerySet.delete()`` / ``Report.delete()`` only.

Note for SQLite: a later migration that rebuilds ``rapporter_report`` (SQLite's ALTER TABLE
emulation) drops these triggers; such a migration must create them again (call ``create``).
"""

from django.db import migrations

TABLE = "rapporter_report"
COLUMNS = (
    "kind", "unit_id", "year", "status", "scheduled", "schedule_key", "created_at", "started_at",
    "finished_at", "attempts", "error", "file", "sha256", "size", "parameters",
)
MESSAGE = "rapporter: a finished report in the archive cannot be changed"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER rapport_frozen_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW WHEN OLD.status = 'done' AND ({' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in COLUMNS)})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS rapport_frozen_update;"]

_pg_old = ", ".join(f"OLD.{c}" for c in COLUMNS)
_pg_new = ", ".join(f"NEW.{c}" for c in COLUMNS)
POSTGRES_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION rapport_frozen_guard() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'done' THEN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF ROW({_pg_new}) IS DISTINCT FROM ROW({_pg_old}) THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER rapport_frozen BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION rapport_frozen_guard();
    """,
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS rapport_frozen ON {TABLE};",
    "DROP FUNCTION IF EXISTS rapport_frozen_guard();",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("rapporter", "0002_integrity_alarm")]

    operations = [migrations.RunPython(create, drop)]
