"""History of the IT-service links and the säkerhetsskydd redaction of an asset's history.

``ITService.history`` snapshots both link fields (``assets``, ``user_units``) on every
historical record (simple-history's ``m2m_fields``), and the services change links from the
IT service's side with ``_history_user = actor``: a link change is a record whose snapshot
differs from the record before it. The generic ``isms.history.entries_for`` diffs concrete
fields only, so the link entries are built here in the same ``HistoryEntry`` shape, at a fixed
number of queries whatever the length of the history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from isms.history import ACTIONS, Change, HistoryEntry

from .models import ClassificationAssessment, InformationAsset, ITService

# The only facts of a säkerhetsskydd asset the portal shows, also in its history.
SECURITY_PROTECTION_SHOWN = ("name", "unit", "security_protection", "security_protection_note")

# Two link records by the same person this close together are one change (``set()`` removes
# and then adds, each with its own record).
MERGE_WINDOW = dt.timedelta(seconds=5)


def hidden() -> str:
    return _("(dold – säkerhetsskydd)")


def _m2m_rows(field: str):
    return apps.get_model("klassning", f"HistoricalITService_{field}").objects


def _records(**lookup):
    return list(
        ITService.history.filter(**lookup).select_related("history_user")
        .order_by("history_date", "history_id")
    )


def _names(ids, names: dict) -> str:
    return ", ".join(sorted(names[i] for i in ids if i in names))


def asset_link_entries(*, asset: InformationAsset, visible_services) -> list[HistoryEntry]:
    """When the asset was linked to / unlinked from each IT service the viewer may open."""
    rows = _m2m_rows("assets").filter(
        informationasset_id=asset.pk, itservice_id__in=visible_services.values("pk")
    ).values_list("itservice_id", "history_id")
    service_ids, linked_in = set(), set()
    for service_id, history_id in rows:
        service_ids.add(service_id)
        linked_in.add(history_id)
    if not service_ids:
        return []
    field = _("It-tjänster")
    entries, state = [], {}
    for record in _records(id__in=service_ids):
        now, was = record.history_id in linked_in, state.get(record.id, False)
        state[record.id] = now
        if now == was:
            continue
        entries.append(HistoryEntry(
            date=record.history_date, user=record.history_user,
            action=_("Kopplad") if now else _("Kopplad bort"),
            object_type=capfirst(str(ITService._meta.verbose_name)), object_label=record.name,
            changes=[Change(field, "", record.name) if now else Change(field, record.name, "–")],
        ))
    return entries


def service_link_entries(*, service: ITService, visible_assets) -> list[HistoryEntry]:
    """Changes of the service's using units and of its assets (only those the viewer may see)."""
    records = _records(id=service.pk)
    units, assets = defaultdict(set), defaultdict(set)
    unit_names, asset_names = {}, {}
    for history_id, unit_id, name in _m2m_rows("user_units").filter(
        history__id=service.pk
    ).values_list("history_id", "organisationunit_id", "organisationunit__name"):
        units[history_id].add(unit_id)
        unit_names[unit_id] = name
    for history_id, asset_id, name in _m2m_rows("assets").filter(
        history__id=service.pk, informationasset__in=visible_assets.values("pk")
    ).values_list("history_id", "informationasset_id", "informationasset__name"):
        assets[history_id].add(asset_id)
        asset_names[asset_id] = name
    fields = (
        (capfirst(str(ITService._meta.get_field("user_units").verbose_name)), units, unit_names),
        (capfirst(str(ITService._meta.get_field("assets").verbose_name)), assets, asset_names),
    )
    entries: list[HistoryEntry] = []
    previous: dict[str, str] = {label: "" for label, _snap, _names_ in fields}
    last = None
    for record in records:
        changes = {}
        for label, snapshots, names in fields:
            now = _names(snapshots.get(record.history_id, ()), names)
            if now != previous[label]:
                changes[label] = Change(label, previous[label], now or "–")
            previous[label] = now
        if not changes:
            continue
        if (
            last is not None and last.user == record.history_user
            and record.history_date - last.date <= MERGE_WINDOW
        ):
            merged = {c.field: c for c in last.changes}
            for label, change in changes.items():
                if label in merged:
                    merged[label].new = change.new
                else:
                    merged[label] = change
            last.changes = [c for c in merged.values() if (c.old or "–") != c.new]
            continue
        last = HistoryEntry(
            date=record.history_date, user=record.history_user, action=str(ACTIONS["~"]),
            object_type=capfirst(str(ITService._meta.verbose_name)), object_label=record.name,
            changes=list(changes.values()),
        )
        entries.append(last)
    return [e for e in entries if e.changes]


def group_assessments(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One entry per save of a classification's assessments instead of one per cell: entries
    with the same ``group`` key (the classification), person and action, each within
    ``MERGE_WINDOW`` of the one before, become one entry with a line per assessment."""
    meta = ClassificationAssessment._meta
    identity = {
        capfirst(str(meta.get_field(f).verbose_name)) for f in ("classification", "aspect", "category")
    }
    result: list = []  # entries, and lists of the entries to merge
    groups: dict[tuple, list[HistoryEntry]] = {}  # (group, user id, action) -> members
    for entry in sorted(entries, key=lambda e: e.date):
        if entry.group is None:
            result.append(entry)
            continue
        key = (entry.group, getattr(entry.user, "pk", None), entry.action)
        members = groups.get(key)
        if members is None or entry.date - members[-1].date > MERGE_WINDOW:
            members = groups[key] = []
            result.append(members)
        members.append(entry)
    return sorted(
        (item if isinstance(item, HistoryEntry) else _merged(item, identity) for item in result),
        key=lambda e: e.date, reverse=True,
    )


def _merged(members: list[HistoryEntry], identity: set) -> HistoryEntry:
    if len(members) == 1:
        return members[0]
    changes = []
    for member in members:
        shown = [c for c in member.changes if c.field not in identity]
        if shown:
            changes.append(Change(
                member.object_label,
                "; ".join(f"{c.field}: {c.old}" for c in shown if c.old),
                "; ".join(f"{c.field}: {c.new}" for c in shown),
            ))
    last = members[-1]
    return HistoryEntry(
        date=last.date, user=last.user, action=last.action,
        object_type=capfirst(str(ClassificationAssessment._meta.verbose_name_plural)),
        object_label=_("%(version)s, %(count)s st.") % {
            "version": last.group, "count": len(members)
        },
        changes=changes, reason=next((m.reason for m in members if m.reason), ""),
    )


def redact_security_protection(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Keep who/when; show only changes of name, unit, note and the flag itself."""
    meta = InformationAsset._meta
    shown = {capfirst(str(meta.get_field(f).verbose_name)) for f in SECURITY_PROTECTION_SHOWN}
    asset_type = capfirst(str(meta.verbose_name))  # as isms.history names it
    for entry in entries:
        entry.changes = [
            c if entry.object_type == asset_type and c.field in shown
            else Change(c.field, hidden() if c.old else "", hidden())
            for c in entry.changes
        ]
        if entry.object_type != asset_type:
            entry.object_label = hidden()
        entry.reason = ""
    return entries
