"""The start page overview: per unit, how far the classification work has come.

A fixed number of grouped queries whatever the number of units or assets, so the city-wide
function's overview of every nämnd and bolag costs the same as one official's of one unit.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from isms.aggregates import per_unit
from nämnder.selectors import dashboard_units

from .fulfilment import fulfilment_aggregates, fulfilment_of_row, overdue_q
from .models import UnitRequirement
from .selectors import unit_coverage


def unit_overview(*, user) -> list[dict]:
    units = list(dashboard_units(user=user))
    today = timezone.localdate()
    plans = per_unit(
        UnitRequirement.objects.filter(unit__in=units, is_current=True),
        "unit_id",
        **fulfilment_aggregates(),
        plan_overdue=Count("pk", filter=overdue_q(today)),
    )
    rows = []
    # Assets, approvals waiting and overdue reviews: one grouped query over the assets' own
    # classification state (``unit_coverage``).
    for coverage in unit_coverage(units=units, today=today):
        p = plans.get(coverage["unit"].pk, {})
        rows.append({
            **coverage,
            # Fulfilled of the applicable current items ("Ej tillämplig" left out), as in the
            # yearly report: klassning.fulfilment.
            "plan": fulfilment_of_row(p),
            "plan_overdue": p.get("plan_overdue", 0),
        })
    return rows
