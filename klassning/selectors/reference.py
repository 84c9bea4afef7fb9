"""The classification's reference data: aspects, consequence categories, levels."""

from __future__ import annotations

from ..models import Aspect, ClassificationLevel, ConsequenceCategory


def aspects() -> list[Aspect]:
    return list(Aspect.objects.all())


def reference_data() -> dict:
    return {
        "aspects": list(Aspect.objects.all()),
        "categories": list(ConsequenceCategory.objects.filter(is_active=True)),
        "levels": list(ClassificationLevel.objects.all()),
    }
