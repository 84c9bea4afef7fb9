"""The archive append-only in the database, on SQLite and PostgreSQL alike.

Replaces the guard of migration 0003, which let ``ordered_by`` change and, on SQLite, a finished
report be deleted, and did not cover the logs:

- a finished (klar) report: no column changes (the id and ``ordered_by`` included) and the row
  is never deleted; an unfinished one (köad, genereras, misslyckad) still moves through its
  states and may be removed;
- the download log and the integrity alarms (an audit log of refused downloads): insert only,
  no UPDATE, no DELETE;
- PostgreSQL: no TRUNCATE of any of the three tables either.

The user links become ``PROTECT``: deleting an account in the archive would rewrite it (SET
NULL); such an account is deactivated instead.

``flush`` (transactional tests, ``live_server``) empties every table, the archive included: on
SQLite it deletes row by row and on PostgreSQL it truncates, so ``rapporter``'s ``flush`` command
lifts these triggers inside the flush's own transaction and puts them back
(``rapporter/management/commands/flush.py``).

Note for SQLite: a later migration that rebuilds one of these tables (SQLite's ALTER TABLE
emulation) drops its triggers; such a migration must create them again (call ``create``).
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models



REPORT = "rapporter_report"
DOWNLOADS = "rapporter_reportdownload"
ALARMS = "rapporter_reportintegrityalarm"
LOGS = (DOWNLOADS, ALARMS)
REPORT_COLUMNS = (
    "id", "kind", "unit_id", "year", "status", "ordered_by_id", "scheduled", "schedule_key",
    "created_at", "started_at", "finished_at", "attempts", "error", "file", "sha256", "size",
    "parameters",
)
FROZEN = "rapporter: a finished report in the archive cannot be changed or deleted"
INSERT_ONLY = "rapporter: the log is insert-only"

_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in REPORT_COLUMNS)
SQLITE_CREATE = [
    f"""CREATE TRIGGER rapport_archive_update BEFORE UPDATE ON {REPORT}
    FOR EACH ROW WHEN OLD.status = 'done' AND ({_changed})
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;""",
    f"""CREATE TRIGGER rapport_archive_delete BEFORE DELETE ON {REPORT}
    FOR EACH ROW WHEN OLD.status = 'done'
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;""",
    *(
        f"""CREATE TRIGGER {table}_{op.lower()} BEFORE {op} ON {table}
        FOR EACH ROW BEGIN SELECT RAISE(ABORT, '{INSERT_ONLY}'); END;"""
        for table in LOGS for op in ("UPDATE", "DELETE")
    ),
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS rapport_archive_update;",
    "DROP TRIGGER IF EXISTS rapport_archive_delete;",
    *(f"DROP TRIGGER IF EXISTS {t}_{op};" for t in LOGS for op in ("update", "delete")),
]

# ``%%``: Django's PostgreSQL schema editor interpolates parameters into every statement.
POSTGRES_CREATE = [
    f"""CREATE FUNCTION rapport_archive_guard() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'done' AND (TG_OP = 'DELETE' OR NEW IS DISTINCT FROM OLD) THEN
        RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE FUNCTION rapport_insert_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION '{INSERT_ONLY} (%%: %%)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER rapport_archive BEFORE UPDATE OR DELETE ON {REPORT}
    FOR EACH ROW EXECUTE FUNCTION rapport_archive_guard();""",
    *(
        f"""CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION rapport_insert_only();"""
        for table in LOGS
    ),
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION rapport_insert_only();"""
        for table in (REPORT, *LOGS)
    ),
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS rapport_archive ON {REPORT};",
    *(f"DROP TRIGGER IF EXISTS {t}_insert_only ON {t};" for t in LOGS),
    *(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};" for t in (REPORT, *LOGS)),
    "DROP FUNCTION IF EXISTS rapport_archive_guard();",
    "DROP FUNCTION IF EXISTS rapport_insert_only();",
]

# The guard this migration replaces (dropped going forward, restored going back).
_previous = importlib.import_module("rapporter.migrations.0003_frozen_archive_triggers")


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


def forward(apps, schema_editor):
    _previous.drop(apps, schema_editor)
    create(apps, schema_editor)


def backward(apps, schema_editor):
    drop(apps, schema_editor)
    _previous.create(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('rapporter', '0003_frozen_archive_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='ordered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='beställd av'),
        ),
        migrations.AlterField(
            model_name='reportdownload',
            name='user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='användare'),
        ),
        migrations.AlterField(
            model_name='reportintegrityalarm',
            name='user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='användare'),
        ),
        migrations.RunPython(forward, backward),
    ]
