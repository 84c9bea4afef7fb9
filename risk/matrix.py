"""The active risk matrix as plain data: scales, levels, level computation and the acceptance
criterion. Loaded once per request (``load``: three queries) and passed around; the rules in
the services and the pages read it, never the rows.

Risk value = likelihood × consequence. A value's level is the level whose range starts at or
below it, highest first, so values no cell can hold (7 in a 4×4 matrix) need no level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from isms import shared_reads
from isms.compiled import CompiledQuery


@dataclass(frozen=True)
class Step:
    value: int
    name: str
    description: str = ""


@dataclass(frozen=True)
class Level:
    pk: int | None
    name: str
    min_value: int
    max_value: int
    colour: str
    text_colour: str
    rank: int = 0  # 1 = lowest level

    @property
    def css_class(self) -> str:
        return f"risk-level-{self.rank}"


@dataclass(frozen=True)
class Matrix:
    pk: int | None
    name: str
    likelihood: tuple[Step, ...]
    consequence: tuple[Step, ...]
    levels: tuple[Level, ...]  # lowest first
    acceptance: Level | None = None
    _by_value: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def likelihood_values(self) -> list[int]:
        return [s.value for s in self.likelihood]

    @property
    def consequence_values(self) -> list[int]:
        return [s.value for s in self.consequence]

    def likelihood_name(self, value) -> str:
        return next((s.name for s in self.likelihood if s.value == value), str(value or ""))

    def consequence_name(self, value) -> str:
        return next((s.name for s in self.consequence if s.value == value), str(value or ""))

    def level_for(self, value: int | None) -> Level | None:
        if not value:
            return None
        found = None
        for level in self.levels:
            if level.min_value <= value:
                found = level
        return found

    def level_named(self, name: str) -> Level | None:
        return next((lv for lv in self.levels if str(lv.rank) == str(name)), None)

    def value_range(self, level: Level) -> tuple[int, int]:
        """The risk values of ``level``: from its start to just below the next level's."""
        later = [lv.min_value for lv in self.levels if lv.min_value > level.min_value]
        return level.min_value, (min(later) - 1 if later else 10_000)

    def above_criterion(self, value: int) -> bool:
        """Above the acceptance criterion: only the unit's chief may accept it. Without a
        criterion every acceptance is the chief's."""
        if self.acceptance is None:
            return True
        return value > self.value_range(self.acceptance)[1]

    def check_likelihood(self, value) -> str | None:
        """A Swedish error when ``value`` is not a step of the scale, else None."""
        if value in self.likelihood_values:
            return None
        return _("Sannolikheten ska vara ett av matrisens steg: %(steps)s.") % {
            "steps": ", ".join(map(str, self.likelihood_values))
        }

    def check_consequence(self, value) -> str | None:
        if value in self.consequence_values:
            return None
        return _("Konsekvensen ska vara ett av matrisens steg: %(steps)s.") % {
            "steps": ", ".join(map(str, self.consequence_values))
        }

    def grid(self, counts: dict[tuple[int, int], int] | None = None) -> list[dict]:
        """Rows of the heatmap, highest likelihood first: each cell with its value, level and
        count (``counts`` by (likelihood, consequence))."""
        counts = counts or {}
        rows = []
        for step in sorted(self.likelihood, key=lambda s: -s.value):
            cells = []
            for c in self.consequence:
                value = step.value * c.value
                cells.append({
                    "likelihood": step.value, "consequence": c.value, "value": value,
                    "level": self.level_for(value), "count": counts.get((step.value, c.value), 0),
                })
            rows.append({"step": step, "cells": cells})
        return rows


def from_rows(matrix, steps=None, levels=None) -> Matrix:
    """Build from a ``RiskMatrix`` with ``steps`` and ``levels`` prefetched (or given: its
    ``RiskScaleStep`` and ``RiskLevel`` rows)."""
    steps = list(matrix.steps.all() if steps is None else steps)
    levels = sorted(matrix.levels.all() if levels is None else levels,
                    key=lambda lv: lv.min_value)
    plain = tuple(
        Level(lv.pk, lv.name, lv.min_value, lv.max_value, lv.colour, lv.text_colour, rank)
        for rank, lv in enumerate(levels, start=1)
    )
    acceptance = next((lv for lv in plain if lv.pk == matrix.acceptance_level_id), None)
    return Matrix(
        pk=matrix.pk, name=matrix.name,
        likelihood=tuple(Step(s.value, s.name, s.description) for s in sorted(
            (s for s in steps if s.axis == "likelihood"), key=lambda s: s.value)),
        consequence=tuple(Step(s.value, s.name, s.description) for s in sorted(
            (s for s in steps if s.axis == "consequence"), key=lambda s: s.value)),
        levels=plain, acceptance=acceptance,
    )


def default() -> Matrix:
    """MSB's 4×4, as the data migration seeds it: used only when no matrix is active (e.g. a
    test database flushed by a transactional test)."""
    from importlib import import_module

    seed = import_module("risk.migrations.0002_msb_matrix")
    levels = tuple(
        Level(None, name, low, high, colour, text, rank)
        for rank, (name, low, high, colour, text) in enumerate(seed.LEVELS, start=1)
    )
    return Matrix(
        pk=None, name=seed.NAME,
        likelihood=tuple(Step(v, n, d) for v, n, d in seed.LIKELIHOOD),
        consequence=tuple(Step(v, n, d) for v, n, d in seed.CONSEQUENCE),
        levels=levels, acceptance=next(lv for lv in levels if lv.name == seed.ACCEPTANCE),
    )


def load() -> Matrix:
    """The active matrix, read once per page (``isms.shared_reads``)."""
    return shared_reads.once(("risk.matrix",), _load)


_MATRIX_ID = -2_000_000_021  # a sentinel (``isms.compiled``): no matrix has this id


def _active_matrix_query():
    from .models import RiskMatrix

    return RiskMatrix.objects.filter(is_active=True)[:1]


def _steps_query(*, matrix_id):
    from .models import RiskScaleStep

    return RiskScaleStep.objects.filter(matrix_id=matrix_id).order_by("axis", "value")


def _levels_query(*, matrix_id):
    from .models import RiskLevel

    return RiskLevel.objects.filter(matrix_id=matrix_id).order_by("min_value")


# Every risk page reads the matrix: its three queries' SQL is built once per process
# (``isms.compiled``; ~1.5 ms of Python per page as querysets with a prefetch).
_MATRIX = CompiledQuery(_active_matrix_query)
_STEPS = CompiledQuery(_steps_query, matrix_id=_MATRIX_ID)
_LEVELS = CompiledQuery(_levels_query, matrix_id=_MATRIX_ID)


def _load() -> Matrix:
    rows = _MATRIX.objects()
    if not rows:
        return default()
    [row] = rows
    return from_rows(row, steps=_STEPS.objects(matrix_id=row.pk),
                     levels=_LEVELS.objects(matrix_id=row.pk))
