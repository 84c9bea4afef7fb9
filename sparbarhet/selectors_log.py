"""Reads of the audit log page (``views_log``) and its export: the events a person may read,
filtered, newest first, a page at a time by ``seq`` (keyset), with names resolved for the page.

Who reads which events is decided in ``nämnder.access.audit_log_unit_ids`` (``LogFilter.unit_ids``
carries the answer). Every filter narrows by one column that has an index on (column, ``seq``)
(``AuditEvent.Meta.indexes``): unit, person, object type, kind; the period becomes a ``seq``
range (one indexed query on ``occurred_at`` at each end), so a page is an index range scan read
backwards from a ``seq``, never an ``OFFSET``: page 1 and page 20,000 cost the same.

Names are read per page, never per row: the people joined into the events' query, and the
current name of every object on the page in one query (a ``UNION ALL`` of one primary-key lookup per object
type; an app may say how its objects are named to a reader, ``isms.audit.object_label``). A unit's
name comes from the filter form's choices, which are read anyway.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from isms import audit, plugins

from .models import AuditEvent, EventAction, EventKind

PAGE_SIZE = 25  # as the portal's other lists (isms.views.PAGE_SIZE)
EXPORT_BATCH = 2000  # events per query of an export (keyset), so memory stays flat
MAX_PEOPLE = 50  # a name search matching more people asks for more of the name
NO_UNIT = "utan"  # the unit filter's value for events without a unit (city-wide)

# The person is joined in (a primary-key lookup per row of the page), not read separately.
EVENT_FIELDS = (
    "seq", "occurred_at", "kind", "action", "actor_id", "unit_id", "object_type", "object_id",
    "client_address", "details", "prev_hash", "hash",
    "actor__first_name", "actor__last_name", "actor__username",
)


@dataclass(frozen=True)
class LogFilter:
    """What to show. ``unit_ids``: the viewer's (``access.audit_log_unit_ids``; None: all)."""

    unit_ids: list[int] | None
    unit: int | None = None
    no_unit: bool = False  # only events without a unit
    actor_ids: tuple[int, ...] | None = None
    object_type: str = ""
    kind: str = ""
    start: dt.date | None = None  # from this day (Stockholm time) ...
    end: dt.date | None = None  # ... up to and including this day


@dataclass
class LogRow:
    seq: int
    occurred_at: dt.datetime
    kind: str
    action: str
    actor_id: int | None
    person: str
    username: str
    unit: str
    object_type: str
    type_label: str
    object_text: str  # the current name, "(borttagen)", "N objekt" (an export), or ""
    # The object's id (text), or an export's ids (a list: joined only when asked for — the
    # CSV/XLSX export — since an export of the city's assets names 20,000 of them and the page
    # shows only their number).
    ids: str | list
    client_address: str
    hash: str
    prev_hash: str

    @property
    def object_ids(self) -> str:
        return self.ids if isinstance(self.ids, str) else ", ".join(map(str, self.ids))

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    # What the page shows, formatted here (``views_log._rows_html`` writes the rows).
    @property
    def object_display(self) -> str:
        if self.object_text:
            return f"{self.type_label}: {self.object_text}"
        if self.object_ids:
            return _("%(type)s nr %(id)s") % {"type": self.type_label, "id": self.object_ids}
        return self.type_label


@dataclass
class LogPage:
    rows: list[LogRow]
    older: int | None  # ``?fore=`` for the next older page, None at the oldest
    newer: int | None  # ``?efter=`` for the next newer page, None on the newest
    is_newest: bool


# --- Choices ------------------------------------------------------------------------------------

def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else object_type


def object_types() -> list[tuple[str, str]]:
    """The object kinds of the filter: every model whose changes the registered history sources
    name, and every model whose reads are logged, by Swedish name. Built once per process and
    language (the registrations are made at start-up): on every page of the log."""
    return list(_object_types(get_language(), *_sources()))


def _sources() -> tuple:
    return (
        frozenset(source.model.lower() for source in plugins.history_sources()),
        frozenset(audit.read_source_models()),
    )


