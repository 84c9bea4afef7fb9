"""Derived requirements: recompute the action plans from approved classifications.

An approved classification reaches a level per aspect. A catalogue requirement applies when the
level reached for its aspect is at least the requirement's ``min_level``. Organisational
requirements go on the owning unit's plan (levels: max over the unit's approved assets);
technical ones on every IT service handling the asset (levels: max over the service's assets).
Recomputing never deletes an item: one no longer required is marked ``is_current=False`` and
keeps its status, responsible person and due date for when it applies again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from isms.audit import bulk_create_with_history, bulk_update_with_history
from isms.locking import versioned_update
from nämnder import access
from nämnder.models import OrganisationUnit

from .. import handover as selectors_handover
from .. import notifications, selectors
from ..levels import requirements_applying
from ..models import (
    ITService,
    PlanItem,
    Requirement,
    RequirementKind,
    ServiceRequirement,
    UnitRequirement,
)
from . import evidence


def _active_requirements(kind: str) -> list[Requirement]:
    return list(Requirement.objects.filter(is_active=True, kind=kind))


def _recompute(*, actor, model, owner_field: str, owner, requirements, levels: dict[int, int]):
    """``requirements``: the active catalogue requirements of the plan's kind.

    Returns the items that are new on the plan: created now, or current again after a time
    when no classification required them."""
    required = requirements_applying(requirements, levels)
    existing = {item.requirement_id: item for item in model.objects.filter(**{owner_field: owner})}
    acknowledged = model is ServiceRequirement
    to_create, to_update, reactivated = [], [], []
    for requirement_id, level in required.items():
        item = existing.get(requirement_id)
        if item is None:
            to_create.append(
                model(**{owner_field: owner}, requirement_id=requirement_id, required_level=level)
            )
        elif not item.is_current or item.required_level != level:
            if not item.is_current:
                reactivated.append(item)
                if acknowledged:  # applies again: the owner acknowledges it anew
                    item.acknowledged_by, item.acknowledged_at = None, None
            item.is_current, item.required_level = True, level
            to_update.append(item)
    for requirement_id, item in existing.items():
        if requirement_id not in required and item.is_current:
            item.is_current = False
            to_update.append(item)
    for item in to_create + to_update:
        item._history_user = actor
    created = []
    if to_create:
        created = bulk_create_with_history(to_create, model, default_user=actor)
    if to_update:
        fields = ["is_current", "required_level"]
        if acknowledged:
            fields += ["acknowledged_by", "acknowledged_at"]
        bulk_update_with_history(to_update, model, fields, default_user=actor)
    return [*created, *reactivated]


def _recompute_unit(*, actor, unit, requirements):
    return _recompute(
        actor=actor, model=UnitRequirement, owner_field="unit", owner=unit,
        requirements=requirements, levels=selectors.unit_aspect_levels(unit=unit),
    )


def _recompute_service(*, actor, service, requirements) -> list[ServiceRequirement]:
    new_items = _recompute(
        actor=actor, model=ServiceRequirement, owner_field="it_service", owner=service,
        requirements=requirements, levels=selectors.service_aspect_levels(service=service),
    )
    if new_items:
        service_requirements_added(actor=actor, service=service, items=new_items)
    return new_items


def service_requirements_added(*, actor, service, items: list[ServiceRequirement]) -> None:
    """The one place where new technical requirements on an IT service are known.

    Called once per IT service and recompute (after a classification is approved, an asset is
    linked to the service, or the catalogue changed) with the ``ServiceRequirement`` items that
    are new on the service's list: created now, or applying again (their acknowledgement was
    cleared, so the service's owner sees them as new). ``actor`` made the change that caused
    them; ``service.owner`` (a portal user, may be None) is who should hear about them.

    Runs inside the recompute's transaction; ``notifieringar`` stores the owner's notification
    in it and e-mails it (by id, through Celery) only after the commit.
    """
    notifications.service_requirements_added(actor=actor, service=service, items=items)


def _lock(model, pk) -> None:
    """Recomputations of one plan run one at a time: two approvals in the same unit (or of
    assets on the same IT service) would otherwise both create the same new plan items."""
    model.objects.select_for_update().filter(pk=pk).first()


@transaction.atomic
def plans_recompute_for_unit(*, actor, unit) -> list[UnitRequirement]:
    """Recompute the unit's action plan; returns the requirements new on it."""
    _lock(OrganisationUnit, unit.pk)
    return _recompute_unit(
        actor=actor, unit=unit,
        requirements=_active_requirements(RequirementKind.ORGANISATIONAL),
    )


@transaction.atomic
def plans_recompute_for_service(*, actor, service) -> list[ServiceRequirement]:
    """Recompute the IT service's technical requirements; returns the requirements new on it
    (also handed to :func:`service_requirements_added`)."""
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


PLAN_ITEM_FIELDS = (
    "status", "motivation", "evidence_note", "evidence_link", "evidence_file",
    "responsible_user", "responsible", "due_date",
)


@transaction.atomic
def plan_item_update(*, actor, item: PlanItem, expected_version: int | None, reason: str = "",
                     **fields) -> PlanItem:
    """Status, responsible person, due date and evidence of one requirement.

    ``reason`` (optional, at most 100 characters) is written to the history record as why the
    item changed, e.g. by another app that hands a finding to the plan.

    *Uppfylld* needs evidence (a note, a link or a file). A new file is checked for type and
    size (``evidence.validate_evidence_file``) and stored under MEDIA_ROOT with a random name;
    the name the user gave it is kept for the download. ``responsible_user`` must be one of
    ``responsible_user_choices(item)``."""
    unit = item.unit if isinstance(item, UnitRequirement) else item.it_service.unit
    access.require_unit_writable(actor, unit)
    upload = fields.get("evidence_file")
    if isinstance(upload, UploadedFile):
        evidence.validate_evidence_file(upload)
        fields["evidence_file_name"] = evidence.clean_file_name(upload.name)
    elif upload is False:  # "Ta bort" on the file field
        fields["evidence_file"], fields["evidence_file_name"] = "", ""
    person = fields.get("responsible_user")
    if person is not None and not selectors_handover.responsible_user_choices(item=item).filter(
        pk=person.pk
    ).exists():
        raise ValidationError({
            "responsible_user": _("Välj en person som är medlem i enheten eller ansvarar för "
                                  "it-tjänsten.")
        })
    return versioned_update(
        instance=item, actor=actor, expected_version=expected_version, fields=fields,
        allowed=(*PLAN_ITEM_FIELDS, "evidence_file_name"), reason=reason,
    )
