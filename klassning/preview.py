"""The requirements a classification's profile will create, shown before it is sent for
approval. Uses the same rule as the plan recompute (``levels.requirements_applying``) on the
classification's own levels: what approving it at least requires of the unit and of each IT
service handling the asset."""

from __future__ import annotations

from .levels import aspect_levels, profile_for, requirements_applying
from .models import Requirement, RequirementKind, ServiceRequirement, UnitRequirement


def requirements_preview(*, classification) -> dict:
    asset = classification.asset
    levels = aspect_levels(classification.assessments.filter(category__is_active=True))
    catalogue = list(Requirement.objects.filter(is_active=True).select_related("aspect"))
    applying = requirements_applying(catalogue, levels)
    services = list(asset.it_services.order_by("name"))
    on_unit_plan = set(
        UnitRequirement.objects.filter(unit=asset.unit, is_current=True)
        .values_list("requirement_id", flat=True)
    )
    on_services: dict[int, set[int]] = {}
    for service_id, requirement_id in ServiceRequirement.objects.filter(
        it_service__in=services, is_current=True
    ).values_list("it_service_id", "requirement_id"):
        on_services.setdefault(requirement_id, set()).add(service_id)
    organisational, technical = [], []
    for requirement in catalogue:
        if requirement.pk not in applying:
            continue
        if requirement.kind == RequirementKind.ORGANISATIONAL:
            organisational.append({
                "requirement": requirement, "is_new": requirement.pk not in on_unit_plan,
            })
        else:
            technical.append({
                "requirement": requirement,
                "new_for": [
                    s for s in services if s.pk not in on_services.get(requirement.pk, set())
                ],
            })
    return {
        "profile": profile_for(levels), "organisational": organisational,
        "technical": technical, "services": services,
    }
