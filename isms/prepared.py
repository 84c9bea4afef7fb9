"""Server-side prepared statements for the few compiled queries every request makes.

PostgreSQL plans a query each time it receives it. For the signed-in person's query (six
subqueries: the login state, the session's device, permissions, unread notifications) the
planning cost more than the execution: ~0.4–0.8 ms of the database on every page, for a plan
that is the same for every person. psycopg2 sends each query as text, so nothing is reused.

A :class:`isms.compiled.CompiledQuery` made with ``prepare=True`` is ``PREPARE``d once per
database session (its SQL, with ``$1``, ``$2`` … in the sentinels' slots and every other
parameter inlined as psycopg2 quotes it) and then run with ``EXECUTE name(values)``: after a
few executions PostgreSQL keeps a generic plan and plans no more (``plan_cache_mode`` = auto:
only when that plan is estimated no worse than the custom ones).

A prepared statement lives in the database session, not in a transaction (a rollback keeps
it). Which statements a connection holds is kept on its ``DatabaseWrapper`` and forgotten when
Django opens a new connection (``connection_created``: a reconnect after a failed health check,
``CONN_MAX_AGE``). The ``PREPARE`` runs on the raw connection (not counted as a query of the
request), inside a savepoint when a transaction is open, so a refused one leaves the
transaction as it was and the query runs as plain SQL. Only PostgreSQL; other databases run the
SQL as before. Behind a pooler in transaction mode (PgBouncer), where a session's statements
do not last, turn it off: ``DATABASE_PREPARED_STATEMENTS=false``.
"""

from __future__ import annotations

import hashlib
import itertools
import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

_ATTR = "_isms_prepared"
_names = itertools.count(1)
_DUPLICATE_STATEMENT = "42P05"  # duplicate_prepared_statement
_UNKNOWN_STATEMENT = "26000"  # invalid_sql_statement_name: "prepared statement … does not exist"


def new_name() -> str:
    return f"isms_compiled_{next(_names)}"


class _Slot:
    """Quotes as ``$n`` in ``cursor.mogrify`` (psycopg2's adaptation protocol)."""

    def __init__(self, n: int):
        self.n = n

    def __conform__(self, protocol):
        return self

    def getquoted(self) -> bytes:
        return b"$%d" % self.n


def statement_text(raw_cursor, sql: str, params: list, slots: dict[str, list[int]]) -> tuple[str, list[str]]:
    """The statement's text with ``$1`` … in the slots of ``slots``' names (in their order),
    every other parameter inlined; and those names, in the order ``EXECUTE`` takes them."""
    order = list(slots)
    params = list(params)
    for n, name in enumerate(order, start=1):
        for i in slots[name]:
            params[i] = _Slot(n)
    return raw_cursor.mogrify(sql, params).decode(), order


def forget(connection) -> None:
    """The connection holds none of the statements (a new database session)."""
    connection.__dict__.pop(_ATTR, None)


def _forget_on_connect(sender, connection, **kwargs) -> None:
    forget(connection)


connection_created.connect(_forget_on_connect, dispatch_uid="isms_prepared_forget")


def ensure(connection, name: str, sql: str, params: list, slots: dict) -> list[str] | None:
    """Prepare ``name`` on ``connection`` (connected) if it is not yet; the sentinel names in
    ``EXECUTE``'s order, or None if it cannot be prepared (then run the plain SQL)."""
    prepared = connection.__dict__.setdefault(_ATTR, {})
    if name in prepared:
        return prepared[name]
    raw = connection.connection
    with raw.cursor() as cursor:
        text, order = statement_text(cursor, sql, params, slots)
        in_transaction = not raw.autocommit
        if in_transaction:
            try:
                cursor.execute("SAVEPOINT isms_prepare")
            except Exception:  # noqa: BLE001 - e.g. a failed transaction: the plain SQL says so
                return None
        try:
            cursor.execute(f"PREPARE {name} AS {text}")
        except Exception as error:  # noqa: BLE001 - the plain SQL answers the same, planned each time
            if in_transaction:
                cursor.execute("ROLLBACK TO SAVEPOINT isms_prepare")
                cursor.execute("RELEASE SAVEPOINT isms_prepare")
            if getattr(error, "pgcode", None) == _DUPLICATE_STATEMENT:
                # The session holds it already (forgotten after an error): one name, one SQL.
                prepared[name] = order
                return order
            logger.warning("Kunde inte förbereda %s; frågan körs som vanlig SQL.", name, exc_info=True)
            prepared[name] = None
            return None
        if in_transaction:
            cursor.execute("RELEASE SAVEPOINT isms_prepare")
    prepared[name] = order
    return order