@functools.lru_cache(maxsize=16)
def _object_types(_language, history_models, read_models) -> tuple[tuple[str, str], ...]:
    labels = set(history_models) | set(read_models)
    choices = [(label, type_label(label)) for label in labels if _model(label) is not None]
    names = [name for _label, name in choices]
    # Two apps' models of the same name ("Åtgärd") are told apart by their app.
    choices = [
        (label, f"{name} ({_model(label)._meta.app_config.verbose_name})"
         if names.count(name) > 1 else name)
        for label, name in choices
    ]
    return tuple(sorted(choices, key=lambda choice: (choice[1].lower(), choice[0])))


def unit_names(unit_ids: list[int] | None) -> dict[int, str]:
    """The names of the units ``unit_ids`` (None: every unit) by id, in name order (the
    database's collation, as the portal's other lists). Written directly: the ORM's building
    cost more than the query, on every page of the log."""
    from nämnder.models import OrganisationUnit

    if unit_ids == []:
        return {}
    quote = connection.ops.quote_name
    meta = OrganisationUnit._meta
    table, pk, name = (
        quote(meta.db_table), quote(meta.pk.column), quote(meta.get_field("name").column)
    )
    where = f" WHERE {pk} IN ({', '.join(['%s'] * len(unit_ids))})" if unit_ids is not None else ""
    # Identifiers quoted from the model's own names; the ids are parameters.
    sql = f"SELECT {pk}, {name} FROM {table}{where} ORDER BY {name}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(unit_ids or ()))
        return dict(cursor.fetchall())


def people_matching(text: str, *, limit: int = MAX_PEOPLE) -> list[int]:
    """The people whose username is ``text``, or else whose name or username holds every word
    of it (case-insensitive): at most ``limit`` + 1 ids, so the caller can say there are more.
    One query over the user table, which stays cheap at thousands of people."""
    User = get_user_model()
    text = " ".join(text.split())
    exact = list(User.objects.filter(username__iexact=text).values_list("pk", flat=True)[:2])
    if len(exact) == 1:
        return exact
    condition = Q()
    for word in text.split(" "):
        condition &= (
            Q(username__icontains=word) | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    return list(
        User.objects.filter(condition).order_by("pk").values_list("pk", flat=True)[:limit + 1]
    )


# --- The events ---------------------------------------------------------------------------------

def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


PERIOD_MARGIN = dt.timedelta(minutes=15)


def period_seq_range(start: dt.date | None, end: dt.date | None) -> tuple[int, int] | None:
    """The ``seq`` range of the events from ``start`` to ``end`` (whole days, Stockholm time):
    one query on the ``occurred_at`` index at each given end. Events are appended in time order
    (``seq`` and ``occurred_at`` grow together), so the range holds the period's events; the
    period itself is applied too, so the range only narrows the index scan. None: no event.

    An event written while the chain's head was busy is linked a little later than its time
    (right after its commit, at the latest by the sweep): the range reaches ``PERIOD_MARGIN``
    beyond each end so such an event is still inside it."""
    lo, hi = 1, None
    if start is not None:
        lo = _edge_seq(">=", _day_start(start) - PERIOD_MARGIN)
        if lo is None:
            return None
    if end is not None and end < dt.date.max:
        hi = _edge_seq("<", _day_start(end + dt.timedelta(days=1)) + PERIOD_MARGIN)
        if hi is None or hi < lo:
            return None
    return lo, hi


def _edge_seq(op: str, at: dt.datetime) -> int | None:
    """The ``seq`` of the first linked event at or after ``at`` (``op`` ">="), or of the last
    before it ("<"): one step on the ``occurred_at`` index. Written directly: the ORM's
    building cost more than the lookup."""
    quote = connection.ops.quote_name
    table = quote(AuditEvent._meta.db_table)
    field = AuditEvent._meta.get_field
    seq, occurred = quote(field("seq").column), quote(field("occurred_at").column)
    order = "ASC" if op == ">=" else "DESC"
    # Identifiers quoted from the model's own names; the time is a parameter.
    sql = (f"SELECT {seq} FROM {table} WHERE {seq} IS NOT NULL AND {occurred} {op} %s "  # noqa: S608
           f"ORDER BY {occurred} {order} LIMIT 1")
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(at)])
        row = cursor.fetchone()
    return row[0] if row else None


