"""What a classification needs before it can be sent for approval. Pure rules, no database: the
form uses them for field errors while filling in, ``classification_submit`` enforces them.

* Every aspect × active category has a level ("ej relevant" in the form is level 0).
* A level of 2 or higher always needs a motivation.
* The cell that decides an aspect's level (the highest) needs a motivation: when several cells
  share the highest level, one motivated cell is enough. An aspect at level 0 in every category
  (nothing relevant) needs none.
* When the asset's personal data suggests a minimum level for an aspect (``PersonalDataMinimum``)
  and the aspect's level is lower, ``below_minimum_motivation`` must say why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..levels import max_level

LEVEL = "level"
MOTIVATION = "motivation"
BELOW_MINIMUM = "below_minimum_motivation"


@dataclass(frozen=True)
class Problem:
    field: str  # LEVEL, MOTIVATION (of a cell) or BELOW_MINIMUM (of the classification)
    message: str
    aspect: object
    category: object | None = None

    def describe(self) -> str:
        where = self.aspect.name + (f", {self.category.name}" if self.category else "")
        return f"{where}: {self.message}"


def level_missing_message() -> str:
    return _("Välj en nivå eller markera ej relevant.")


def classification_problems(
    *, cells: dict[tuple[int, int], tuple[int | None, str]], aspects, categories,
    minimums: dict | None = None, below_minimum_motivation: str = "",
) -> list[Problem]:
    """``cells``: {(aspect id, category id): (level or None, motivation)};
    ``minimums``: {aspect id: SuggestedMinimum} (see ``guidance.suggested_minimums``)."""
    minimums = minimums or {}
    problems = []
    for aspect in aspects:
        given = []
        for category in categories:
            level, motivation = cells.get((aspect.pk, category.pk), (None, ""))
            motivated = bool((motivation or "").strip())
            if level is None:
                problems.append(Problem(LEVEL, level_missing_message(), aspect, category))
                continue
            given.append((category, level, motivated))
            if level >= 2 and not motivated:
                problems.append(Problem(
                    MOTIVATION,
                    _("Skriv en motivering. Nivå 2 och högre ska alltid motiveras."),
                    aspect, category,
                ))
        top = max_level(level for _c, level, _m in given)
        if top is None:
            continue
        deciding = [(c, m) for c, level, m in given if level == top]
        # From level 2 every such cell is already required to carry a motivation.
        if top == 1 and not any(m for _c, m in deciding):
            problems.append(Problem(
                MOTIVATION,
                _(
                    "Skriv en motivering. Bedömningen avgör aspektens nivå (den högsta nivån i "
                    "aspekten) och ska motiveras."
                ),
                aspect, deciding[0][0],
            ))
        minimum = minimums.get(aspect.pk)
        if minimum is not None and top < minimum.level and not below_minimum_motivation.strip():
            problems.append(Problem(
                BELOW_MINIMUM,
                _(
                    "Informationsmängden har personuppgifter av slaget ”%(kind)s”, och då "
                    "föreslås minst nivå %(minimum)s för %(aspect)s. Nivån är nu %(level)s: "
                    "motivera varför den är lägre."
                ) % {
                    "kind": minimum.personal_data, "minimum": minimum.level,
                    "aspect": aspect.name, "level": top,
                },
                aspect,
            ))
    return problems
