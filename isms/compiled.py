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

from . import prepared


class _Plan:
    """The compiled form of one queryset on one connection."""

    def __init__(self, queryset: QuerySet, sentinels: dict, connection, prepare: bool = False):
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
        # The server-side prepared statement's name (``prepare=True`` on PostgreSQL).
        self.prepared_name = (
            prepared.new_name() if prepare and connection.vendor == "postgresql" else None
        )


class CompiledQuery:
    """``build(**sentinels)`` returns the queryset; ``objects(**values)`` runs its SQL with
    ``values`` in place of the sentinels and returns the model instances.

    ``key`` (optional) tells apart variants of one query whose SQL differs (e.g. a subquery on
    another table): each key is built once, with ``build(key=key, **sentinels)``.

    ``prepare=True``: on PostgreSQL the SQL is a server-side prepared statement, planned once
    per database session rather than on every run (``isms.prepared``): for the queries of every
    request whose planning costs more than their execution."""

    _plan_class = _Plan

    def __init__(self, build: Callable[..., QuerySet], *, prepare: bool = False, **sentinels):
        self._build = build
        self._sentinels = sentinels
        self._prepare = prepare
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
            plan = plans[key] = self._plan_class(
                queryset, self._sentinels, connection, prepare=self._prepare
            )
        return plan

    def objects(self, *, using: str = "default", key=None, **values) -> list:
        if set(values) != set(self._sentinels):
            raise TypeError(f"CompiledQuery expects {sorted(self._sentinels)}, got {sorted(values)}")
        connection = connections[using]
        plan = self._plan(connection, key)
        with connection.cursor() as cursor:  # connects (and checks the connection) first
            if not (plan.prepared_name and prepared.execute(
                connection, cursor, plan.prepared_name, plan.sql, plan.params, plan.slots, values
            )):
                params = list(plan.params)
                for name, value in values.items():
                    for slot in plan.slots[name]:
                        params[slot] = value
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


# --- Grouped rows (values_list) with lists of ids and dates -------------------------------------

class Ids:
    """A sentinel for a list of ids compared with ``__in``: the SQL has one parameter slot per
    id, so it is built once per number of ids (``base``, ``base - 1``, ... stand for them: two
    lists of one query need bases far apart, an overlap is refused at the build)."""

    def __init__(self, base: int):
        self.base = base

    def values(self, n: int) -> list[int]:
        return [self.base - i for i in range(n)]


def _adapters(connection, sentinel) -> list:
    """How a value may reach the parameters: as itself, or as the backend adapts a date or a
    datetime (SQLite passes them as text)."""
    import datetime as dt

    ops = connection.ops
    if isinstance(sentinel, dt.datetime):
        return [lambda v: v, ops.adapt_datetimefield_value]
    if isinstance(sentinel, dt.date):
        return [lambda v: v, ops.adapt_datefield_value]
    return [lambda v: v]


# Longer lists of ids are compiled for each use (a plan per length would be kept otherwise).
MAX_KEPT_IDS = 100
# The longest list of ids a prepared statement takes (``CompiledRows(prepare=True)``).
PREPARED_MAX_IDS = 8


