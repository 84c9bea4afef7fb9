"""The management system's models, split by concept."""

from .audits import (
    OPEN_ACTION_STATUSES,
    AccessReview,
    ActionStatus,
    Audit,
    AuditKind,
    Finding,
    FindingAction,
    FindingPlanItem,
    FindingStatus,
    Severity,
)
from .documents import DocumentStatus, DocumentVersion, SteeringDocument
from .reference import AnnexAControl, ControlTheme, Course, DocumentKind, DocumentScope
from .soa import Applicability, ApplicabilityStatement
from .training import (
    CompletionSource,
    ImportStatus,
    StaffCount,
    TrainingCompletion,
    TrainingImport,
)

__all__ = [
    "OPEN_ACTION_STATUSES", "AccessReview", "ActionStatus", "AnnexAControl", "Applicability",
    "ApplicabilityStatement", "Audit", "AuditKind", "CompletionSource", "ControlTheme", "Course",
    "DocumentKind", "DocumentScope", "DocumentStatus", "DocumentVersion", "Finding",
    "FindingAction", "FindingPlanItem", "FindingStatus", "ImportStatus", "Severity", "StaffCount",
    "SteeringDocument", "TrainingCompletion", "TrainingImport",
]
