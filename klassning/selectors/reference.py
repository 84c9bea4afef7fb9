"""The classification's reference data: aspects, consequence categories, levels."""

from __future__ import annotations

from isms.compiled import CompiledQuery

from ..models import Aspect, ClassificationLevel, ConsequenceCategory

# Read on every view of the plan and IT-service pages: the SQL built once per process.
_ASPECTS = CompiledQuery(lambda: Aspect.objects.all())


def aspects() -> list[Aspect]:
    return _ASPECTS.objects()


def reference_data() -> dict:
    return {
        "aspects": list(Aspect.objects.all()),
        "categories": list(ConsequenceCategory.objects.filter(is_active=True)),
        "levels": list(ClassificationLevel.objects.all()),
    }
