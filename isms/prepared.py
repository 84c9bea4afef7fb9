"""Server-side prepared statements on PostgreSQL, for the few big fixed queries whose planning
costs more than their execution.

PostgreSQL plans every statement it receives anew. For a query of fifty ``UNION ALL`` branches
(a person's history records counted in every history table, ``sparbarhet.personal_data``) that
is ~2 ms of planning for ~0.5 ms of execution, on every page. A statement prepared once per
database session (``PREPARE``) is planned once (or, after a few runs, with a generic plan kept
for the session) and run with ``EXECUTE`` and its parameters.

:func:`execute` prepares a statement the first time a session runs it and remembers that per
session (the driver connection and its server process: a new connection after a drop or
``CONN_MAX_AGE`` prepares again). Prepared statements are not transactional: a rollback keeps
them. On other databases the query runs as it is.

The statement's name is derived from its SQL, so two queries never share one and a changed
query (another set of tables) gets its own. The one-off ``PREPARE`` goes through the driver's
own cursor, beside Django's query log: like the session's settings when it connects, it is a
cost of the connection, not of the page (a page's queries are the ``EXECUTE``).
"""

from __future__ import annotations

import hashlib

from django.db import connections

_SESSION_ATTR = "_isms_prepared"


def _session_key(raw) -> tuple:
    backend_pid = raw.get_backend_pid() if hasattr(raw, "get_backend_pid") else raw.info.backend_pid
    return id(raw), backend_pid


def statement_name(sql: str) -> str:
    return "isms_" + hashlib.sha256(sql.encode("utf-8")).hexdigest()[:24]


def execute(cursor, sql: str, params, *, pg_sql: str, pg_params, using: str = "default"):
    """Run a query on ``cursor`` (a Django cursor of ``using``): ``sql`` with ``params`` (its
    ``%s`` placeholders), or on PostgreSQL ``pg_sql`` (the same query with ``$1``, ``$2``…
    placeholders) prepared once per session and executed with ``pg_params``. The caller fetches
    the rows from ``cursor``."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    raw = connection.connection
    key = _session_key(raw)
    session = getattr(connection, _SESSION_ATTR, None)
    if session is None or session[0] != key:
        session = (key, set())
        setattr(connection, _SESSION_ATTR, session)
    name = statement_name(pg_sql)
    if name not in session[1]:
        # The driver's cursor: no parameters are interpolated into the prepared text.
        cursor.cursor.execute(f"PREPARE {name} AS {pg_sql}")
        session[1].add(name)
    placeholders = ", ".join(["%s"] * len(pg_params))
    cursor.execute(f"EXECUTE {name}({placeholders})" if pg_params else f"EXECUTE {name}",
                   list(pg_params))


# --- Django's SQL (``%s`` placeholders) prepared as it is -----------------------------------------

def _pg_type(value) -> str:
    """The declared type of a parameter, as the driver would type its literal: an int, a bool,
    a date or a time typed; a string or None left to PostgreSQL to infer from where it is used
    (as it infers a quoted literal's type)."""
    import datetime as dt

    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, dt.datetime):
        return "timestamptz" if value.tzinfo is not None else "timestamp"
    if isinstance(value, dt.date):
        return "date"
    return "unknown"


def _dollars(sql: str) -> tuple[str, int]:
    """``sql`` with its ``%s`` placeholders numbered ``$1``, ``$2``… and ``%%`` as ``%`` (the
    driver's escapes; the prepared text is sent without parameters), and how many there are."""
    out, count, i = [], 0, 0
    while i < len(sql):
        ch = sql[i]
        if ch == "%" and i + 1 < len(sql):
            nxt = sql[i + 1]
            if nxt == "s":
                count += 1
                out.append(f"${count}")
                i += 2
                continue
            if nxt == "%":
                out.append("%")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out), count


def execute_django_sql(cursor, sql: str, params, *, using: str = "default"):
    """Run Django's ``sql`` (``%s`` placeholders) with ``params`` on ``cursor``, prepared once
    per session on PostgreSQL (the types of the parameters declared from the values of the
    first run that prepares it: :func:`_pg_type`). For the SQL of a compiled read
    (``isms.compiled``), whose shape never changes and whose parameters keep their types."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    pg_sql, count = _dollars(sql)
    if count != len(params):
        cursor.execute(sql, params)
        return
    types = ", ".join(_pg_type(p) for p in params)
    typed = f"({types}) AS {pg_sql}" if params else f"AS {pg_sql}"
    name = statement_name(typed)
    raw = connection.connection
    key = _session_key(raw)
    session = getattr(connection, _SESSION_ATTR, None)
    if session is None or session[0] != key:
        session = (key, set())
        setattr(connection, _SESSION_ATTR, session)
    if name not in session[1]:
        cursor.cursor.execute(f"PREPARE {name} {typed}")
        session[1].add(name)
    if params:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", list(params))
    else:
        cursor.execute(f"EXECUTE {name}")
