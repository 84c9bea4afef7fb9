"""Pages of the incident register: thin views that parse, call one service or selector, render."""

from .incidents import (
    deadlines,
    incident_close,
    incident_detail,
    incident_edit,
    incident_grant,
    incident_list,
    incident_reopen,
    incident_revoke,
    quick_report,
    timeline_add,
)
from .obligations import action_create, action_edit, obligation_edit, obligation_summary

__all__ = [
    "action_create", "action_edit", "deadlines", "incident_close", "incident_detail",
    "incident_edit", "incident_grant", "incident_revoke", "incident_list", "incident_reopen", "obligation_edit",
    "obligation_summary", "quick_report", "timeline_add",
]
