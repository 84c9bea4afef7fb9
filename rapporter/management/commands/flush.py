"""Django's ``flush``, with the report archive's append-only triggers lifted for the flush.

``flush`` empties every table (transactional tests and ``live_server`` run it after each test;
``manage.py flush`` on purpose). The archive's triggers (migration 0004) refuse deleting a
finished report or a log row, which on SQLite is what ``flush`` does (DELETE row by row), and on
PostgreSQL they refuse the TRUNCATE that ``flush`` uses. So, in one transaction: take the
triggers off the archive tables, flush, put them back exactly as they were. If the flush fails,
the transaction rolls back and the triggers are untouched. Nothing else changes in the command.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from rapporter.models import Report, ReportDownload, ReportIntegrityAlarm

ARCHIVE_TABLES = tuple(m._meta.db_table for m in (Report, ReportDownload, ReportIntegrityAlarm))


def _lift_sqlite(cursor) -> list[str]:
    cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    triggers = [(name, sql) for name, table, sql in cursor.fetchall() if table in ARCHIVE_TABLES]
    for name, _sql in triggers:
        cursor.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in triggers]


def _lift_postgresql(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s) "
        "AND c.relnamespace = to_regnamespace(current_schema())",
        [list(ARCHIVE_TABLES)],
    )
    restore = []
    for table, name in cursor.fetchall():
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
        restore.append(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"')
    return restore


LIFT = {"sqlite": _lift_sqlite, "postgresql": _lift_postgresql}


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        lift = LIFT.get(connection.vendor)
        if lift is None:
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                restore = lift(cursor)
            super().handle(**options)
            with connection.cursor() as cursor:
                for sql in restore:
                    cursor.execute(sql)
