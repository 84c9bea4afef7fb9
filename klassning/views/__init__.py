"""Pages of informationsklassning: thin views that parse, call one service or selector, render."""

from .assets import (
    asset_compare,
    asset_create,
    asset_detail,
    asset_edit,
    asset_history,
    asset_list,
)
from .classification import (
    classification_approve,
    classification_detail,
    classification_edit,
    classification_preview,
    classification_return,
    classification_start,
    classification_submit,
)
from .it_services import (
    service_create,
    service_detail,
    service_edit,
    service_history,
    service_list,
)
from .owners import evidence_download, my_services, prioritised_services, service_acknowledge
from .plans import service_item_edit, unit_item_edit, unit_plan

__all__ = [
    "asset_compare", "asset_create", "asset_detail", "asset_edit", "asset_history", "asset_list",
    "classification_approve", "classification_detail", "classification_edit",
    "classification_preview", "classification_return", "classification_start",
    "classification_submit", "evidence_download", "my_services",
    "prioritised_services", "service_acknowledge", "service_create", "service_detail",
    "service_edit", "service_history", "service_item_edit", "service_list", "unit_item_edit", "unit_plan",
]