class CompiledRows:
    """Like :class:`CompiledQuery`, for a ``values_list`` queryset (grouped counts per unit):
    ``build(**sentinels)`` returns it; ``rows(**values)`` runs its SQL with ``values`` in the
    sentinels' slots and returns the tuples (the compiler's converters applied). A sentinel is
    an int or a string (an id compared with ``=``), a date or a datetime (compared with ``<``,
    ``>=`` ...: any comparison keeps one slot), or :class:`Ids` (``__in`` a list of ids; the SQL
    is built once per length of the list up to ``MAX_KEPT_IDS``, and an empty list runs no
    query). ``key`` (optional) tells apart variants whose SQL differs, as for
    :class:`CompiledQuery`: each built once, with ``build(key=key, **sentinels)``.

    ``prepare=True``: on PostgreSQL the SQL is a server-side prepared statement, planned once
    per database session (``isms.prepared.execute_sql``), as for :class:`CompiledQuery`. With
    :class:`Ids` sentinels the SQL differs with each list's length: a statement per length,
    only while every list has at most ``PREPARED_MAX_IDS`` ids (a person's units, a page's
    few services), so a session holds a bounded number of them; longer lists run as plain
    SQL."""

    def __init__(self, build: Callable[..., QuerySet], *, prepare: bool = False, **sentinels):
        self._build = build
        self._sentinels = sentinels
        self._prepare = prepare
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _plan(self, connection, key, lengths: tuple):
        plans = self._plans.get(connection)
        if plans is None:
            with self._lock:
                plans = self._plans.setdefault(connection, {})
        plan = plans.get((key, lengths))
        if plan is None:
            plan = self._make(connection, key, lengths)
            if all(n <= MAX_KEPT_IDS for _name, n in lengths):
                plans[(key, lengths)] = plan
        return plan

    def _make(self, connection, key, lengths: tuple):
        ids = dict(lengths)
        args = {name: s.values(ids[name]) if isinstance(s, Ids) else s
                for name, s in self._sentinels.items()}
        if key is not None:
            args["key"] = key
        compiler = self._build(**args).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = {}
        for name, sentinel in args.items():
            if name == "key" and key is not None:
                continue
            wanted = sentinel if isinstance(sentinel, list) else [sentinel]
            found = []
            for i, one in enumerate(wanted):
                for adapt in _adapters(connection, one):
                    form = adapt(one)
                    hits = [j for j, p in enumerate(params) if type(p) is type(form) and p == form]
                    if hits:
                        found.append((i, adapt, hits))
                        break
                else:
                    raise ImproperlyConfigured(
                        f"CompiledRows: the sentinel {name}={one!r} is not in the parameters."
                    )
            slots[name] = found
        claimed = [j for found in slots.values() for _i, _adapt, hits in found for j in hits]
        if len(claimed) != len(set(claimed)):
            raise ImproperlyConfigured(
                "CompiledRows: two sentinels share a parameter (lists of ids overlapping?)."
            )
        converters = compiler.get_converters(
            [s[0] for s in compiler.select[: compiler.col_count]]
        )
        return sql, params, slots, compiler, converters

    def rows(self, *, using: str = "default", key=None, **values) -> list[tuple]:
        if set(values) != set(self._sentinels):
            raise TypeError(f"CompiledRows expects {sorted(self._sentinels)}, got {sorted(values)}")
        lists = {}
        for name, sentinel in self._sentinels.items():
            if isinstance(sentinel, Ids):
                lists[name] = list(dict.fromkeys(values[name]))  # ``__in`` drops repeats too
                if not lists[name]:
                    return []
        connection = connections[using]
        sql, params, slots, compiler, converters = self._plan(
            connection, key, tuple(sorted((name, len(v)) for name, v in lists.items()))
        )
        params = list(params)
        for name, found in slots.items():
            value = lists.get(name, values[name])
            for i, adapt, hits in found:
                one = value[i] if name in lists else value
                for slot in hits:
                    params[slot] = adapt(one)
        with connection.cursor() as cursor:
            if self._prepare and all(len(v) <= PREPARED_MAX_IDS for v in lists.values()):
                # Each value as the SQL has it, in its own slots: a sentinel's, or for a list
                # each id's (``name`` and its position in the list).
                named_slots, named_values = {}, {}
                for name, found in slots.items():
                    for i, adapt, hits in found:
                        slot = f"{name}.{i}" if name in lists else name
                        named_slots[slot] = hits
                        named_values[slot] = adapt(lists[name][i] if name in lists else values[name])
                prepared.execute_sql(cursor, sql, params, slots=named_slots,
                                     values=named_values, using=using)
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall()
        # Columns beyond ``col_count`` are the ordering's, added for a DISTINCT: not the rows'.
        width = compiler.col_count
        rows = [r[:width] for r in rows]
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(r) for r in rows]



# --- One read in a few shapes, by which of its values a call gives ------------------------------

class CompiledVariants:
    """One read whose SQL takes a few shapes, chosen by which of its values a call has: a
    person's units if they have any, a chosen unit if one is, a grant list if non-empty.
    ``build(**given)`` returns the ``values_list`` queryset for the sentinels given (the others
    are not passed: the build's defaults, ``None``, say what their absence means);
    ``rows(**values)`` runs the :class:`CompiledRows` of the names whose value is not ``None``
    (``None`` changes the SQL's shape anyway: no condition, or ``IS NULL``), so a call site
    passes ``unit_ids=units or None`` instead of choosing among compiled reads itself.

    Each set of names given is a :class:`CompiledRows` of its own, made at its first use (once
    per process, under a lock) from this read's sentinels for those names: its SQL built once
    per number of ids and, with ``prepare=True``, prepared on PostgreSQL. As there, an empty
    :class:`Ids` list given runs no query (``[]``). ``key`` (optional, hashable) tells apart
    variants whose SQL differs without a sentinel: passed on to ``build(key=key, ...)`` as
    :class:`CompiledRows` does."""

    def __init__(self, build: Callable[..., QuerySet], *, prepare: bool = False, **sentinels):
        self._build = build
        self._sentinels = sentinels
        self._prepare = prepare
        self._variants: dict[frozenset, CompiledRows] = {}
        self._lock = threading.Lock()

    def variant(self, names) -> CompiledRows:
        """The compiled read for the sentinels ``names`` (made at its first use)."""
        names = frozenset(names)
        compiled = self._variants.get(names)
        if compiled is None:
            if unknown := names - self._sentinels.keys():
                raise TypeError(f"CompiledVariants expects some of {sorted(self._sentinels)}, "
                                f"got {sorted(unknown)}")
            with self._lock:
                compiled = self._variants.get(names)
                if compiled is None:
                    compiled = self._variants[names] = CompiledRows(
                        self._build, prepare=self._prepare,
                        **{name: s for name, s in self._sentinels.items() if name in names},
                    )
        return compiled

    def rows(self, *, using: str = "default", key=None, **values) -> list[tuple]:
        given = {name: value for name, value in values.items() if value is not None}
        return self.variant(given).rows(using=using, key=key, **given)
