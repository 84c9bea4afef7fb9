"""The max-consequence rule and the profile format, in one place.

An aspect's level is the highest level given over its consequence categories; a profile is
``K3 R2 T2 S3`` in aspect order, leaving out an aspect not yet assessed. Services, selectors and
forms all use these, so this module imports neither services nor selectors.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Aspect


def max_level(levels: Iterable[int | None]) -> int | None:
    """One aspect's level: the highest of the levels given, None when none is given."""
    given = [level for level in levels if level is not None]
    return max(given) if given else None


def aspect_levels(assessments) -> dict[int, int]:
    """The max-consequence rule: each aspect gets the highest level of its categories.

    Pass judgements in active categories only: a retired category is not shown in the form or
    the matrix, so it must not raise a level either."""
    levels: dict[int, int] = {}
    for a in assessments:
        if a.level is not None:
            levels[a.aspect_id] = max(levels.get(a.aspect_id, 0), a.level)
    return levels


def profile_for(levels: dict[int, int], aspects=None) -> str:
    """``K3 R2 T2 S3``; an aspect not yet assessed is left out."""
    aspects = aspects if aspects is not None else Aspect.objects.all()
    return " ".join(f"{a.code}{levels[a.pk]}" for a in aspects if a.pk in levels)


def requirements_applying(requirements, levels: dict[int, int]) -> dict[int, int]:
    """{requirement id: the level reached} for the catalogue requirements that ``levels``
    ({aspect id: level}) make apply: the aspect's level is at least the requirement's
    ``min_level``. The one rule behind the action plans and the classification's preview."""
    return {
        r.pk: levels.get(r.aspect_id, 0) for r in requirements
        if levels.get(r.aspect_id, 0) >= r.min_level
    }


def level_names(levels) -> dict[int, str]:
    """{value: name} of the classification levels."""
    return {level.value: level.name for level in levels}


def aspect_summary(levels: Iterable[int | None], names: dict[int, str]) -> dict:
    """``level`` and ``level_name`` of one aspect block in the matrix and the form."""
    level = max_level(levels)
    return {"level": level, "level_name": names.get(level, "")}
