"""The start page overview: per unit, how far the classification work has come.

A fixed number of grouped queries whatever the number of units or assets, so the city-wide
function's overview of every nämnd and bolag costs the same as one official's of one unit.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from isms.aggregates import per_unit, percent
from nämnder.selectors import dashboard_units

from .models import Classification, ClassificationStatus, PlanStatus, UnitRequirement
from .selectors import unit_coverage

DONE = (PlanStatus.FULFILLED, PlanStatus.NOT_APPLICABLE)


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
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=DONE)),
    )
    rows = []
    for coverage in unit_coverage(units=units):
        unit = coverage["unit"]
        c, p = classifications.get(unit.pk, {}), plans.get(unit.pk, {})
        total, done = p.get("total", 0), p.get("done", 0)
        rows.append({
            **coverage,
            "submitted": c.get("submitted", 0),
            "overdue": c.get("overdue", 0),
            "plan_total": total,
            "plan_done": done,
            "plan_percent": percent(done, total),
        })
    return rows
