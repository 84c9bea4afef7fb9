"""The active risk matrix as plain data: scales, levels, level computation and the acceptance
criterion. Loaded once per request (``load``: one query) and passed around; the rules in
the services and the pages read it, never the rows.

Risk value = likelihood × consequence. A value's level is the level whose range starts at or
below it, highest first, so values no cell can hold (7 in a 4×4 matrix) need no level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from isms import prepared, shared_reads


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


# Every risk page reads the matrix: the matrix, its scale steps and its levels in one query
# (three round trips were ~1 ms of a register page at city scale). The SQL is fixed; the
# matrix is the one ``RiskMatrix``'s ordering puts first among the active ones. Prepared once
# per database session (``isms.prepared``): planned no more on each page.
_MATRIX_SQL = """
WITH m AS (
    SELECT id, name, acceptance_level_id FROM risk_riskmatrix
    WHERE is_active ORDER BY is_active DESC, name ASC LIMIT 1
)
SELECT 0, m.id, m.acceptance_level_id, CAST(NULL AS integer),
       m.name, CAST(NULL AS varchar(100)), CAST(NULL AS varchar(100)), CAST(NULL AS text)
FROM m
UNION ALL
SELECT 1, s.value, CAST(NULL AS integer), CAST(NULL AS integer),
       s.axis, s.name, CAST(NULL AS varchar(100)), s.description
FROM risk_riskscalestep s JOIN m ON s.matrix_id = m.id
UNION ALL
SELECT 2, lv.id, lv.min_value, lv.max_value, lv.name, lv.colour, lv.text_colour,
       CAST(NULL AS text)
FROM risk_risklevel lv JOIN m ON lv.matrix_id = m.id
"""


def _load() -> Matrix:
    from django.db import connection

    with connection.cursor() as cursor:
        prepared.execute_sql(cursor, _MATRIX_SQL, [])
        rows = cursor.fetchall()
    head = [row for row in rows if row[0] == 0]
    if not head:
        return default()
    [(_kind, pk, acceptance_id, _none, name, *_rest)] = head
    steps = sorted((row[4], row[1], row[5], row[7] or "") for row in rows if row[0] == 1)
    levels = sorted(
        ((row[2], row[1], row[4], row[3], row[5], row[6]) for row in rows if row[0] == 2),
        key=lambda level: (level[0], level[1]),
    )
    plain = tuple(
        Level(level_pk, level_name, low, high, colour, text_colour, rank)
        for rank, (low, level_pk, level_name, high, colour, text_colour)
        in enumerate(levels, start=1)
    )
    return Matrix(
        pk=pk, name=name,
        likelihood=tuple(Step(v, n, d) for axis, v, n, d in steps if axis == "likelihood"),
        consequence=tuple(Step(v, n, d) for axis, v, n, d in steps if axis == "consequence"),
        levels=plain, acceptance=next((lv for lv in plain if lv.pk == acceptance_id), None),
    )
