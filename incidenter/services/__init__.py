"""Every write of the incident register."""

from .incidents import (
    INCIDENT_FIELDS,
    closing_problems,
    incident_close,
    incident_grant,
    incident_quick_report,
    incident_reopen,
    incident_revoke,
    incident_update,
    timeline_add,
)
from .obligations import (
    ACTION_FIELDS,
    OBLIGATION_FIELDS,
    action_create,
    action_update,
    obligation_update,
    obligations_ensure,
    obligations_recompute,
)
from .reminders import due_reminder_ids, reminders_send

__all__ = [
    "ACTION_FIELDS", "INCIDENT_FIELDS", "OBLIGATION_FIELDS", "action_create", "action_update",
    "closing_problems", "due_reminder_ids", "incident_close", "incident_grant",
    "incident_quick_report", "incident_reopen", "incident_revoke", "incident_update",
    "obligation_update", "obligations_ensure", "obligations_recompute", "reminders_send",
    "timeline_add",
]
