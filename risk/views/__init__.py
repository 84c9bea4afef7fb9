from .actions import (
    action_create,
    action_edit,
    analysis_create,
    analysis_detail,
    analysis_edit,
    analysis_list,
)
from .risks import (
    level_css,
    risk_accept,
    risk_close,
    risk_create,
    risk_detail,
    risk_edit,
    risk_heatmap,
    risk_list,
)

__all__ = [
    "action_create", "action_edit", "analysis_create", "analysis_detail", "analysis_edit",
    "analysis_list", "level_css", "risk_accept", "risk_close", "risk_create", "risk_detail",
    "risk_edit", "risk_heatmap", "risk_list",
]
