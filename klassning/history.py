"""The säkerhetsskydd redaction of an asset's history.

The IT-service links' history (``ITService.history`` snapshots ``assets`` and ``user_units``)
is read with the generic ``isms.history.link_entries`` and ``m2m_entries``.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from isms.history import Change, HistoryEntry

from .models import InformationAsset

# The only facts of a säkerhetsskydd asset the portal shows, also in its history.
SECURITY_PROTECTION_SHOWN = ("name", "unit", "security_protection", "security_protection_note")


def hidden() -> str:
    return _("(dold – säkerhetsskydd)")


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
