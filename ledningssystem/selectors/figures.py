"""Figures per unit for the start page and the report: a fixed number of grouped queries
whatever the number of units."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from isms import shared_reads
from isms.compiled import CompiledRows, Ids
from nämnder.models import OrganisationUnit

from ..models import AccessReview, Finding, FindingAction, SteeringDocument
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


def unit_counts(*, units, today: dt.date) -> dict[int, dict]:
    """{unit id: {"overdue_documents", "open_findings", "overdue_actions",
    "overdue_access_reviews"}} of ``units`` (units or ids): the counts the to-do items need,
    without the training shares and missing documents of :func:`unit_figures` (which reads
    them from here). One query whatever the number of units, read once per page for each unit
    (``isms.shared_reads``)."""
    return shared_reads.per_unit(("ledningssystem.unit_counts", today), units,
                                 lambda missing: _counts_by_unit(missing, today))


def _count(queryset, unit_field: str) -> Coalesce:
    """The number of rows of ``queryset`` in the outer query's unit (a correlated subquery)."""
    rows = (queryset.filter(**{unit_field: OuterRef("pk")}).order_by().values(unit_field)
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


COUNTS = ("overdue_documents", "open_findings", "overdue_actions", "overdue_access_reviews")


def _counts_query(unit_ids, today):
    return OrganisationUnit.objects.filter(pk__in=unit_ids).annotate(
        overdue_documents=_count(SteeringDocument.objects.filter(overdue_q(today)), "unit"),
        open_findings=_count(Finding.objects.filter(status="open"), "unit"),
        overdue_actions=_count(FindingAction.objects.filter(action_overdue_q(today)),
                               "finding__unit"),
        overdue_access_reviews=_count(
            with_review_state(AccessReview.objects.all(), today).filter(is_overdue=True),
            "it_service__unit",
        ),
    ).order_by().values_list("pk", *COUNTS)


# Its SQL is built once per process (per number of units): building it costs several times
# what running it does.
_COUNTS = CompiledRows(_counts_query, unit_ids=Ids(-2_000_000_300), today=dt.date(1901, 2, 3), prepare=True)


def _counts_by_unit(units, today: dt.date) -> dict:
    ids = [getattr(u, "pk", u) for u in units]
    rows = _COUNTS.rows(unit_ids=ids, today=today)
    found = {row[0]: dict(zip(COUNTS, row[1:], strict=True)) for row in rows}
    return {pk: found.get(pk, dict.fromkeys(COUNTS, 0)) for pk in ids}


def _figures_by_unit(units, year: int, today: dt.date) -> dict:
    missing = missing_required(units=units)
    share = shares(units=units, year=year)
    counts = unit_counts(units=units, today=today)
    return {u.pk: {
        "unit": u,
        "missing": missing.get(u.pk, []),
        "training": share[u.pk],
        **counts[u.pk],
    } for u in units}
