"""The risk register's part of the dashboards (``oversikt``): open risks above the acceptance
criterion, per unit, as a key figure and as a to-do item for those who decide on them (the
same units as the start page's risk panel: ``selectors.figures.attention_units``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isms.plugins import Figure, TodoItem
from nämnder import access

from . import selectors


def _list_url(unit) -> str:
    return f"{reverse('risk:risk_list')}?unit={unit.pk}&sort=niva"


def dashboard_figures(*, units, today) -> list[Figure]:
    units = list(units)
    above = selectors.above_criterion_counts(
        unit_ids=[u.pk for u in units], matrix=selectors.active_matrix(), today=today
    )
    return [Figure(
        key="risks_above", label=_("Öppna risker över acceptanskriteriet"),
        values={u.pk: above.get(u.pk, {}).get("n", 0) for u in units},
        higher_is_better=False, url=_list_url,
    )]


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    # The start panel's units (``attention_units``): where the person approves, not city-wide.
    if access.sees_all_units(user):
        return []
    mine = [u for u in units if access.can(user, access.APPROVE, u)]
    if not mine:
        return []
    above = selectors.above_criterion_counts(
        unit_ids=[u.pk for u in mine], matrix=selectors.active_matrix(),
        today=timezone.localdate(now),
    )
    return [
        TodoItem(unit=u, label=_("Risker över acceptanskriteriet som väntar på beslut"),
                 count=above[u.pk]["n"], url=_list_url(u))
        for u in mine if above.get(u.pk, {}).get("n")
    ]
