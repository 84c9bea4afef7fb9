"""Append-only at the database level.

PostgreSQL: a row trigger refuses UPDATE and DELETE on the audit events (migration 0002), but
the one update that links a pending event into the chain (its content unchanged).
TRUNCATE is a table owner's statement that row triggers do not see; the chain's head row then
points past the emptied table and verification reports it.

SQLite: the same triggers; DELETE is allowed only while :data:`PURGE_ALLOWED` is on — a flag of
this process, set by nothing but the test suite's database flush (``tests/conftest.py``). The
trigger calls the SQL function ``sparbarhet_purge_allowed()``, registered on every connection
Django opens; the sqlite3 shell does not have it, so a DELETE there fails too.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created

PURGE_ALLOWED = False


def _purge_allowed() -> int:
    return 1 if PURGE_ALLOWED else 0


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("sparbarhet_purge_allowed", 0, _purge_allowed)


def install() -> None:
    connection_created.connect(_register, dispatch_uid="sparbarhet_purge_allowed")
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _register(None, conn)


MESSAGE = "Granskningsloggen får bara utökas: ändringar och borttagningar är inte tillåtna."

# An event's content: never changed once written. The one update allowed is linking a pending
# event (``seq`` empty) into the chain, which sets ``seq``, ``prev_hash`` and ``hash`` only.
CONTENT_COLUMNS = (
    "id", "occurred_at", "kind", "action", "actor_id", "unit_id", "object_type", "object_id",
    "history_id", "client_address", "details",
)
_new = ", ".join(f"NEW.{c}" for c in CONTENT_COLUMNS)
_old = ", ".join(f"OLD.{c}" for c in CONTENT_COLUMNS)
_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT_COLUMNS)

POSTGRES_INSTALL = f"""
CREATE OR REPLACE FUNCTION sparbarhet_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND ({_new}) IS NOT DISTINCT FROM ({_old}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE} (% på %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER sparbarhet_auditevent_append_only
    BEFORE UPDATE OR DELETE ON sparbarhet_auditevent
    FOR EACH ROW EXECUTE FUNCTION sparbarhet_append_only();
"""
POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS sparbarhet_auditevent_append_only ON sparbarhet_auditevent;
DROP FUNCTION IF EXISTS sparbarhet_append_only();
"""
SQLITE_INSTALL = [
    f"""CREATE TRIGGER sparbarhet_auditevent_no_update BEFORE UPDATE ON sparbarhet_auditevent
    WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {_changed}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER sparbarhet_auditevent_no_delete BEFORE DELETE ON sparbarhet_auditevent
    WHEN sparbarhet_purge_allowed() = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS sparbarhet_auditevent_no_update",
    "DROP TRIGGER IF EXISTS sparbarhet_auditevent_no_delete",
]


def triggers_install(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def triggers_remove(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)
