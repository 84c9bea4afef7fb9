"""The classification's reference data: aspects, consequence categories, levels."""

from __future__ import annotations

from isms.compiled import CompiledQuery

from ..models import Aspect, ClassificationLevel, ConsequenceCategory

# Read on every classification form, asset, plan and IT-service page: their SQL built once per
# process, and prepared once per database session (planned no more on each page).
_ASPECTS = CompiledQuery(lambda: Aspect.objects.all(), prepare=True)
_CATEGORIES = CompiledQuery(lambda: ConsequenceCategory.objects.filter(is_active=True), prepare=True)
_LEVELS = CompiledQuery(lambda: ClassificationLevel.objects.all(), prepare=True)
_ALL_CATEGORIES = CompiledQuery(lambda: ConsequenceCategory.objects.all(), prepare=True)


def aspects() -> list[Aspect]:
    return _ASPECTS.objects()


def reference_data() -> dict:
    return {
        "aspects": _ASPECTS.objects(),
        "categories": _CATEGORIES.objects(),
        "levels": _LEVELS.objects(),
    }


def assessment_names() -> list:
    """Every aspect and consequence category (retired ones too): what a history of assessments
    names them by (``asset_history(known=...)``), in two queries built once per process."""
    return [*_ASPECTS.objects(), *_ALL_CATEGORIES.objects()]
