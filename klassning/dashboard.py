"""The start page overview: per unit, how far the classification work has come.

A fixed number of grouped queries whatever the number of units or assets, so the city-wide
function's overview of every nämnd and bolag costs the same as one official's of one unit.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from isms.aggregates import per_unit, percent
from nämnder import access
from nämnder.selectors import memberships_of

from .models import Classification, ClassificationStatus, PlanStatus, UnitRequirement
from .selectors import unit_coverage

DONE = (PlanStatus.FULFILLED, PlanStatus.NOT_APPLICABLE)


def dashboard_units(*, user):
    """The units on a person's start page: their own, or every active one for city-wide roles."""
    if access.sees_all_units(user):
        return access.visible_units(user).operational().order_by("kind", "name")
    member_of = memberships_of(user=user).values("unit_id")
    return access.visible_units(user).filter(pk__in=member_of).order_by("name")


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
