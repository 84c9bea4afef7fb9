"""Turns django-simple-history records into readable entries: who changed what, when, old → new.

Used by every "Historik" page. Diffs are computed in Python between consecutive records of the
same object, so a page of history costs a fixed number of queries, whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}

# Bookkeeping fields that would only add noise to a diff.
IGNORED_FIELDS = {"version", "updated_at", "created_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: datetime
    user: object
    action: str
    object_type: str
    object_label: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    # Set by ``entries_for(group=...)``: entries with the same key may be shown as one.
    group: object = None


def _name(obj) -> str:
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() if full_name else "") or str(obj)


def _relation_names(records, fields, known=()) -> dict:
    """The current name of every object the records point at: one query per related model
    (the foreign keys to one model, e.g. three to the user, share it), none for the objects
    in ``known`` (objects the caller has loaded already, e.g. the page's own object and the
    reference data)."""
    by_model: dict = defaultdict(dict)
    for obj in known:
        by_model[type(obj)][obj.pk] = obj
    wanted: dict = defaultdict(set)
    relations = [f for f in fields if f.is_relation]
    for f in relations:
        wanted[f.related_model] |= {getattr(r, f.attname) for r in records} - {None}
    for model, ids in wanted.items():
        missing = ids - set(by_model[model])
        if missing:
            by_model[model].update(
                (obj.pk, obj) for obj in model._default_manager.filter(pk__in=missing)
            )
    names = {}
    for f in relations:
        objects = by_model[f.related_model]
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            names[f.name] = {pk: _name(objects[pk]) for pk in ids if pk in objects}
    return names


_CHOICE_LABELS: dict = {}


def _choice_labels(f) -> dict:
    """``{value: label}`` of a field's choices, built once per field (the labels stay lazy:
    translated when shown)."""
    labels = _CHOICE_LABELS.get(f)
    if labels is None:
        labels = dict(f.flatchoices)
        if isinstance(f.choices, (list, tuple)):  # not choices computed by a callable
            _CHOICE_LABELS[f] = labels
    return labels


def _display(record, f, names) -> str:
    value = getattr(record, f.attname)
    if value in (None, ""):
        return "–"
    if f.choices:
        return str(_choice_labels(f).get(value, value))
    if f.is_relation:
        return names.get(f.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, datetime):  # stored in UTC: shown in local time, to the minute
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    if isinstance(value, date):  # as date_format(value, "Y-m-d"), without its format machinery
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return str(value)


def _tracked_fields(history_model):
    """The model's fields its history keeps (``HistoricalRecords(excluded_fields=...)`` left out)."""
    base = history_model.instance_type
    kept = {f.name for f in history_model.tracked_fields}
    return [
        f for f in base._meta.concrete_fields
        if f.name in kept and f.name not in IGNORED_FIELDS and f.name != base._meta.pk.name
    ]


def default_label(record, names) -> str:
    return str(record.instance)