def execute(connection, cursor, name: str, sql: str, params: list, slots: dict, values: dict) -> bool:
    """Run the prepared statement ``name`` with ``values`` on ``cursor`` (Django's, so it counts
    as the request's query), preparing it first if this connection does not hold it yet. False:
    it cannot be prepared here; run the plain SQL instead.

    A statement the session lost (``DEALLOCATE``, a pooler handing over another session) is
    prepared again and run once more outside a transaction; inside one the error stands (the
    transaction is broken), and the connection forgets its statements for the next request."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        return False
    for attempt in (1, 2):
        order = ensure(connection, name, sql, params, slots)
        if order is None:
            return False
        # ``EXECUTE name()`` is a syntax error: a statement without parameters takes none.
        execute_sql = f"EXECUTE {name}({', '.join(['%s'] * len(order))})" if order else f"EXECUTE {name}"
        try:
            cursor.execute(execute_sql, [values[n] for n in order])
        except DatabaseError as error:
            if getattr(error.__cause__, "pgcode", None) != _UNKNOWN_STATEMENT:
                raise
            forget(connection)
            if attempt == 2 or connection.in_atomic_block:
                raise
            continue
        if connection.queries_logged:
            _log_statement(connection, cursor, name, sql, params, slots, values)
        return True
    return False  # not reached


def _log_statement(connection, cursor, name, sql, params, slots, values) -> None:
    """Where queries are logged (``DEBUG``, tests' ``CaptureQueriesContext``): the entry of the
    ``EXECUTE`` shows the statement's SQL with the values, and names the statement, so the log
    reads as before (``EXECUTE isms_compiled_2(3)`` says nothing of what it read)."""
    log = connection.queries_log
    if not log or log[-1]["sql"].split("(", 1)[0] != f"EXECUTE {name}":
        return
    params = list(params)
    for key, value in values.items():
        for i in slots[key]:
            params[i] = value
    text = cursor.cursor.mogrify(sql, params).decode()
    log[-1]["sql"] = f"{text} /* prepared statement {name} */"


def execute_sql(cursor, sql: str, params, *, slots=None, values=None, using: str = "default") -> None:
    """Run Django's ``sql`` (``%s`` placeholders) with ``params`` on ``cursor`` (Django's cursor
    of ``using``): on PostgreSQL as a statement prepared once per session (:func:`execute`,
    named by its text), elsewhere, or if it cannot be prepared, as plain SQL.

    ``slots`` (name -> positions in ``params``) and ``values`` (name -> value) are the
    statement's own parameters; every other parameter is written into its text (a constant of
    the query, as in a compiled read). By default every parameter is one of its own."""
    connection = connections[using]
    params = list(params)
    if slots is None:
        slots = {f"p{i}": [i] for i in range(len(params))}
        values = {f"p{i}": value for i, value in enumerate(params)}
    if connection.vendor == "postgresql":
        taken = {i for positions in slots.values() for i in positions}
        constants = [(i, value) for i, value in enumerate(params) if i not in taken]
        key = repr((sql, sorted(slots.items()), constants)).encode()
        name = "isms_sql_" + hashlib.sha256(key).hexdigest()[:24]
        if execute(connection, cursor, name, sql, params, slots, values):
            return
    for slot, positions in slots.items():
        for i in positions:
            params[i] = values[slot]
    cursor.execute(sql, params)
