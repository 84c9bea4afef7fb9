"""Action-plan progress: the one definition that the start page, the IT-service pages, the
city-wide list of prioritised services and the yearly reports share.

- **Fulfilment** is *fulfilled / (all current items − not applicable)*: a requirement counts as
  done only when it is *Uppfylld*; one judged *Ej tillämplig* is neither done nor outstanding and
  leaves the denominator. With nothing applicable the share is ``None`` (shown as "–" or "Ingen
  plan än"), never 0 % or 100 %. Only current requirements count (``is_current``).
- **Overdue**: a due date before today on a current requirement that is *Ej påbörjad* or *Pågår*.

Counts come from the database (:func:`fulfilment_aggregates` in a grouped query, or a
``{status: count}`` mapping); this module only does the arithmetic, so every page and the PDF
compute the same figure from the same counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, Value, When

from isms.aggregates import percent

from .models import OPEN_PLAN_STATUSES, PlanStatus


@dataclass(frozen=True)
class Fulfilment:
    total: int = 0
    fulfilled: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def percent(self) -> int | None:
        return percent(self.fulfilled, self.applicable)

    def __add__(self, other: Fulfilment) -> Fulfilment:
        return Fulfilment(
            total=self.total + other.total,
            fulfilled=self.fulfilled + other.fulfilled,
            not_applicable=self.not_applicable + other.not_applicable,
        )


def plan_fulfilment(counts: Mapping[str, int] | None = None) -> Fulfilment:
    """The fulfilment of current plan items from ``{status: count}``."""
    counts = counts or {}
    return Fulfilment(
        total=sum(counts.values()),
        fulfilled=counts.get(PlanStatus.FULFILLED, 0),
        not_applicable=counts.get(PlanStatus.NOT_APPLICABLE, 0),
    )


def fulfilment_aggregates(prefix: str = "", *, field: str = "pk") -> dict:
    """Aggregates for a grouped query over current plan items, read back with
    :func:`fulfilment_of_row`. ``prefix`` reaches the items through a relation (e.g.
    ``"requirement_items__"``); ``field`` is the column counted (``"id"`` for historical rows)."""
    current = Q(**{f"{prefix}is_current": True})
    counted, distinct = f"{prefix}{field}", bool(prefix)
    return {
        "plan_total": Count(counted, filter=current, distinct=distinct),
        "plan_fulfilled": Count(
            counted, filter=current & Q(**{f"{prefix}status": PlanStatus.FULFILLED}),
            distinct=distinct,
        ),
        "plan_not_applicable": Count(
            counted, filter=current & Q(**{f"{prefix}status": PlanStatus.NOT_APPLICABLE}),
            distinct=distinct,
        ),
    }


def fulfilment_of_row(row: Mapping | None) -> Fulfilment:
    """The :class:`Fulfilment` of a row annotated with :func:`fulfilment_aggregates`."""
    row = row or {}
    return Fulfilment(
        total=row.get("plan_total", 0), fulfilled=row.get("plan_fulfilled", 0),
        not_applicable=row.get("plan_not_applicable", 0),
    )


def combined(parts: Iterable[Fulfilment]) -> Fulfilment:
    return sum(parts, Fulfilment())


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
