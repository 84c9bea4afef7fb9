"""Figures per unit for the start page and the report: a fixed number of grouped queries
whatever the number of units."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from isms import shared_reads
from isms.aggregates import per_unit

from ..models import AccessReview, Finding, SteeringDocument
from .audits import action_overdue_q, with_review_state
from .documents import missing_required, overdue_q
from .training import shares


def unit_figures(*, units, year: int, today: dt.date) -> list[dict]:
    """Read once per page for each unit (``isms.shared_reads``: the dashboard's city figures
    serve the start page's panel)."""
    units = list(units)
    rows = shared_reads.per_unit(("ledningssystem.unit_figures", year, today), units,
                                 lambda missing: _figures_by_unit(missing, year, today))
    return [rows[u.pk] for u in units]


def _figures_by_unit(units, year: int, today: dt.date) -> dict:
    missing = missing_required(units=units)
    overdue_docs = per_unit(
        SteeringDocument.objects.filter(unit__in=units).filter(overdue_q(today)), "unit_id",
        n=Count("pk"),
    )
    share = shares(units=units, year=year)
    findings = per_unit(
        Finding.objects.filter(unit__in=units), "unit_id",
        open=Count("pk", filter=Q(status="open"), distinct=True),
        overdue=Count("actions", filter=action_overdue_q(today, "actions__"), distinct=True),
    )
    reviews = per_unit(
        with_review_state(AccessReview.objects.filter(it_service__unit__in=units), today)
        .filter(is_overdue=True), "it_service__unit", n=Count("pk"),
    )
    return {u.pk: {
        "unit": u,
        "missing": missing.get(u.pk, []),
        "overdue_documents": overdue_docs.get(u.pk, {}).get("n", 0),
        "training": share[u.pk],
        "open_findings": findings.get(u.pk, {}).get("open", 0),
        "overdue_actions": findings.get(u.pk, {}).get("overdue", 0),
        "overdue_access_reviews": reviews.get(u.pk, {}).get("n", 0),
    } for u in units}
