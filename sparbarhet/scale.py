"""Audit events in bulk for measuring the audit log at city scale (a million events).

``events_generate`` appends ``count`` valid, chained events after the chain's head: the hashes
are computed here with ``chain.event_hash`` exactly as ``chain.append`` does, and the rows go in
by ``COPY`` on PostgreSQL (``bulk_create`` elsewhere) in batches, so memory stays flat. The head
row is locked for the whole run, like any writer. ``verify_audit_trail`` verifies the result.

The events look like a year of work: changes (mostly *ändrad*) and reads (views, downloads,
exports of several objects) of the objects the registered history sources hold, by the members
of the object's unit, at times that grow with ``seq`` (as appended events do) over ``days``.

Used by ``seed_scale`` (the scale seeder ``seed``: a million events at scale 1) and by
``manage.py seed_audit_events`` (``--count`` / ``--total``, for a database seeded earlier).
Both refuse to run with DEBUG off.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from isms import plugins
from nämnder.models import Membership

from . import chain
from .models import AuditEvent, ChainHead, EventAction, EventKind

EVENTS_AT_SCALE_1 = 1_000_000
OBJECTS_PER_MODEL = 5000  # objects of each history model the events are spread over
BATCH = 20_000
COLUMNS = (
    "seq", "occurred_at", "kind", "action", "actor_id", "unit_id", "object_type", "object_id",
    "history_id", "client_address", "details", "prev_hash", "hash",
)
CHANGE_ACTIONS = [(EventAction.CHANGED, 75), (EventAction.CREATED, 17), (EventAction.DELETED, 8)]
READ_ACTIONS = [(EventAction.VIEW, 75), (EventAction.DOWNLOAD, 15), (EventAction.EXPORT, 10)]
READ_SHARE = 0.15


def object_pool(limit: int = OBJECTS_PER_MODEL) -> dict[int, list[tuple[str, int]]]:
    """(object type, id) of existing objects by unit id, from every registered history source
    (``unit_lookup`` says which unit an object belongs to)."""
    pool: dict[int, list[tuple[str, int]]] = {}
    for source in plugins.history_sources():
        try:
            model = apps.get_model(source.model)
        except LookupError:
            continue
        label = model._meta.label_lower
        lookup = "pk" if source.unit_lookup == "id" else source.unit_lookup
        rows = model._base_manager.order_by("pk").values_list("pk", lookup)[:limit]
        for pk, unit_id in rows:
            if unit_id is not None and isinstance(pk, int):
                pool.setdefault(unit_id, []).append((label, pk))
    return pool


def _weighted(rng, choices):
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _address(rng) -> str:
    if rng.random() < 0.1:
        return f"2001:db8::{rng.randrange(1, 0xFFFF):x}"
    return f"10.{rng.randrange(0, 64)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def _write(rows: list[dict]) -> None:
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([
                None if row[c] is None else (
                    json.dumps(row[c], separators=(",", ":")) if c == "details"
                    else row[c].isoformat() if c == "occurred_at" else row[c]
                )
                for c in COLUMNS
            ])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {AuditEvent._meta.db_table} ({', '.join(COLUMNS)}) "  # noqa: S608
                "FROM STDIN WITH (FORMAT csv)", buffer,
            )
    else:
        AuditEvent.objects.bulk_create([AuditEvent(**row) for row in rows], batch_size=1000)


def events_generate(*, count: int, rng, days: int = 365, end=None, stdout=None) -> int:
    """Append ``count`` chained events spread evenly over the ``days`` before ``end`` (now).
    Returns the new head's ``seq``.

    Their times grow with ``seq`` among themselves, not after the events already in the chain
    (a year of work is generated today): on a database that already held many events, the
    audit log's period filter, which relies on events being appended in time order, is exact
    only within each generated run. ``seed_scale`` generates once, after a few events."""
    pool = object_pool()
    members: dict[int, list[int]] = {}
    for unit_id, user_id in Membership.objects.order_by("pk").values_list("unit_id", "user_id"):
        members.setdefault(unit_id, []).append(user_id)
    units = sorted(u for u in pool if members.get(u))
    if not units:
        raise ValueError("Det finns inga enheter med både medlemmar och objekt att logga.")
    end = end or timezone.now()
    chain.link_pending(wait=True)  # the generated run follows every event written so far
    with transaction.atomic():
        head = chain._head(wait=True)
        seq, prev = head.seq, head.hash
        start = end - dt.timedelta(days=days)
        step = (end - start) / max(count, 1)
        rows: list[dict] = []
        for i in range(count):
            seq += 1
            unit = rng.choice(units)
            object_type, object_id = rng.choice(pool[unit])
            is_read = rng.random() < READ_SHARE
            action = _weighted(rng, READ_ACTIONS if is_read else CHANGE_ACTIONS)
            details = {}
            if action == EventAction.EXPORT:
                same = [pk for t, pk in pool[unit] if t == object_type]
                details = {"ids": sorted(set(rng.sample(same, min(len(same), rng.randint(2, 40))))),
                           "units": [unit]}
                object_id = None
            fields = {
                "seq": seq,
                "occurred_at": start + step * i + step * rng.random() * 0.9,
                "kind": EventKind.READ if is_read else EventKind.CHANGE,
                "action": action,
                "actor_id": rng.choice(members[unit]),
                "unit_id": unit,
                "object_type": object_type,
                "object_id": object_id,
                "history_id": None,
                "client_address": chain.normalise_address(_address(rng)),
                "details": details,
            }
            digest = chain.event_hash(fields, prev)
            rows.append({**fields, "kind": str(fields["kind"]), "action": str(action),
                         "prev_hash": prev, "hash": digest})
            prev = digest
            if len(rows) >= BATCH:
                _write(rows)
                rows = []
                if stdout is not None and seq % (BATCH * 10) == 0:
                    stdout.write(f"    granskningshändelser: nr {seq}")
        if rows:
            _write(rows)
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev, updated_at=timezone.now())
    return seq


def seed(*, ctx) -> None:
    """``seed_scale``'s audit events: a million at scale 1, over the year before now."""
    count = ctx.scaled(EVENTS_AT_SCALE_1)
    head = events_generate(count=count, rng=ctx.rng, stdout=ctx.stdout)
    ctx.counts["granskningshändelser"] = head
