"""Derived requirements: recompute the action plans from approved classifications.

An approved classification reaches a level per aspect. A catalogue requirement applies when the
level reached for its aspect is at least the requirement's ``min_level``. Organisational
requirements go on the owning unit's plan (levels: max over the unit's approved assets);
technical ones on every IT service handling the asset (levels: max over the service's assets).
Recomputing never deletes an item: one no longer required is marked ``is_current=False`` and
keeps its status, responsible person and due date for when it applies again.
"""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from isms.locking import versioned_update
from nämnder import access
from nämnder.models import OrganisationUnit

from .. import selectors
from ..models import (
    ITService,
    PlanItem,
    Requirement,
    RequirementKind,
    ServiceRequirement,
    UnitRequirement,
)


def _active_requirements(kind: str) -> list[Requirement]:
    return list(Requirement.objects.filter(is_active=True, kind=kind))


def _recompute(*, actor, model, owner_field: str, owner, requirements, levels: dict[int, int]):
    """``requirements``: the active catalogue requirements of the plan's kind."""
    required = {
        r.pk: levels.get(r.aspect_id, 0) for r in requirements
        if levels.get(r.aspect_id, 0) >= r.min_level
    }
    existing = {item.requirement_id: item for item in model.objects.filter(**{owner_field: owner})}
    to_create, to_update = [], []
    for requirement_id, level in required.items():
        item = existing.get(requirement_id)
        if item is None:
            to_create.append(
                model(**{owner_field: owner}, requirement_id=requirement_id, required_level=level)
            )
        elif not item.is_current or item.required_level != level:
            item.is_current, item.required_level = True, level
            to_update.append(item)
    for requirement_id, item in existing.items():
        if requirement_id not in required and item.is_current:
            item.is_current = False
            to_update.append(item)
    for item in to_create + to_update:
        item._history_user = actor
    if to_create:
        bulk_create_with_history(to_create, model, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, model, ["is_current", "required_level"], default_user=actor
        )
    return len(to_create), len(to_update)


def _recompute_unit(*, actor, unit, requirements):
    return _recompute(
        actor=actor, model=UnitRequirement, owner_field="unit", owner=unit,
        requirements=requirements, levels=selectors.unit_aspect_levels(unit=unit),
    )


def _recompute_service(*, actor, service, requirements):
    return _recompute(
        actor=actor, model=ServiceRequirement, owner_field="it_service", owner=service,
        requirements=requirements, levels=selectors.service_aspect_levels(service=service),
    )


def _lock(model, pk) -> None:
    """Recomputations of one plan run one at a time: two approvals in the same unit (or of
    assets on the same IT service) would otherwise both create the same new plan items."""
    model.objects.select_for_update().filter(pk=pk).first()


@transaction.atomic
def plans_recompute_for_unit(*, actor, unit):
    _lock(OrganisationUnit, unit.pk)
    return _recompute_unit(
        actor=actor, unit=unit,
        requirements=_active_requirements(RequirementKind.ORGANISATIONAL),
    )


@transaction.atomic
def plans_recompute_for_service(*, actor, service):
    _lock(ITService, service.pk)
    return _recompute_service(
        actor=actor, service=service, requirements=_active_requirements(RequirementKind.TECHNICAL)
    )


@transaction.atomic
def plans_recompute_all(*, actor) -> None:
    """After the catalogue changed: recompute every unit's and IT service's plan. The active
    requirements are read once, not once per unit and service. Every plan is locked (as one
    approval locks its own) for the whole recomputation."""
    organisational = _active_requirements(RequirementKind.ORGANISATIONAL)
    technical = _active_requirements(RequirementKind.TECHNICAL)
    for unit in OrganisationUnit.objects.select_for_update():
        _recompute_unit(actor=actor, unit=unit, requirements=organisational)
    for service in ITService.objects.select_for_update():
        _recompute_service(actor=actor, service=service, requirements=technical)


PLAN_ITEM_FIELDS = ("status", "motivation", "responsible", "due_date")


@transaction.atomic
def plan_item_update(*, actor, item: PlanItem, expected_version: int | None, **fields) -> PlanItem:
    unit = item.unit if isinstance(item, UnitRequirement) else item.it_service.unit
    access.require_unit_writable(actor, unit)
    return versioned_update(
        instance=item, actor=actor, expected_version=expected_version, fields=fields,
        allowed=PLAN_ITEM_FIELDS,
    )
