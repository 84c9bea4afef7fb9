from .assets import (
    ASSET_DETAIL_FIELDS,
    CLASSIFICATION_STATE_FIELDS,
    InformationAsset,
    ITService,
    ITServiceKind,
    PersonalData,
)
from .classification import (
    OPEN_STATUSES,
    Classification,
    ClassificationAspectLevel,
    ClassificationAssessment,
    ClassificationStatus,
)
from .guidance import LevelCriterion, PersonalDataMinimum
from .plans import (
    OPEN_PLAN_STATUSES,
    PlanItem,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)
from .reference import (
    Aspect,
    ClassificationLevel,
    ClassificationSettings,
    ConsequenceCategory,
    Requirement,
    RequirementKind,
)

__all__ = [
    "ASSET_DETAIL_FIELDS", "CLASSIFICATION_STATE_FIELDS", "OPEN_PLAN_STATUSES", "OPEN_STATUSES", "Aspect", "Classification", "ClassificationAspectLevel", "ClassificationAssessment",
    "ClassificationLevel", "ClassificationSettings", "ClassificationStatus", "ConsequenceCategory",
    "ITService", "ITServiceKind", "InformationAsset", "LevelCriterion", "PersonalData",
    "PersonalDataMinimum", "PlanItem", "PlanStatus",
    "Requirement", "RequirementKind", "ServiceRequirement", "UnitRequirement",
]
