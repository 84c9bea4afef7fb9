"""Helpers for the risk tests: risks and actions through the services, a 5×5 matrix, and a
generated register for the count tests."""

from __future__ import annotations

import datetime as dt

from isms.dates import local_today
from risk import services
from risk.models import (
    ActionStatus,
    Risk,
    RiskAction,
    RiskLevel,
    RiskMatrix,
    RiskScaleStep,
    RiskStatus,
)


def make_risk(unit, actor, title="Obehörig åtkomst till elevakter", likelihood=3, consequence=3,
              **fields):
    return services.risk_create(
        actor=actor, unit=unit, title=title, inherent_likelihood=likelihood,
        inherent_consequence=consequence, **fields,
    )


def make_action(risk, actor, description="Inför behörighetsuppföljning", days=30, **fields):
    fields.setdefault("status", ActionStatus.PLANNED)
    return services.action_create(
        actor=actor, risk=risk, description=description,
        due_date=local_today() + dt.timedelta(days=days), **fields,
    )


def five_by_five(*, activate=True) -> RiskMatrix:
    """Stockholm's internal-control style 5×5: levels 1–4, 5–9, 10–16, 20–25; criterion 5–9."""
    if activate:
        RiskMatrix.objects.filter(is_active=True).update(is_active=False)
    matrix = RiskMatrix.objects.create(name="Internkontroll 5×5", is_active=activate)
    for axis in ("likelihood", "consequence"):
        for value in range(1, 6):
            RiskScaleStep.objects.create(matrix=matrix, axis=axis, value=value, name=f"Steg {value}")
    levels = {}
    for name, low, high, colour, text in (
        ("Låg", 1, 4, "#c8e6c9", "#1b1b1b"), ("Medel", 5, 9, "#fff3a0", "#1b1b1b"),
        ("Hög", 10, 16, "#ffb74d", "#1b1b1b"), ("Mycket hög", 20, 25, "#b71c1c", "#ffffff"),
    ):
        levels[name] = RiskLevel.objects.create(
            matrix=matrix, name=name, min_value=low, max_value=high, colour=colour,
            text_colour=text,
        )
    matrix.acceptance_level = levels["Medel"]
    matrix.save()
    return matrix


def generate_risks(unit, n, *, seed=1, owner=None):
    """``n`` risks in bulk over the 4×4 cells (a spread of statuses, some residual values, some
    overdue actions and follow-ups): what a bulk loader writes."""
    import random

    rng = random.Random(seed)
    today = local_today()
    risks = Risk.objects.bulk_create(
        Risk(
            unit=unit, title=f"Risk {i:04}", owner=owner,
            inherent_likelihood=rng.randint(1, 4), inherent_consequence=rng.randint(1, 4),
            residual_likelihood=(rl := rng.choice([None, 1, 2])),
            residual_consequence=None if rl is None else rng.randint(1, 4),
            status=rng.choice(list(RiskStatus)),
            next_follow_up=today + dt.timedelta(days=rng.randint(-30, 30)),
            in_internal_control_plan=i % 3 == 0,
        )
        for i in range(n)
    )
    RiskAction.objects.bulk_create(
        RiskAction(risk=r, description="Åtgärd", status=ActionStatus.PLANNED,
                   due_date=today + dt.timedelta(days=rng.randint(-10, 10)), responsible=owner)
        for r in risks[::2]
    )
    return risks