def _filter_values(filt: LogFilter, seq_range) -> dict | None:
    """The filter as the values the events' query compares with (``_events``), by name; a
    list for an ``IN``, ``True`` for a condition without a value (``no_unit``). None: the
    filter matches no event."""
    if filt.unit_ids is not None and (
        filt.no_unit or (filt.unit is not None and filt.unit not in filt.unit_ids)
    ):
        return None  # only the city-wide roles read events without a unit, or any unit
    values: dict = {}
    if filt.unit is not None:
        values["unit"] = filt.unit
    elif filt.no_unit:
        values["no_unit"] = True
    elif filt.unit_ids is not None:
        values["unit_ids"] = list(filt.unit_ids)
    if filt.actor_ids is not None:
        values["actor_ids"] = list(filt.actor_ids)
    if filt.object_type:
        values["object_type"] = filt.object_type
    if filt.kind:
        values["kind"] = filt.kind
    if filt.start is not None or filt.end is not None:
        if seq_range is None:
            return None
        values["lo"], hi = seq_range
        if hi is not None:
            values["hi"] = hi
        if filt.start is not None:
            values["from_at"] = _day_start(filt.start)
        if filt.end is not None and filt.end < dt.date.max:
            values["until_at"] = _day_start(filt.end + dt.timedelta(days=1))
    return values


def _events(values: dict):
    """The linked events matching ``values`` (``_filter_values``, plus ``fore``/``after``)."""
    qs = AuditEvent.objects.filter(seq__isnull=False)  # pending: shown once linked
    lookups = {
        "unit": "unit_id", "unit_ids": "unit_id__in", "actor_ids": "actor_id__in",
        "object_type": "object_type", "kind": "kind", "lo": "seq__gte", "hi": "seq__lte",
        "from_at": "occurred_at__gte", "until_at": "occurred_at__lt", "fore": "seq__lt",
        "after": "seq__gt",
    }
    for name, value in values.items():
        if name == "no_unit":
            qs = qs.filter(unit_id__isnull=True)
        else:
            qs = qs.filter(**{lookups[name]: value})
    return qs


class _EventsPlan:
    """The events' query of one shape (which filters, how many ids, which order), compiled once
    per process and connection with sentinel values: the ORM's building and compiling cost
    about as much as PostgreSQL's answer. ``rows`` runs it with a request's values."""

    def __init__(self, connection, shape: tuple, ascending: bool, limit: int):
        sentinels, self.slots = {}, {}
        number = iter(range(2_000_000_001, 2_100_000_000))  # within every id column's range
        for name, count in shape:
            if count is None and name == "no_unit":
                sentinels[name] = True
            elif count is not None:
                sentinels[name] = [next(number) for _ in range(count)]
            elif name in ("object_type", "kind"):
                sentinels[name] = f"\x00sentinel-{name}"
            elif name.endswith("_at"):
                sentinels[name] = dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                    seconds=next(number) - 2_000_000_000)
            else:
                sentinels[name] = next(number)
        qs = _events(sentinels).order_by("seq" if ascending else "-seq").values(*EVENT_FIELDS)
        compiler = qs[:limit].query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        self.sql, self.params = sql, list(params)
        for name, value in sentinels.items():
            if value is True:
                continue
            for i, sentinel in enumerate(value if isinstance(value, list) else [value]):
                wanted = self._adapt(connection, sentinel)
                found = [
                    n for n, p in enumerate(self.params) if type(p) is type(wanted) and p == wanted
                ]
                if len(found) != 1:
                    raise ImproperlyConfigured(f"The audit log's query lost the value {name}.")
                self.slots[(name, i)] = found[0]
        self.compiler = compiler
        self.converters = compiler.get_converters(
            [s[0] for s in compiler.select[: compiler.col_count]]
        )
        self.names = [alias for _expr, _sql, alias in compiler.select[: compiler.col_count]]

    @staticmethod
    def _adapt(connection, value):
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def rows(self, connection, values: dict) -> list[dict]:
        params = list(self.params)
        for name, value in values.items():
            if value is True:
                continue
            for i, v in enumerate(value if isinstance(value, list) else [value]):
                params[self.slots[(name, i)]] = self._adapt(connection, v)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in rows]


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLANS_MAX = 500  # shapes (a person's many ids in an ``IN`` make one each); emptied when full


