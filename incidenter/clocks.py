"""Remaining time on each open obligation, for the pages (computed in Python from the
prefetched rows: no query per row)."""

from __future__ import annotations

from .deadlines import format_remaining


def clock(item, now) -> None:
    if not item.is_open:
        item.clock = None
        return
    delta = item.deadline - now
    item.clock = {"overdue": delta.total_seconds() < 0, "text": format_remaining(delta),
                  "soon": 0 <= delta.total_seconds() < 24 * 3600}


def attach_clocks(incidents, now, *, obligations=None) -> None:
    """Sets ``clock`` on each open obligation of ``incidents`` (their ``open_obligations``
    prefetched) and on ``obligations``."""
    for incident in incidents or ():
        for item in getattr(incident, "open_obligations", ()):
            clock(item, now)
    for item in obligations or ():
        clock(item, now)
