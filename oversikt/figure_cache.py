"""The key figures of every active unit, kept between requests.

The city median (the chief's start page and the unit's dashboard) and the city table need every
register's key figures (``DashboardSource.figures``) for all the city's active units: a dozen
grouped queries over the registers, about half of those pages' time at city scale. They change
only when a register's data changes, when the day turns, or when a register says so (a deadline
passing). So they are computed once and kept in :class:`~oversikt.models.KeptFigures`, in the
database (every gunicorn worker sees the same), and used while all of these hold:

* it is the same day (a figure counts "overdue" against today);
* the *data version* read before they were computed is still the current one. It is raised
  after every committed domain write (:func:`data_changed`): every domain write creates a
  historical record (each domain model keeps ``HistoricalRecords``), so the receivers of
  simple_history's ``post_create_historical_record`` and of ``isms.audit.history_bulk_created``
  raise it once per transaction, after the commit. Only the kernel apps that hold no register
  data (:data:`NOT_COUNTED_APPS`: a person's second-factor events, report orders, the audit
  trail's own records) are left out;
* no register's ``figures_until`` has passed (e.g. the next legal reporting deadline, after which
  an unsent notification counts as late);
* at most ``OVERSIKT_FIGURES_MAX_AGE`` seconds have passed since they were computed (a bound in
  case a version raise was lost, e.g. a process killed right after its commit). The pages say
  when the figures were computed ("beräknade kl. HH:MM").

The version is a PostgreSQL sequence (``nextval`` takes no row lock: writers never wait on each
other for it, and no row is updated by every write); elsewhere (SQLite) a one-row table.

A write raises it after its commit, so a view that read the version before that commit and
computed without the write keeps figures tagged with the old version: the next view sees the new
version and computes again. A write inside a transaction that has already read the version (a
test, or a request writing after reading) raises it at once too, so the same transaction's next
view does not read figures it has changed.

Not counted as a change: ``QuerySet.update``/``bulk_create`` on a register's table without history
(nothing in the portal does that to data a figure counts without also writing history; a data
fix that does must run ``manage.py dashboard_figures --forget`` or wait for the maximum age).

What is kept is the same for everyone: a figure is a count per unit, whoever looks (the pages
decide which units a person sees, ``nämnder.access``; a confidential incident counts in its unit
without its category). To-do items are never kept: they are read live on each view.

Other values over the city's units that a page needs beside the figures (a section's city
median: ``isms.shared_reads.kept``) are kept in the same row, with the same validity.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from isms import plugins, shared_reads
from isms.compiled import CompiledRows

from .models import KeptFigures

SEQUENCE = "oversikt_data_version"
# Apps whose records no key figure counts: their writes do not change the version.
NOT_COUNTED_APPS = frozenset({"tvasteg", "rapporter", "sparbarhet", "oversikt"})
# Set on the connection when the version was read (see the module's last paragraph).
_READ_FLAG = "_oversikt_version_read"


def max_age() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "OVERSIKT_FIGURES_MAX_AGE", 300))


# --- The data version ---------------------------------------------------------------------------

def _version_sql() -> str:
    if connection.vendor == "postgresql":
        return f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SEQUENCE}"  # noqa: S608
    return "SELECT COALESCE((SELECT value FROM oversikt_dataversion WHERE id = 1), 0)"


def data_version() -> int:
    """The current data version (one query)."""
    setattr(connection, _READ_FLAG, True)
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        return cursor.fetchone()[0]


def _bump() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval('{SEQUENCE}')")
            return
        cursor.execute("UPDATE oversikt_dataversion SET value = value + 1 WHERE id = 1")
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO oversikt_dataversion (id, value) VALUES (1, 1)")


def _bump_after_commit() -> None:
    _bump()


def data_changed(sender=None, **kwargs) -> None:
    """A domain write (a historical record created): raise the version after the commit (once
    per transaction), and at once if this transaction has read it."""
    if sender is not None and sender._meta.app_label in NOT_COUNTED_APPS:
        return
    if not connection.in_atomic_block:
        _bump()
        return
    if getattr(connection, _READ_FLAG, False):
        setattr(connection, _READ_FLAG, False)
        _bump()
    if not any(func is _bump_after_commit for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_bump_after_commit, robust=True)


def connect_signals() -> None:
    from simple_history.signals import post_create_historical_record

    from isms.audit import history_bulk_created

    post_create_historical_record.connect(data_changed, dispatch_uid="oversikt.figure_cache")
    history_bulk_created.connect(data_changed, dispatch_uid="oversikt.figure_cache.bulk")


# --- The kept figures ---------------------------------------------------------------------------

_definitions: dict = {}


def _definitions_of(compute, today) -> dict[str, plugins.Figure]:
    """The registered figures without values ({key: figure}), once per process (and again when
    the registered sources change): labels, kinds, links."""
    sources = tuple(plugins.dashboard_sources())
    if _definitions.get("sources") != sources:
        _definitions.clear()
        _definitions.update(sources=sources,
                            figures={f.key: f for f in compute(units=[], today=today)})
    return _definitions["figures"]


def _dump(units, figures) -> dict:
    return {
        "units": [u.pk for u in units],
        "figures": [{
            "key": f.key,
            "values": [[pk, v] for pk, v in f.values.items()],
            "parts": None if f.parts is None else [[pk, *p] for pk, p in f.parts.items()],
        } for f in figures],
    }


def _load(values, definitions) -> list[plugins.Figure] | None:
    if [f["key"] for f in values["figures"]] != list(definitions) or len(
        {f["key"] for f in values["figures"]}
    ) != len(definitions):
        return None  # another set of figures than the registers give now
    return [
        dataclasses.replace(
            definitions[f["key"]],
            values=dict(f["values"]),
            parts=None if f["parts"] is None else {pk: (a, b) for pk, a, b in f["parts"]},
        )
        for f in values["figures"]
    ]


def _until(units, today, now) -> dt.datetime:
    """When figures computed ``now`` stop being valid: the maximum age, the day's end, or the
    earliest moment a register says a figure changes by the clock alone."""
    tz = timezone.get_current_timezone()
    tomorrow = today + dt.timedelta(days=1)
    moments = [now + max_age(), dt.datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=tz)]
    for source in plugins.dashboard_sources():
        if source.figures_until is not None:
            moment = source.figures_until(units=units, today=today, now=now)
            if moment is not None:
                moments.append(moment)
    return min(moments)


def _kept_query(day, now):
    return (KeptFigures.objects.filter(day=day, valid_until__gt=now)
            .annotate(current=RawSQL(_version_sql(), []))  # noqa: S611 (constant SQL)
            .order_by("pk").values_list("version", "computed_at", "values", "current")[:1])


# The kept figures with the current version: read on every dashboard and chief's start page,
# its SQL built once per process (per database: the version's SQL is the vendor's) and
# prepared once per database session (the sequence is read when it runs, not when planned).
_KEPT = CompiledRows(_kept_query, prepare=True, day=dt.date(1901, 2, 14),
                     now=dt.datetime(1901, 2, 14, 1, 2, 3, tzinfo=dt.UTC))


def city_figures(*, units, today, compute, now=None) -> tuple[list[plugins.Figure], dt.datetime]:
    """Every registered figure of ``units`` (the city's active units) on ``today``, and when they
    were computed: the kept ones when still valid (one query), else ``compute(units=, today=)``
    (every register's figures), kept for the next view."""
    now = now or timezone.now()
    if today != timezone.localdate(now):
        return compute(units=units, today=today), now  # another day (nothing kept for it)
    setattr(connection, _READ_FLAG, True)
    kept = _KEPT.rows(day=today, now=now)
    if kept:
        kept_version, computed_at, values, version = kept[0]
        if kept_version == version and values.get("units") == [u.pk for u in units]:
            figures = _load(values, _definitions_of(compute, today))
            if figures is not None:
                shared_reads.keep_with(_keeper(today, version, values))
                return figures, computed_at
    else:
        version = data_version()
    figures = compute(units=units, today=today)
    _definitions.update(sources=tuple(plugins.dashboard_sources()),
                        figures={f.key: f for f in figures})
    values = _dump(units, figures)
    KeptFigures.objects.bulk_create(
        [KeptFigures(day=today, version=version, computed_at=now,
                     valid_until=_until(units, today, now), values=values)],
        update_conflicts=True, unique_fields=["day"],
        update_fields=["version", "computed_at", "valid_until", "values"],
    )
    KeptFigures.objects.exclude(day=today).delete()  # a past day's are never read again
    shared_reads.keep_with(_keeper(today, version, values))
    return figures, now


def _keeper(today, version, values):
    """The page's keeper of other values over the city's units (``shared_reads.kept``, e.g. a
    section's city median): kept beside the figures of ``today`` with ``version``, valid as
    long as they are (a value computed now is tagged with the version read before it, as
    the figures are); a value not kept yet is computed and added to them."""
    extras = values.setdefault("extras", {})

    def keep(key, compute):
        key = str(key)
        if key not in extras:
            extras[key] = shared_reads.as_json(compute())
            # Another worker adding its own value at the same time may overwrite this one:
            # computed again on a later view.
            KeptFigures.objects.filter(day=today, version=version).update(values=values)
        return extras[key]

    return keep


def forget() -> int:
    """Forget every kept figure (computed again on the next view)."""
    return KeptFigures.objects.all().delete()[0]
