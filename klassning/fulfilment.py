"""Action-plan fulfilment: the one definition the start page and the reports share.

Fulfilment is *fulfilled / (all current items − not applicable)*. A requirement marked "Ej
tillämplig" is neither done nor outstanding: it leaves the denominator. With nothing applicable
the share is ``None`` (shown as "–" or "Ingen plan än"), never 0 % or 100 %.

Counts come from the database (``fulfilment_aggregates()`` in a grouped query, or a
``{status: count}`` mapping); this module only does the arithmetic, so every page and the PDF
compute the same figure from the same counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import PlanStatus
from .selectors import percent


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


def plan_fulfilment(
    counts: Mapping[str, int] | None = None, *, total: int | None = None,
    fulfilled: int | None = None, not_applicable: int | None = None,
) -> Fulfilment:
    """The fulfilment of current plan items, from ``{status: count}`` or from the three counts
    (``total`` over all current items, whatever their status)."""
    if counts is not None:
        return Fulfilment(
            total=sum(counts.values()),
            fulfilled=counts.get(PlanStatus.FULFILLED, 0),
            not_applicable=counts.get(PlanStatus.NOT_APPLICABLE, 0),
        )
    return Fulfilment(total=total or 0, fulfilled=fulfilled or 0,
                      not_applicable=not_applicable or 0)


def fulfilment_aggregates(field: str = "pk") -> dict:
    """Aggregates for a grouped query over *current* plan items, read back with
    :func:`fulfilment_of_row`."""
    return {
        "plan_total": Count(field),
        "plan_fulfilled": Count(field, filter=Q(status=PlanStatus.FULFILLED)),
        "plan_not_applicable": Count(field, filter=Q(status=PlanStatus.NOT_APPLICABLE)),
    }


def fulfilment_of_row(row: Mapping | None) -> Fulfilment:
    row = row or {}
    return plan_fulfilment(
        total=row.get("plan_total", 0), fulfilled=row.get("plan_fulfilled", 0),
        not_applicable=row.get("plan_not_applicable", 0),
    )


def combined(parts: Iterable[Fulfilment]) -> Fulfilment:
    return sum(parts, Fulfilment())
