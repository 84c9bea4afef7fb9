"""Writes of the risk app, split by concept. Import from here."""

from .actions import (
    ACTION_FIELDS,
    ANALYSIS_FIELDS,
    action_create,
    action_update,
    analysis_create,
    analysis_update,
)
from .risks import (
    FORM_STATUSES,
    LINK_FIELDS,
    RISK_FIELDS,
    risk_accept,
    risk_close,
    risk_create,
    risk_update,
)
from .rules import is_unit_chief

__all__ = [
    "ACTION_FIELDS", "ANALYSIS_FIELDS", "FORM_STATUSES", "LINK_FIELDS", "RISK_FIELDS",
    "action_create", "action_update", "analysis_create", "analysis_update", "is_unit_chief",
    "risk_accept", "risk_close", "risk_create", "risk_update",
]
