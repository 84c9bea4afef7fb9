"""Turns django-simple-history records into readable entries: who changed what, when, old → new.

Used by every "Historik" page. Diffs are computed in Python between consecutive records of the
same object, so a page of history costs a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
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
    return str(value)


def _tracked_fields(history_model):
    base = history_model.instance_type
    return [
        f for f in base._meta.concrete_fields
        if f.name not in IGNORED_FIELDS and f.name != base._meta.pk.name
    ]


def default_label(record, names) -> str:
    return str(record.instance)


def entries_for(querysets: Iterable[QuerySet], *, label=default_label, limit: int | None = None):  # noqa: C901
    """History entries, newest first, for the given historical querysets.

    ``label(record, names)`` names the object an entry is about; ``names`` maps each foreign
    key field to ``{id: name}`` for the records loaded, so a label costs no query. Records of one object must all be in
    the same queryset so each change can be diffed against the record before it.
    """
    entries: list[HistoryEntry] = []
    for qs in querysets:
        model = qs.model
        fields = _tracked_fields(model)
        type_name = str(model.instance_type._meta.verbose_name).capitalize()
        records = list(qs.select_related("history_user").order_by("history_date", "history_id"))
        names = _relation_names(records, fields)
        previous: dict = {}
        for record in records:
            key = getattr(record, model.instance_type._meta.pk.attname)
            before = previous.get(key)
            changes = []
            if record.history_type == "~" and before is not None:
                for f in fields:
                    old, new = _display(before, f, names), _display(record, f, names)
                    if old != new:
                        changes.append(Change(capfirst(str(f.verbose_name)), old, new))
            elif record.history_type == "+":
                for f in fields:
                    new = _display(record, f, names)
                    if new != "–":
                        changes.append(Change(capfirst(str(f.verbose_name)), "", new))
            previous[key] = record
            if record.history_type == "~" and before is not None and not changes:
                continue  # a save that changed nothing worth showing
            entries.append(
                HistoryEntry(
                    date=record.history_date,
                    user=record.history_user,
                    action=str(ACTIONS.get(record.history_type, record.history_type)),
                    object_type=type_name,
                    object_label=label(record, names),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries
