"""Reads shared within one page: the dashboards' figures, to-do items and start-page panels ask
the registers for the same reference data and per-unit rows (the chief's units are among the
city's, whose figures the median needs). Inside :func:`scope` each is read once.

    @shared_reads.shared                 # a view (or ``with shared_reads.scope():``)
    def unit_dashboard(request, pk): ...

    def active_matrix():
        return shared_reads.once(("risk.matrix",), load)

    def unit_rows(*, units, today):
        return shared_reads.per_unit(("klassning.unit_rows", today), units, _compute_rows)

Outside a scope nothing is kept (a service, a task, a test calling a selector reads fresh).
A scope lasts one page: what is kept is never older than the request that reads it. Kept
values are shared: callers must not change them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

_store: ContextVar[dict | None] = ContextVar("isms_shared_reads", default=None)


@contextmanager
def scope():
    """Share reads until the block ends (nested scopes share the outer one)."""
    if _store.get() is not None:
        yield
        return
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def shared(view):
    """A view whose reads are shared (:func:`scope` around it, template rendering included)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with scope():
            return view(*args, **kwargs)

    return wrapper


def once(key: Hashable, compute: Callable[[], object]):
    """``compute()``, read once per scope under ``key``."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def per_unit(key: Hashable, units: Iterable, compute: Callable[[list], dict]) -> dict:
    """``{unit pk: row}`` for ``units`` (units or their ids), where ``compute(units)`` reads the
    rows of the units it is given in a fixed number of queries and returns one per unit. Within
    a scope, units read before under ``key`` are not read again (the city's rows serve the
    chief's units); only the others are computed. ``key`` holds every other argument of the
    read (e.g. the day)."""
    units = list(units)
    store = _store.get()
    if store is None:
        return compute(units)
    rows = store.setdefault(("per_unit", key), {})
    missing = [u for u in units if getattr(u, "pk", u) not in rows]
    if missing:
        rows.update(compute(missing))
    return {getattr(u, "pk", u): rows[getattr(u, "pk", u)] for u in units}


_KEEPER = ("kept", "keeper")


def keep_with(keeper: Callable[[Hashable, Callable[[], object]], object]) -> None:
    """Within the current scope, let :func:`kept` values outlive the page: ``keeper(key,
    compute)`` returns a value kept between requests (``oversikt.figure_cache``: with the key
    figures of the day and data version the page has read) or computes and keeps it. Outside a
    scope, nothing."""
    store = _store.get()
    if store is not None:
        store[_KEEPER] = keeper


def kept(key: Hashable, compute: Callable[[], object]):
    """``compute()``, a JSON value over the city's active units (lists, dicts with string keys,
    numbers, strings, None), kept between requests where the page has a keeper
    (:func:`keep_with`), else read once per scope. The value is the same either way: what was
    computed goes through JSON before it is returned."""
    store = _store.get()
    keeper = store.get(_KEEPER) if store is not None else None
    if keeper is None:
        return once(("kept", key), lambda: as_json(compute()))
    return keeper(key, compute)


def as_json(value):
    """``value`` as it comes back from JSON (tuples as lists, keys as strings)."""
    return json.loads(json.dumps(value))

