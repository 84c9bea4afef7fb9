"""The säkerhetsskydd redaction of an asset's history.

The IT-service links' history (``ITService.history`` snapshots ``assets`` and ``user_units``)
is read with ``isms.history``'s link readers (``CompiledLinks`` for the asset page, SQL built
once per process) and ``m2m_entries_from`` (the service's, a window of its records at a time:
``selectors.services.it_service_history``).
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from isms.history import MERGE_WINDOW, Change, HistoryEntry

from .models import ClassificationAssessment, InformationAsset

# The only facts of a säkerhetsskydd asset the portal shows, also in its history.
SECURITY_PROTECTION_SHOWN = ("name", "unit", "security_protection", "security_protection_note")


def hidden() -> str:
    return _("(dold – säkerhetsskydd)")


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
