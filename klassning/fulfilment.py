"""One definition of action-plan progress, used by the start page, the IT-service pages, the
city-wide list of prioritised services and the yearly reports.

- **Fulfilment**: a requirement counts as done only when it is *Uppfylld*; one judged *Ej
  tillämplig* is left out of the denominator (it is neither done nor outstanding). Only current
  requirements count (``is_current``).
- **Overdue**: a due date before today on a requirement that is *Ej påbörjad* or *Pågår*.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Count, Q, Value, When

from .models import OPEN_PLAN_STATUSES, PlanStatus


def percent(part: int, whole: int) -> int | None:
    """Whole-number share, or None when there is nothing to count."""
    return round(100 * part / whole) if whole else None


def fulfilment(counts: dict[str, int]) -> dict:
    """From ``{status: count}`` of current requirements: ``total``, ``fulfilled``,
    ``applicable`` (total less *Ej tillämplig*) and ``percent`` (fulfilled of applicable)."""
    total = sum(counts.values())
    applicable = total - counts.get(PlanStatus.NOT_APPLICABLE, 0)
    fulfilled = counts.get(PlanStatus.FULFILLED, 0)
    return {
        "total": total, "fulfilled": fulfilled, "applicable": applicable,
        "percent": percent(fulfilled, applicable),
    }


def fulfilment_aggregates(prefix: str = "") -> dict:
    """Aggregates for a grouped query over plan items (``prefix`` reaches them through a
    relation, e.g. ``"requirement_items__"``): ``total``, ``fulfilled``, ``applicable``, all
    over current requirements. Turn a row into a percentage with :func:`row_percent`."""
    current = Q(**{f"{prefix}is_current": True})
    return {
        "total": Count(f"{prefix}pk", filter=current, distinct=bool(prefix)),
        "fulfilled": Count(
            f"{prefix}pk", filter=current & Q(**{f"{prefix}status": PlanStatus.FULFILLED}),
            distinct=bool(prefix),
        ),
        "applicable": Count(
            f"{prefix}pk", filter=current & ~Q(**{f"{prefix}status": PlanStatus.NOT_APPLICABLE}),
            distinct=bool(prefix),
        ),
    }


def row_percent(row) -> int | None:
    """The fulfilment percentage of a row (dict or object) from :func:`fulfilment_aggregates`."""
    get = row.get if isinstance(row, dict) else (lambda key, default=0: getattr(row, key, default))
    return percent(get("fulfilled", 0), get("applicable", 0))


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Current plan items whose due date has passed and that are not yet done."""
    return Q(**{
        f"{prefix}is_current": True, f"{prefix}due_date__lt": today,
        f"{prefix}status__in": OPEN_PLAN_STATUSES,
    })


def with_overdue(qs, today: dt.date):
    """Annotate plan items with ``is_overdue`` (see :func:`overdue_q`)."""
    return qs.annotate(
        is_overdue=Case(
            When(overdue_q(today), then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        )
    )
