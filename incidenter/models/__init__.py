from .incidents import (
    CLOSED_STATUSES,
    ActionStatus,
    Applicability,
    Incident,
    IncidentAction,
    IncidentObligation,
    IncidentStatus,
    ReminderSent,
    TimelineEntry,
)
from .reference import (
    IncidentCategory,
    ReportingObligation,
    SeverityLevel,
    UnitCyberLawScope,
)

__all__ = [
    "CLOSED_STATUSES", "ActionStatus", "Applicability", "Incident", "IncidentAction",
    "IncidentCategory", "IncidentObligation", "IncidentStatus", "ReminderSent",
    "ReportingObligation", "SeverityLevel", "TimelineEntry", "UnitCyberLawScope",
]
