"""Turns django-simple-history records into readable entries: who changed what, when, old → new.

Used by every "Historik" page. Diffs are computed in Python between consecutive records of the
same object, so a page of history costs a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
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


def _relation_names(records, fields) -> dict:
    """One query per foreign key: the current name of every object the records point at."""
    names = {}
    for f in fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            related = f.related_model._default_manager.filter(pk__in=ids)
            names[f.name] = {obj.pk: _name(obj) for obj in related}
    return names


def _display(record, f, names) -> str:
    value = getattr(record, f.attname)
    if value in (None, ""):
        return "–"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        return names.get(f.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, datetime):  # stored in UTC: shown in local time, to the minute
        return date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i"
        )
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    return str(value)


def _tracked_fields(history_model):
    base = history_model.instance_type
    return [
        f for f in base._meta.concrete_fields
        if f.name not in IGNORED_FIELDS and f.name != base._meta.pk.name
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


def _changes(record, before, fields, names) -> list[Change]:
    if record.history_type == "~" and before is not None:
        pairs = ((f, _display(before, f, names), _display(record, f, names)) for f in fields)
        return [Change(capfirst(str(f.verbose_name)), old, new) for f, old, new in pairs if old != new]
    if record.history_type == "+":
        pairs = ((f, _display(record, f, names)) for f in fields)
        return [Change(capfirst(str(f.verbose_name)), "", new) for f, new in pairs if new != "–"]
    return []


def entries_for(
    querysets: Iterable[QuerySet], *, label=default_label, limit: int | None = None,
    offset: int = 0, group=None,
) -> list[HistoryEntry]:
    """History entries, newest first, for the given historical querysets.

    ``label(record, names)`` names the object an entry is about; ``names`` maps each foreign
    key field to ``{id: name}`` for the records loaded, so a label costs no query. Records of
    one object must all be in the same queryset so each change can be diffed against the record
    before it. With ``limit`` only the newest ``offset + limit`` records of each queryset are
    read (in SQL), so a page of history costs the same whatever the length of the trail.
    ``group(record, names)``, if given, sets each entry's ``group`` key (or None).
    """
    window = offset + limit if limit else None
    entries: list[HistoryEntry] = []
    for qs in querysets:
        model = qs.model
        key_attname = model.instance_type._meta.pk.attname
        fields = _tracked_fields(model)
        type_name = capfirst(str(model.instance_type._meta.verbose_name))
        records, earlier = _load(qs, window)
        names = _relation_names([*records, *earlier.values()], fields)
        previous: dict = {}
        for record in records:
            key = getattr(record, key_attname)
            before = previous.get(key) or earlier.get(getattr(record, "prev_history_id", None))
            previous[key] = record
            changes = _changes(record, before, fields, names)
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