def _event_rows(values: dict | None, *, ascending: bool, limit: int) -> list[dict]:
    """The events of ``values`` (``_filter_values``) as dicts of ``EVENT_FIELDS``, by ``seq``
    (``ascending`` or newest first), at most ``limit``."""
    if values is None:
        return []
    shape = tuple(
        (name, len(value) if isinstance(value, list) else None) for name, value in values.items()
    )
    conn = connections[DEFAULT_DB_ALIAS]
    plans = _PLANS.setdefault(conn, {})
    key = (shape, ascending, limit)
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _PLANS_MAX:
            plans.clear()
        plan = plans[key] = _EventsPlan(conn, shape, ascending, limit)
    return plan.rows(conn, values)


def _seq_range(filt: LogFilter):
    if filt.start is None and filt.end is None:
        return None
    return period_seq_range(filt.start, filt.end)


def log_page(
    *, filt: LogFilter, viewer, units: dict, fore: int | None = None, after: int | None = None,
    size: int = PAGE_SIZE,
) -> LogPage:
    """One page of events, newest first: older than ``fore``, or the page just newer than
    ``after``, or the newest. ``units``: unit names by id (the filter form's choices)."""
    values = _filter_values(filt, _seq_range(filt))
    if fore is None and after is not None:
        events = _event_rows(values and {**values, "after": after}, ascending=True, limit=size + 1)
        more_newer = len(events) > size
        events = events[:size][::-1]
        newer = events[0]["seq"] if events and more_newer else None
        older = events[-1]["seq"] if events else after + 1
        return LogPage(_rows(events, viewer, units), older, newer, is_newest=not more_newer)
    if fore is not None and values is not None:
        values = {**values, "fore": fore}
    events = _event_rows(values, ascending=False, limit=size + 1)
    more_older = len(events) > size
    events = events[:size]
    return LogPage(
        _rows(events, viewer, units),
        older=events[-1]["seq"] if more_older else None,
        newer=(events[0]["seq"] if events else fore - 1) if fore is not None else None,
        is_newest=fore is None,
    )


def log_export_rows(*, filt: LogFilter, viewer, units: dict, batch: int = EXPORT_BATCH):
    """Every event of the filter, newest first, as :class:`LogRow`, read ``batch`` at a time
    by ``seq`` (keyset) with their names resolved per batch: memory stays flat at millions."""
    values = _filter_values(filt, _seq_range(filt))
    fore = None
    while True:
        page = values if fore is None or values is None else {**values, "fore": fore}
        events = _event_rows(page, ascending=False, limit=batch)
        yield from _rows(events, viewer, units)
        if len(events) < batch:
            return
        fore = events[-1]["seq"]


# --- Names --------------------------------------------------------------------------------------

def _person(first, last, username) -> str:
    return f"{first or ''} {last or ''}".strip() or username


def _name_part(model, viewer, index: int, ids: list[int]) -> tuple[str, list]:
    """One ``SELECT type, pk, name`` of the names query. A plain name field is written directly
    (the ORM's compiler costs more than the lookup itself on a page of many types); a label an
    app registered is built and compiled by the ORM, once per label key (``_label_sql``)."""
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    registered = _label_sql(model, viewer)
    if registered is None:
        label = audit.object_label(viewer, model)
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        name = quote(model._meta.get_field(label.name).column) if label is not None else "''"
        # Identifiers quoted from the model's own metadata; the values are parameters.
        sql = f"SELECT {index:d} AS t, {pk} AS pk, {name} AS n FROM {table} WHERE {pk} IN ({marks})"  # noqa: S608
        return sql, ids
    sql, params = registered
    # The database narrows the label's query to the ids by its primary key (the subquery is
    # pulled up into the outer query by PostgreSQL and SQLite alike).
    return f"SELECT {index:d} AS t, s.pk, s.audit_label FROM ({sql}) s WHERE s.pk IN ({marks})", [  # noqa: S608
        *params, *ids]


