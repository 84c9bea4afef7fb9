"""Reads of the action plans: requirements per unit and per IT service."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from isms.compiled import CompiledQuery
from isms.history import entries_for
from nämnder import access

from ..fulfilment import with_overdue
from ..models import ServiceRequirement, UnitRequirement
from .services import _visible_services

# --- Action plans ------------------------------------------------------------------------------

def _plan(
    qs: QuerySet, *, status: str = "", kind: str = "", aspect: str = "", q: str = "",
    overdue: bool = False, today: dt.date | None = None,
):
    """Current requirements, each with ``is_overdue`` (``klassning.fulfilment``)."""
    today = today or timezone.localdate()
    qs = with_overdue(
        qs.filter(is_current=True).select_related("requirement__aspect", "responsible_user"), today
    )
    if overdue:
        qs = qs.filter(is_overdue=True)
    if status:
        qs = qs.filter(status=status)
    if aspect:
        qs = qs.filter(requirement__aspect__code=aspect)
    if q:
        qs = qs.filter(Q(requirement__title__icontains=q) | Q(requirement__code__icontains=q))
    return qs.order_by("requirement__aspect__order", "requirement__min_level", "requirement__code")


def unit_plan(*, unit, **filters) -> QuerySet[UnitRequirement]:
    return _plan(UnitRequirement.objects.filter(unit=unit), **filters)


def service_plan(*, service, **filters) -> QuerySet[ServiceRequirement]:
    """With who acknowledged each (``handover.acknowledgement`` of the whole plan)."""
    return _plan(
        ServiceRequirement.objects.filter(it_service=service).select_related("acknowledged_by"),
        **filters,
    )


_SERVICE_ID = -2_000_000_061  # a sentinel no service has (isms.compiled)
# An IT service's whole current plan, as its page shows it on every view: the SQL (the
# requirement, person and overdue columns) built once per process and day (``today`` is in it).
_SERVICE_PLAN = CompiledQuery(
    lambda key, service_id: service_plan(
        service=service_id, today=dt.date.fromisoformat(key)
    ),
    service_id=_SERVICE_ID, prepare=True,
)


def service_plan_items(*, service, today: dt.date | None = None) -> list[ServiceRequirement]:
    """``service_plan`` unfiltered, read: the same items, in the same order."""
    today = today or timezone.localdate()
    return _SERVICE_PLAN.objects(key=today.isoformat(), service_id=service.pk)


_UNIT_ID = -2_000_000_071  # a sentinel no unit has (isms.compiled)
# A unit's whole current plan, as its action plan shows it unfiltered: the SQL (requirement,
# aspect, person and overdue columns) built once per process and day, ~2.5 ms of Python per
# view at city scale.
_UNIT_PLAN = CompiledQuery(
    lambda key, unit_id: unit_plan(unit=unit_id, today=dt.date.fromisoformat(key)),
    unit_id=_UNIT_ID,
)


def unit_plan_items(*, unit, today: dt.date | None = None) -> list[UnitRequirement]:
    """``unit_plan`` unfiltered, read: the same items, in the same order."""
    today = today or timezone.localdate()
    return _UNIT_PLAN.objects(key=today.isoformat(), unit_id=unit.pk)


def unit_plan_item_get(*, user, pk, perm: str = access.VIEW) -> UnitRequirement:
    return access.get_for_user_or_404(
        user, UnitRequirement.objects.select_related("unit", "requirement__aspect"),
        perm=perm, pk=pk,
    )


def service_plan_item_get(*, user, pk, perm: str = access.VIEW) -> ServiceRequirement:
    """Visible with its IT service; a write needs ``perm`` on the service's owning unit."""
    return access.get_for_user_or_404(
        user, ServiceRequirement.objects.select_related("it_service__unit", "requirement__aspect"),
        visible=ServiceRequirement.objects.filter(it_service__in=_visible_services(user)),
        perm=perm, unit_field="it_service__unit", pk=pk,
    )


def plan_item_history(*, item, limit: int | None = 50):
    return entries_for(
        [type(item).history.filter(id=item.pk)],
        label=lambda record, names: names.get("requirement", {}).get(record.requirement_id, ""),
        limit=limit,
    )
