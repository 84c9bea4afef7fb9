"""The management system's part of the dashboards (``oversikt``): training completion, missing
required local steering documents and overdue reviews as key figures (the start page's
definitions: ``selectors.unit_figures``), and, as to-do items, documents past their review
date and findings with overdue actions."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isms.aggregates import per_unit
from isms.plugins import Figure, TodoItem
from nämnder import access

from . import selectors
from .models import FindingAction, SteeringDocument
from .selectors.audits import action_overdue_q
from .selectors.documents import overdue_q


def _documents_url(unit, extra: str = "") -> str:
    return f"{reverse('ledningssystem:document_list')}?unit={unit.pk}{extra}"


def dashboard_figures(*, units, today) -> list[Figure]:
    rows = selectors.unit_figures(units=units, year=today.year, today=today)
    return [
        Figure(
            key="training", label=_("Genomförd obligatorisk utbildning i år"), kind="percent",
            values={r["unit"].pk: r["training"]["percent"] for r in rows},
            parts={r["unit"].pk: (min(r["training"]["completed"], r["training"]["staff"]),
                                  r["training"]["staff"])
                   for r in rows if r["training"]["staff"]},
            url=lambda unit: f"{reverse('ledningssystem:completion_list')}?unit={unit.pk}",
        ),
        Figure(
            key="missing_documents", label=_("Saknade obligatoriska lokala styrdokument"),
            values={r["unit"].pk: len(r["missing"]) for r in rows}, higher_is_better=False,
            url=_documents_url,
        ),
        Figure(
            key="overdue_documents", label=_("Styrdokument med försenad översyn"),
            values={r["unit"].pk: r["overdue_documents"] for r in rows},
            higher_is_better=False, url=lambda unit: _documents_url(unit, "&overdue=on"),
        ),
    ]


def dashboard_todo(*, user, units, now) -> list[TodoItem]:
    """Documents past review and overdue finding actions (the definitions of
    ``selectors.unit_figures``: ``overdue_q``, ``action_overdue_q``), two grouped queries."""
    mine = [u for u in units if access.can(user, access.EDIT_RECORDS, u)]
    if not mine:
        return []
    today = timezone.localdate(now)
    documents = per_unit(SteeringDocument.objects.filter(unit__in=mine).filter(overdue_q(today)),
                         "unit_id", n=Count("pk"))
    actions = per_unit(FindingAction.objects.filter(action_overdue_q(today),
                                                    finding__unit__in=mine),
                       "finding__unit_id", n=Count("pk"))
    items = []
    for unit in mine:
        if n := documents.get(unit.pk, {}).get("n"):
            items.append(TodoItem(unit=unit, label=_("Styrdokument vars översyn har passerat"),
                                  count=n, url=_documents_url(unit, "&overdue=on")))
        if n := actions.get(unit.pk, {}).get("n"):
            items.append(TodoItem(
                unit=unit, label=_("Försenade åtgärder på iakttagelser"), count=n,
                url=f"{reverse('ledningssystem:finding_list')}?unit={unit.pk}&overdue=on",
            ))
    return items