# A registered label's SQL by (model, label key, language, database): building it (e.g. the
# incidents' need-to-know with django-guardian's grants) and compiling it cost ~2 ms a page.
_LABEL_SQL: dict[tuple, tuple[str, tuple]] = {}
_LABEL_SQL_MAX = 1000  # keys (people, mostly); emptied when full


def _label_sql(model, viewer) -> tuple[str, tuple] | None:
    """``SELECT pk, audit_label FROM <model>`` with the label registered for ``model`` as
    ``viewer`` may see it, or None where the model has no registered label (a plain name field
    or none). Built once per the label's key (``isms.audit.register_object_label``)."""
    if not audit.has_registered_label(model):
        return None
    label_key = audit.object_label_key(viewer, model)
    key = (model._meta.label_lower, label_key, get_language(), connection.alias)
    found = _LABEL_SQL.get(key) if label_key is not None else None
    if found is None:
        qs = model._base_manager.order_by().annotate(
            audit_label=audit.object_label(viewer, model)
        ).values_list("pk", "audit_label")
        sql, params = qs.query.sql_with_params()
        found = (sql, tuple(params))
        if label_key is not None:
            if len(_LABEL_SQL) >= _LABEL_SQL_MAX:
                _LABEL_SQL.clear()
            _LABEL_SQL[key] = found
    return found


def _forget_label_sql(**kwargs) -> None:
    """A flushed and re-migrated database (tests) may number permissions and content types
    anew: labels compiled before may name the old ids."""
    _LABEL_SQL.clear()


post_migrate.connect(_forget_label_sql, dispatch_uid="sparbarhet_forget_label_sql")


def object_names(wanted: dict[str, set[int]], viewer) -> dict[tuple[str, int], str]:
    """The current name of each (object type, id) that still exists, as ``viewer`` may see it
    ("" for a model without a name): one query for all types (``UNION ALL`` of one lookup by
    primary key per type)."""
    parts, params, types = [], [], []
    for object_type, ids in sorted(wanted.items()):
        model = _model(object_type)
        if model is None or not ids:
            continue
        sql, part_params = _name_part(model, viewer, len(types), sorted(ids))
        parts.append(sql)
        params.extend(part_params)
        types.append(object_type)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(types[t], pk): name or "" for t, pk, name in cursor.fetchall()}


def _rows(events: list[dict], viewer, units: dict) -> list[LogRow]:
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e["object_id"] is not None:
            wanted.setdefault(e["object_type"], set()).add(e["object_id"])
    names = object_names(wanted, viewer)
    # Translated once per page or export batch (a lazy label per row cost a gettext each).
    kinds = {value: str(label) for value, label in EventKind.choices}
    actions = {value: str(label) for value, label in EventAction.choices}
    labels: dict[str, str] = {}
    rows = []
    for e in events:
        object_type = e["object_type"]
        if object_type not in labels:
            labels[object_type] = type_label(object_type)
        details = e["details"] or {}
        if e["object_id"] is not None:
            key = (object_type, e["object_id"])
            text = names[key] if key in names else _("(borttagen)")
            ids = str(e["object_id"])
        elif "ids" in details:
            count = len(details["ids"])
            text = ngettext("%(n)s objekt", "%(n)s objekt", count) % {"n": count}
            ids = details["ids"]
        else:
            text, ids = "", str(details.get("pk", ""))
        actor = e["actor_id"]
        if actor is None:
            person, username = _("Systemet"), ""
        elif e["actor__username"] is None:  # the person's account is gone
            person, username = _("Okänd person nr %(id)s") % {"id": actor}, ""
        else:
            username = e["actor__username"]
            person = _person(e["actor__first_name"], e["actor__last_name"], username)
        unit = e["unit_id"]
        rows.append(LogRow(
            seq=e["seq"], occurred_at=e["occurred_at"], kind=kinds.get(e["kind"], e["kind"]),
            action=actions.get(e["action"], e["action"]), actor_id=actor, person=person,
            username=username,
            unit="" if unit is None else units.get(unit) or _("Enhet nr %(id)s") % {"id": unit},
            object_type=object_type, type_label=labels[object_type], object_text=text,
            ids=ids, client_address=e["client_address"] or "", hash=e["hash"],
            prev_hash=e["prev_hash"],
        ))
    return rows
