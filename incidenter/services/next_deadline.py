"""The nearest open deadline kept on each incident (``Incident.next_deadline``).

The obligations are the truth: the least ``deadline`` of the incident's obligations still to be
sent (``selectors.OPEN_OBLIGATION``: not sent, not "gäller inte"), None when none is open. The
column mirrors that so the incident list filters on obligations still to be sent or overdue,
and sorts by the nearest deadline, with a plain indexed column instead of a subquery over the
obligations per incident.

Kept in the same transaction by every service that writes an incident's obligations: creating
them (``obligations_ensure``, the quick report), recomputing their deadlines (a changed
discovery time, a notification sent that a later one runs from) and assessing or sending one
(``obligation_update``). The status does not count (the lists leave closed incidents out
themselves), so closing and reopening leave it. Bulk loaders (``incidenter.scale``) call
:func:`next_deadline_refresh` for what they wrote; the data migration
``0006_incident_next_deadline`` fills it; ``manage.py incident_deadlines`` compares the kept
values with a recomputation (``--fix`` repairs them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min, OuterRef, Subquery

from ..models import Incident, IncidentObligation
from ..selectors import OPEN_OBLIGATION


def nearest_open_deadline() -> Subquery:
    """The least deadline of the outer incident's open obligations (None without one)."""
    return Subquery(
        IncidentObligation.objects.filter(OPEN_OBLIGATION, incident=OuterRef("pk"))
        .order_by().values("incident").annotate(first=Min("deadline")).values("first")
    )


def next_deadline_mismatches(incident_ids: Iterable[int] | None = None
                             ) -> list[tuple[int, object, object]]:
    """(incident id, kept, recomputed) of each incident whose kept ``next_deadline`` differs
    from a recomputation: empty when the column is right."""
    incidents = Incident.objects.order_by("pk")
    if incident_ids is not None:
        incidents = incidents.filter(pk__in=list(incident_ids))
    return [
        (pk, kept, computed)
        for pk, kept, computed in incidents.annotate(computed=nearest_open_deadline())
        .values_list("pk", "next_deadline", "computed")
        if kept != computed
    ]


def next_deadline_refresh(*, incident_ids: Iterable[int] | None = None) -> int:
    """Recompute the kept nearest deadline of the incidents ``incident_ids`` (or of every
    incident) and write the ones that changed; returns how many.

    The incidents' rows are locked first (in key order), and the obligations read after the
    lock, by a statement of its own: two transactions changing different obligations of one
    incident each recompute after the other's commit (one ``UPDATE … SET = (subquery)`` would
    read the obligations as they were when it started, and could write the other's stale
    value). Derived data: no history record, the incident's ``version`` and ``updated_at``
    stay."""
    ids = None if incident_ids is None else sorted(set(incident_ids))
    if ids == []:
        return 0
    with transaction.atomic(savepoint=False):
        incidents = Incident.objects.select_for_update().order_by("pk")
        if ids is not None:
            incidents = incidents.filter(pk__in=ids)
        locked = list(incidents.values_list("pk", flat=True))
        wrong = next_deadline_mismatches(locked if ids is not None else None)
        changed = [Incident(pk=pk, next_deadline=computed) for pk, _kept, computed in wrong]
        if changed:
            Incident.objects.bulk_update(changed, ["next_deadline"], batch_size=500)
    return len(changed)
