"""Reads of the risk app. ``risks``: the register, heatmap, a risk with its actions and
history, analyses; ``figures``: the start page, the object panels and the report (they take
units or querysets). Import ``risk.selectors``."""

from ..matrix import load as active_matrix
from .figures import (
    above_criterion_counts,
    attention_counts,
    residual_cells,
    risks_for_object,
)
from .risks import (
    CURRENT,
    INHERENT,
    RESIDUAL,
    RISK_SORTS,
    action_get,
    analysis_choices,
    analysis_get,
    analysis_list,
    analysis_risks,
    filter_options,
    follow_up_overdue_q,
    heatmap_counts,
    may_register_any,
    overdue_actions_q,
    owner_choices,
    risk_actions,
    risk_get,
    risk_history,
    risk_links,
    risk_list,
    units_for_new_records,
    visible_risks,
    with_scores,
)

__all__ = [
    "CURRENT", "INHERENT", "RESIDUAL", "RISK_SORTS", "above_criterion_counts", "action_get", "active_matrix", "analysis_choices",
    "analysis_get", "analysis_list", "analysis_risks", "attention_counts", "residual_cells",
    "filter_options", "follow_up_overdue_q", "heatmap_counts", "may_register_any",
    "overdue_actions_q", "owner_choices",
    "risk_actions", "risk_get", "risk_history", "risk_links", "risk_list", "risks_for_object",
    "units_for_new_records", "visible_risks", "with_scores",
]
