"""Contexts of the start-page panel and the object panels (IT service, information asset)."""

from __future__ import annotations

from django.utils import timezone

from . import selectors

OBJECT_PANEL_LIMIT = 10


def start_panel_context(request) -> dict:
    now = timezone.now()
    return {"figures": selectors.start_panel_figures(user=request.user, now=now), "now": now}


def object_panel_context(field: str):
    """Incidents concerning the object whose content the person may see (None: nothing)."""

    def context(request, obj):
        rows = selectors.incidents_about(
            user=request.user, field=field, obj=obj, limit=OBJECT_PANEL_LIMIT + 1)
        if not rows:
            return None
        return {"incidents": rows[:OBJECT_PANEL_LIMIT],
                "more": len(rows) > OBJECT_PANEL_LIMIT}

    return context
