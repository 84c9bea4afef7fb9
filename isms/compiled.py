"""A queryset's SQL built once per process, for the few queries every request makes.

Django builds and compiles a queryset's SQL anew each time it runs: for the queries of every
authenticated request (the signed-in person with their login-state columns, their memberships)
that costs ~0.5–1.5 ms of Python each, several times the database's own time. A
:class:`CompiledQuery` builds the queryset once (per process and database connection) with
*sentinel* values for what changes between requests (a user's id), keeps the SQL, and runs it
again with the request's values in the sentinels' parameter slots. The rows become model
instances exactly as Django's own ``ModelIterable`` makes them (the compiler's converters,
``from_db``, ``select_related`` and annotations), so callers get the same objects as from the
queryset.

Only for values compared with ``=`` (ids): a value that changes the SQL's shape (``None`` as
``IS NULL``, a list for ``__in``) has no single parameter slot. The sentinels must each reach the
parameters as themselves, once or more (ints and strings do on every database; an int within
the column's range, a 32-bit one for an ``AutoField``: Django leaves an out-of-range lookup out
of the SQL); a build that loses one is refused at its first use.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class _Plan:
    """The compiled form of one queryset on one connection."""

    def __init__(self, queryset: QuerySet, sentinels: dict, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = {}
        for name, sentinel in sentinels.items():
            found = [
                i for i, p in enumerate(params) if type(p) is type(sentinel) and p == sentinel
            ]
            if not found:
                raise ImproperlyConfigured(
                    f"CompiledQuery: the sentinel {name}={sentinel!r} is not in the parameters."
                )
            slots[name] = found
        select, klass_info = compiler.select, compiler.klass_info
        select_fields = klass_info["select_fields"]
        self.sql, self.params, self.slots = sql, params, slots
        self.compiler = compiler
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        self.model = klass_info["model"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
        self.related_populators = get_related_populators(klass_info, select, queryset.db)
        self.annotation_col_map = dict(compiler.annotation_col_map or {})
        self.db = queryset.db


class CompiledQuery:
    """``build(**sentinels)`` returns the queryset; ``objects(**values)`` runs its SQL with
    ``values`` in place of the sentinels and returns the model instances.

    ``key`` (optional) tells apart variants of one query whose SQL differs (e.g. a subquery on
    another table): each key is built once, with ``build(key=key, **sentinels)``."""

    _plan_class = _Plan

    def __init__(self, build: Callable[..., QuerySet], **sentinels):
        self._build = build
        self._sentinels = sentinels
        # One set of plans per database connection object (per thread): the compiler's
        # converters are bound to the connection they were made for.
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _plan(self, connection, key) -> _Plan:
        plans = self._plans.get(connection)
        if plans is None:
            with self._lock:
                plans = self._plans.setdefault(connection, {})
        plan = plans.get(key)
        if plan is None:
            kwargs = {"key": key} if key is not None else {}
            queryset = self._build(**kwargs, **self._sentinels)
            plan = plans[key] = self._plan_class(queryset, self._sentinels, connection)
        return plan

    def objects(self, *, using: str = "default", key=None, **values) -> list:
        if set(values) != set(self._sentinels):
            raise TypeError(f"CompiledQuery expects {sorted(self._sentinels)}, got {sorted(values)}")
        connection = connections[using]
        plan = self._plan(connection, key)
        params = list(plan.params)
        for name, value in values.items():
            for slot in plan.slots[name]:
                params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        result = []
        for row in rows:
            obj = plan.model.from_db(plan.db, plan.init_list, row[plan.start:plan.end])
            for populator in plan.related_populators:
                populator.populate(row, obj)
            for attr_name, col_pos in plan.annotation_col_map.items():
                setattr(obj, attr_name, row[col_pos])
            result.append(obj)
        return result


class _RowsPlan:
    """The compiled form of one ``values_list`` queryset on one connection."""

    def __init__(self, queryset: QuerySet, sentinels: dict, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        self.slots = {}
        for name, sentinel in sentinels.items():
            found = [
                i for i, p in enumerate(params) if type(p) is type(sentinel) and p == sentinel
            ]
            if not found:
                raise ImproperlyConfigured(
                    f"CompiledRows: the sentinel {name}={sentinel!r} is not in the parameters."
                )
            self.slots[name] = found
        self.sql, self.params, self.compiler = sql, params, compiler
        self.converters = compiler.get_converters(
            [s[0] for s in compiler.select[: compiler.col_count]]
        )
        # The SQL selects the columns in ``values_list``'s order; columns added only to order
        # by are cut off, as the compiler's ``execute_sql`` does.
        self.width = compiler.col_count if compiler.has_extra_select else None


class CompiledRows(CompiledQuery):
    """:class:`CompiledQuery` for a ``values_list`` queryset: ``rows(**values)`` returns its
    rows as tuples, as the queryset gives them (converted, in its column order), without
    building model instances: for reads of many rows."""

    _plan_class = _RowsPlan

    def objects(self, **values):
        raise TypeError("CompiledRows gives rows: rows(**values)")

    def rows(self, *, using: str = "default", key=None, **values) -> list[tuple]:
        if set(values) != set(self._sentinels):
            raise TypeError(f"CompiledRows expects {sorted(self._sentinels)}, got {sorted(values)}")
        connection = connections[using]
        plan = self._plan(connection, key)
        params = list(plan.params)
        for name, value in values.items():
            for slot in plan.slots[name]:
                params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.width is not None:
            rows = [row[: plan.width] for row in rows]
        if plan.converters:
            rows = [tuple(row) for row in plan.compiler.apply_converters(rows, plan.converters)]
        return rows
