"""The start page overview: per unit, how far the classification work has come.

A fixed number of grouped queries whatever the number of units or assets, so the city-wide
function's overview of every nämnd and bolag costs the same as one official's of one unit.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from isms.aggregates import per_unit
from nämnder.selectors import dashboard_units

from .fulfilment import fulfilment_aggregates, fulfilment_of_row, overdue_q
from .models import Classification, ClassificationStatus, UnitRequirement
from .selectors import unit_coverage


def unit_overview(*, user) -> list[dict]:
    units = list(dashboard_units(user=user))
    today = timezone.localdate()
    classifications = per_unit(
        Classification.objects.filter(asset__unit__in=units),
        "asset__unit_id",
        submitted=Count("pk", filter=Q(status=ClassificationStatus.SUBMITTED)),
        overdue=Count(
            "pk", filter=Q(status=ClassificationStatus.APPROVED, review_due__lt=today)
        ),
    )
    plans = per_unit(
        UnitRequirement.objects.filter(unit__in=units, is_current=True),
        "unit_id",
        **fulfilment_aggregates(),
        plan_overdue=Count("pk", filter=overdue_q(today)),
    )
    rows = []
    for coverage in unit_coverage(units=units):
        unit = coverage["unit"]
        c, p = classifications.get(unit.pk, {}), plans.get(unit.pk, {})
        rows.append({
            **coverage,
            "submitted": c.get("submitted", 0),
            "overdue": c.get("overdue", 0),
            # Fulfilled of the applicable current items ("Ej tillämplig" left out), as in the
            # yearly report: klassning.fulfilment.
            "plan": fulfilment_of_row(p),
            "plan_overdue": p.get("plan_overdue", 0),
        })
    return rows
