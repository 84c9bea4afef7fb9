"""Reads of the classification app, split by concept.

- here: levels per aspect (used by the plan services too); ``reference``: the reference data;
- ``assets``: information assets and their classifications;
- ``services``: IT services (visibility to owners and users, prioritisation);
- ``plans``: action plans (requirements per unit and per IT service);
- ``figures``: report figures; they take units or querysets and no request (the report
  section ``klassning.report`` and the start page read through them).

The user-facing functions narrow everything through ``nämnder.access``. Everything is
re-exported here: import ``klassning.selectors``.
"""

from __future__ import annotations

from django.db.models import Max, QuerySet

from ..levels import profile_for
from ..models import (
    ClassificationAspectLevel,
    ClassificationAssessment,
    ClassificationStatus,
    ITService,
)
from . import reference as _reference

APPROVED = ClassificationStatus.APPROVED


# --- Levels per aspect (used by the plan services too) -----------------------------------------

def _levels(assessments: QuerySet) -> dict[int, int]:
    rows = assessments.values("aspect_id").annotate(level=Max("level"))
    return {row["aspect_id"]: row["level"] for row in rows}


def _approved_levels() -> QuerySet:
    """The per-aspect levels of approved classifications (``ClassificationAspectLevel``: the
    highest level of each aspect over its assessments in active consequence categories, a
    retired category is not shown in the matrix so it must not raise a level either). The
    maximum over them is the maximum over those assessments, from one row per aspect."""
    return ClassificationAspectLevel.objects.filter(
        classification__status=APPROVED, classification__asset__security_protection=False,
    )


def approved_assessment_levels() -> QuerySet:
    """The same levels computed from the assessments themselves (what ``_approved_levels``
    stores): the reference the tests compare the stored levels with."""
    return ClassificationAssessment.objects.filter(
        classification__status=APPROVED, classification__asset__security_protection=False,
        category__is_active=True,
    )


def unit_aspect_levels(*, unit) -> dict[int, int]:
    """{aspect_id: highest approved level} over the unit's information assets."""
    return _levels(_approved_levels().filter(classification__asset__unit=unit))


def service_aspect_levels(*, service) -> dict[int, int]:
    """{aspect_id: level an IT service needs}: the max over the assets it handles."""
    return _levels(_approved_levels().filter(classification__asset__it_services=service))


def required_profiles(service_ids=None) -> dict[int, str]:
    """{service_id: "K3 R2 T2 S3"} of the services ``service_ids`` (or of every service), in one
    query: from the links to each asset's approved classification
    (``InformationAsset.current_classification``, kept by the classification services) to its
    per-aspect levels, with no pass over the classifications themselves. A service with no
    approved classification among its assets is absent. What ``ITService.required_profile``
    keeps (``services.service_profile_refresh``) and the tests compare it with."""
    level = "informationasset__current_classification__aspect_levels__level"
    rows = ITService.assets.through.objects.filter(
        informationasset__security_protection=False, **{f"{level}__isnull": False},
    )
    if service_ids is not None:
        rows = rows.filter(itservice_id__in=list(service_ids))
    rows = (
        rows.values_list(
            "itservice_id", "informationasset__current_classification__aspect_levels__aspect_id",
        )
        .annotate(level=Max(level)).order_by()
    )
    levels: dict[int, dict[int, int]] = {}
    for service_id, aspect_id, lv in rows:
        levels.setdefault(service_id, {})[aspect_id] = lv
    ordered = _reference.aspects()  # SQL built once per process
    return {sid: profile_for(lv, ordered) for sid, lv in levels.items()}


def service_profiles(services) -> dict[int, str]:
    """{service_id: "K3 R2 T2 S3"} of ``services`` computed from the classifications
    (:func:`required_profiles`); the pages read the kept ``ITService.required_profile``."""
    return required_profiles([s.pk for s in services])


# Re-exports: the concepts live in their own modules.
from .assets import (  # noqa: E402
    ASSET_SORTS,
    ServiceAsset,
    ServiceAssetSummary,
    asset_classifications,
    asset_details_removed,
    asset_get,
    asset_history,
    asset_it_services,
    asset_list,
    classification_assessments,
    classification_diff,
    classification_get,
    classification_matrix,
    it_service_asset_summary,
    units_for_new_records,
    with_classification_state,
)
from .figures import (  # noqa: E402
    overdue_reviews,
    plan_controls,
    plan_status_counts,
    prioritised_services,
    profile_counts,
    service_plan_status_counts,
    status_counts_of,
    unit_coverage,
)
from .plans import (  # noqa: E402
    plan_item_history,
    service_plan,
    service_plan_item_get,
    service_plan_items,
    unit_plan,
    unit_plan_item_get,
    unit_plan_items,
)
from .reference import aspects, assessment_names, reference_data  # noqa: E402
from .services import (  # noqa: E402
    active_unit_count,
    it_service_choices,
    it_service_get,
    it_service_history,
    it_service_list,
    it_service_user_unit_names,
    service_visibility,
    services_of_units,
    visibility_q,
    with_prioritised,
)

__all__ = [
    "APPROVED", "ASSET_SORTS", "active_unit_count", "asset_classifications", "asset_details_removed", "asset_get",
    "asset_history", "asset_it_services", "asset_list", "aspects", "assessment_names", "classification_assessments",
    "classification_diff",
    "classification_get", "classification_matrix", "ServiceAsset", "ServiceAssetSummary", "it_service_asset_summary", "it_service_choices",
    "it_service_get", "it_service_history", "it_service_list", "it_service_user_unit_names", "overdue_reviews",
    "plan_controls", "plan_item_history", "plan_status_counts", "prioritised_services", "profile_counts",
    "reference_data", "service_aspect_levels", "service_visibility", "service_plan",
    "service_plan_item_get", "service_plan_items", "service_plan_status_counts", "service_profiles", "status_counts_of",
    "services_of_units", "unit_aspect_levels", "visibility_q",
    "unit_coverage", "unit_plan", "unit_plan_item_get", "unit_plan_items", "units_for_new_records",
    "with_classification_state", "with_prioritised", "required_profiles",
]
