"""Writes of the classification app, split by concept. Import from here."""

from isms.dates import add_months

from ..levels import aspect_levels, profile_for
from .assets import (
    ASSET_FIELDS,
    IT_SERVICE_FIELDS,
    asset_create,
    asset_update,
    it_service_create,
    it_service_update,
)
from .classification import (
    classification_approve,
    classification_return,
    classification_save,
    classification_start,
    classification_submit,
    submit_problems,
)
from .classification_levels import classification_levels_refresh, consequence_category_save
from .classification_state import classification_state_refresh
from .handover import service_requirements_acknowledge
from .plans import (
    PLAN_ITEM_FIELDS,
    plan_item_update,
    plans_recompute_all,
    plans_recompute_for_service,
    plans_recompute_for_unit,
    service_requirements_added,
)
from .service_profile import service_profile_mismatches, service_profile_refresh

__all__ = [
    "ASSET_FIELDS", "IT_SERVICE_FIELDS", "PLAN_ITEM_FIELDS", "add_months", "aspect_levels",
    "asset_create", "asset_update", "classification_approve", "classification_return",
    "classification_levels_refresh", "classification_save", "classification_start", "classification_state_refresh", "classification_submit", "it_service_create",
    "consequence_category_save", "it_service_update", "plan_item_update", "plans_recompute_all",
    "plans_recompute_for_service", "plans_recompute_for_unit", "profile_for",
    "service_profile_mismatches", "service_profile_refresh", "service_requirements_acknowledge", "service_requirements_added", "submit_problems",
]