def _load(qs: QuerySet, window: int | None):
    """Records oldest first, and for a window of the newest ones, the records just before them
    (for the diff): two queries, whatever the size of the history."""
    model = qs.model
    key = model.instance_type._meta.pk.attname
    ordered = qs.select_related("history_user").order_by("-history_date", "-history_id")
    if window is None:
        return list(reversed(ordered)), {}
    before = (
        model._default_manager.filter(
            **{key: OuterRef(key)}, history_date__lt=OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(ordered.annotate(prev_history_id=Subquery(before))[:window])
    loaded = {r.history_id for r in records}
    missing = {r.prev_history_id for r in records} - loaded - {None}
    earlier = {r.history_id: r for r in model._default_manager.filter(history_id__in=missing)}
    return list(reversed(records)), earlier


def _detail_changes(f, old_value, new_value, detail) -> list[Change]:
    """A structured field (e.g. JSON) shown as one change per readable part that differs."""
    old, new = detail(old_value), detail(new_value)
    name = capfirst(str(f.verbose_name))
    return [
        Change(f"{name}: {label}", old.get(label, ""), new.get(label, "–"))
        for label in [*new, *(k for k in old if k not in new)]
        if old.get(label) != new.get(label)
    ]


def _changes(record, before, fields, names, details=None) -> list[Change]:
    details = details or {}
    if record.history_type == "~" and before is not None:
        changes = []
        for f in fields:
            if f.name in details:
                changes += _detail_changes(
                    f, getattr(before, f.attname), getattr(record, f.attname), details[f.name]
                )
                continue
            old, new = _display(before, f, names), _display(record, f, names)
            if old != new:
                changes.append(Change(capfirst(str(f.verbose_name)), old, new))
        return changes
    if record.history_type == "+":
        changes = []
        for f in fields:
            if f.name in details:
                changes += _detail_changes(f, None, getattr(record, f.attname), details[f.name])
                continue
            new = _display(record, f, names)
            if new != "–":
                changes.append(Change(capfirst(str(f.verbose_name)), "", new))
        return changes
    return []


def entries_for(
    querysets: Iterable[QuerySet], *, label=default_label, limit: int | None = None,
    offset: int = 0, details: dict | None = None, group=None, known=(),
) -> list[HistoryEntry]:
    """History entries, newest first, for the given historical querysets.

    ``label(record, names)`` names the object an entry is about; ``names`` maps each foreign
    key field to ``{id: name}`` for the records loaded, so a label costs no query. Records of
    one object must all be in the same queryset so each change can be diffed against the record
    before it. With ``limit`` only the newest ``offset + limit`` records of each queryset are
    read (in SQL), so a page of history costs the same whatever the length of the trail.
    ``details`` maps a structured field's name (a JSON field) to ``value -> {label: text}``: the
    entry then lists each readable part that changed instead of the raw value.
    ``group(record, names)``, if given, sets each entry's ``group`` key (or None).
    ``known``: objects already loaded (of any model) that the records may point at; their
    names are taken from them instead of read again.
    """
    window = offset + limit if limit else None
    entries: list[HistoryEntry] = []
    for qs in querysets:
        model = qs.model
        key_attname = model.instance_type._meta.pk.attname
        fields = _tracked_fields(model)
        type_name = capfirst(str(model.instance_type._meta.verbose_name))
        records, earlier = _load(qs, window)
        names = _relation_names([*records, *earlier.values()], fields, known)
        previous: dict = {}
        for record in records:
            key = getattr(record, key_attname)
            before = previous.get(key) or earlier.get(getattr(record, "prev_history_id", None))
            previous[key] = record
            changes = _changes(record, before, fields, names, details)
            reason = record.history_change_reason or ""
            if record.history_type == "~" and before is not None and not changes and not reason:
                continue  # a save that changed nothing worth showing
            entries.append(
                HistoryEntry(
                    date=record.history_date,
                    user=record.history_user,
                    action=str(ACTIONS.get(record.history_type, record.history_type)),
                    object_type=type_name,
                    object_label=label(record, names),
                    changes=changes,
                    reason=reason,
                    group=group(record, names) if group else None,
                )
            )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[offset:window] if window else entries


@dataclass
class HistoryPage:
    """One page of history for the "Historik" pages, read with SQL limits (no full count)."""

    entries: list[HistoryEntry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(raw, *, maximum: int = 10_000) -> int:
    """``?sida=`` parsed leniently: anything odd is page 1, never an error."""
    try:
        return min(max(int(raw), 1), maximum)
    except (TypeError, ValueError):
        return 1


def history_page(querysets, *, label=default_label, number: int = 1, per_page: int = 50):
    entries = entries_for(querysets, label=label, limit=per_page + 1, offset=(number - 1) * per_page)
    return HistoryPage(entries=entries[:per_page], number=number, has_next=len(entries) > per_page)


# --- Many-to-many links ------------------------------------------------------------------------
# A model declared with ``HistoricalRecords(m2m_fields=[...])`` snapshots those link fields on
# every historical record; the services change links from that model's side with
# ``_history_user = actor``. A link change is a record whose snapshot differs from the record
# before it. ``entries_for`` diffs concrete fields only; the two functions below give the link
# entries in the same ``HistoryEntry`` shape, at a fixed number of queries whatever the length
# of the history.

# Two link records by the same person this close together are one change (``set()`` removes
# and then adds, each with its own record).
MERGE_WINDOW = dt.timedelta(seconds=5)


def _m2m(model, field_name: str):
    """The historical link rows of ``model.<field_name>`` and their two foreign key names."""
    from simple_history.models import HistoricalRecords

    field = model._meta.get_field(field_name)
    return (
        HistoricalRecords.m2m_models[field].objects,
        field.m2m_field_name(), field.m2m_reverse_field_name(),
    )


def _records(model, **lookup):
    return list(
        model.history.filter(**lookup).select_related("history_user")
        .order_by("history_date", "history_id")
    )


def _joined(ids, names: dict) -> str:
    return ", ".join(sorted(names[i] for i in ids if i in names))


def link_entries(*, model, field: str, target, visible, label=str) -> list[HistoryEntry]:
    """Seen from the linked object: when ``target`` was linked to / unlinked from each object
    of ``model`` (through its ``field``) in the queryset ``visible``. ``label(record)`` names
    the ``model`` object."""
    rows_manager, source, dest = _m2m(model, field)
    rows = rows_manager.filter(
        **{f"{dest}_id": target.pk, f"{source}_id__in": visible.values("pk")}
    ).values_list(f"{source}_id", "history_id")
    source_ids, linked_in = set(), set()
    for source_id, history_id in rows:
        source_ids.add(source_id)
        linked_in.add(history_id)
    if not source_ids:
        return []
    pk = model._meta.pk.attname
    field_label = capfirst(str(model._meta.verbose_name_plural))
    object_type = capfirst(str(model._meta.verbose_name))
    entries, state = [], {}
    for record in _records(model, **{f"{pk}__in": source_ids}):
        key = getattr(record, pk)
        now, was = record.history_id in linked_in, state.get(key, False)
        state[key] = now
        if now == was:
            continue
        name = label(record)
        entries.append(HistoryEntry(
            date=record.history_date, user=record.history_user,
            action=str(_("Kopplad") if now else _("Kopplad bort")),
            object_type=object_type, object_label=name,
            changes=[Change(field_label, "", name) if now else Change(field_label, name, "–")],
        ))
    return entries


def m2m_entries(*, instance, fields: dict, label=str, name_field: str = "name") -> list[HistoryEntry]:
    """Seen from the object holding the links: the changes of its ``fields`` (``{field name:
    queryset of the linked objects the viewer may see, or None for all}``), one entry per
    change, a remove-and-add by the same person merged. Linked objects are named by their
    ``name_field``; ``label(record)`` names ``instance``."""
    model = type(instance)
    records = _records(model, **{model._meta.pk.attname: instance.pk})
    columns = []
    for field_name, visible in fields.items():
        rows_manager, source, dest = _m2m(model, field_name)
        rows = rows_manager.filter(**{f"history__{model._meta.pk.attname}": instance.pk})
        if visible is not None:
            rows = rows.filter(**{f"{dest}__in": visible.values("pk")})
        snapshots, names = defaultdict(set), {}
        for history_id, linked_id, name in rows.values_list(
            "history_id", f"{dest}_id", f"{dest}__{name_field}"
        ):
            snapshots[history_id].add(linked_id)
            names[linked_id] = name
        verbose = model._meta.get_field(field_name).verbose_name
        columns.append((capfirst(str(verbose)), snapshots, names))
    entries: list[HistoryEntry] = []
    previous: dict[str, str] = {column: "" for column, _snap, _names in columns}
    last = None
    for record in records:
        changes = {}
        for column, snapshots, names in columns:
            now = _joined(snapshots.get(record.history_id, ()), names)
            if now != previous[column]:
                changes[column] = Change(column, previous[column], now or "–")
            previous[column] = now
        if not changes:
            continue
        if (
            last is not None and last.user == record.history_user
            and record.history_date - last.date <= MERGE_WINDOW
        ):
            merged = {c.field: c for c in last.changes}
            for column, change in changes.items():
                if column in merged:
                    merged[column].new = change.new
                else:
                    merged[column] = change
            last.changes = [c for c in merged.values() if (c.old or "–") != c.new]
            continue
        last = HistoryEntry(
            date=record.history_date, user=record.history_user, action=str(ACTIONS["~"]),
            object_type=capfirst(str(model._meta.verbose_name)), object_label=label(record),
            changes=list(changes.values()),
        )
        entries.append(last)
    return [e for e in entries if e.changes]
