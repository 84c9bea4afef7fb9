"""Confidential incidents in the read-access log (``isms.audit``; issue 14). Registered in
``IncidenterConfig.ready()``.

A confidential incident is *skyddsvärd information*: every page that shows its content (the
incident's page with its timeline, actions and history, its edit form, the printable summary
for an authority) and every export that holds its content is logged. Seeing only that it exists
(its unit, dates and deadlines: ``content_visible`` false, ``selectors.access``) shows nothing
protected and is not logged. An ordinary incident is never logged.
"""

from __future__ import annotations

from isms import audit

from .models import Incident


def protected_incidents(ids) -> dict[int, int]:
    """{incident id: unit id} of the confidential incidents among ``ids`` (one query)."""
    return dict(
        Incident.objects.filter(pk__in=ids, confidential=True)
        .order_by().values_list("pk", "unit_id")
    )


def incident_read(request, incident: Incident) -> None:
    """The page shows ``incident``: logged when its content is shown and it is confidential."""
    if getattr(incident, "content_visible", False) and incident.confidential:
        audit.object_read(request, incident)  # (it reads again whether it is confidential)


def content_read(incidents):
    """Of an export's incidents (``selectors.visible_incidents``), those exported with their
    content: what the export's entry names (``isms.views.export_if_requested(read_log=…)``)."""
    return incidents.filter(content_visible=True)
