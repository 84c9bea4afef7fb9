from .matrix import Axis, RiskLevel, RiskMatrix, RiskScaleStep
from .risks import (
    MOTIVATED_TREATMENTS,
    OPEN_ACTION_STATUSES,
    OPEN_RISK_STATUSES,
    ActionStatus,
    Risk,
    RiskAction,
    RiskAnalysis,
    RiskStatus,
    ScopeKind,
    Treatment,
)

__all__ = [
    "MOTIVATED_TREATMENTS", "OPEN_ACTION_STATUSES", "OPEN_RISK_STATUSES", "ActionStatus", "Axis",
    "Risk", "RiskAction", "RiskAnalysis", "RiskLevel", "RiskMatrix", "RiskScaleStep",
    "RiskStatus", "ScopeKind", "Treatment",
]
