"""The incident register's part of the dashboards (``oversikt``): incidents and legal
notifications this year per unit (the yearly report's definitions, ``report.unit_counts``),
and, as to-do items, reporting deadlines passed or within 24 hours."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from isms.aggregates import per_unit, percent
from isms.plugins import Figure, TodoItem
from nämnder import access

from .report import unit_counts
from .selectors import open_obligations

SOON = dt.timedelta(hours=24)


def dashboard_figures(*, units, today) -> list[Figure]:
    units = list(units)
    counts, timing = unit_counts(year=today.year, unit_ids=[u.pk for u in units])
    parts = {}
    for u in units:
        t = timing.get(u.pk, {})
        on_time, late = t.get("on_time", 0), t.get("late", 0)
        parts[u.pk] = (on_time, on_time + late)
    list_url = lambda unit: f"{reverse('incidenter:incident_list')}?unit={unit.pk}"  # noqa: E731
    return [
        Figure(
            key="incidents", label=_("Incidenter i år"), higher_is_better=None,
            values={u.pk: counts.get(u.pk, {}).get("n", 0) for u in units}, url=list_url,
        ),
        Figure(
            key="notifications_on_time", label=_("Anmälningar till myndigheter i tid"),
            kind="percent", values={pk: percent(*p) for pk, p in parts.items()}, parts=parts,
            url=list_url,
        ),
        Figure(
            key="notifications_late", label=_("Sena eller ej skickade anmälningar i år"),
            values={pk: p[1] - p[0] for pk, p in parts.items()}, higher_is_better=False,
            url=list_url,
        ),
    ]


def deadline_counts(*, unit_ids, now) -> dict:
    """{unit id: {"overdue", "soon"}}: open reporting obligations past their deadline, and due
    within 24 hours (the start panel's definition). One grouped query."""
    return per_unit(
        open_obligations().filter(incident__unit_id__in=unit_ids, deadline__lt=now + SOON),
        "incident__unit_id",
        overdue=Count("pk", filter=Q(deadline__lt=now)),
        soon=Count("pk", filter=Q(deadline__gte=now)),
    )


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    """Deadlines in the units where the person handles incidents (edits records)."""
    mine = [u for u in units if access.can(user, access.EDIT_RECORDS, u)]
    if not mine:
        return []
    rows = deadline_counts(unit_ids=[u.pk for u in mine], now=now)
    items = []
    for u in mine:
        row = rows.get(u.pk, {})
        url = f"{reverse('incidenter:deadlines')}?unit={u.pk}"
        if row.get("overdue"):
            items.append(TodoItem(unit=u, label=_("Anmälningsfrister som har passerat"),
                                  count=row["overdue"], url=url, urgent=True))
        if row.get("soon"):
            items.append(TodoItem(unit=u, label=_("Anmälningsfrister inom 24 timmar"),
                                  count=row["soon"], url=url, urgent=True))
    return items
