"""Figures for the report and the start page. They take units or querysets, no request."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from isms.aggregates import per_unit, percent
from isms.as_of import state_at
from isms.compiled import CompiledRows, Ids
from nämnder.models import OrganisationUnit

from ..models import (
    Classification,
    ClassificationStatus,
    InformationAsset,
    ITService,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)
from .services import with_prioritised

APPROVED = ClassificationStatus.APPROVED


# --- Reports (no request needed) ---------------------------------------------------------------

def plan_controls(*, units, at: dt.datetime | None = None) -> list[tuple[int, str, str, str]]:
    """(unit id, requirement code, ISO/IEC 27002 ids, status) of every current requirement on
    the units' action plans: the organisational ones on their own plans and the technical ones
    on the IT services they own (what a Statement of Applicability is derived from). Live, or as
    the plans were at ``at`` (``isms.as_of``; the catalogue's codes and ISO ids are today's).
    Two queries whatever the number of units."""
    ids = [u.pk for u in units]
    fields = ("requirement__code", "requirement__iso_controls", "status")
    rows = list(
        state_at(UnitRequirement, at).filter(unit_id__in=ids, is_current=True)
        .values_list("unit_id", *fields)
    )
    items = state_at(ServiceRequirement, at).filter(is_current=True)
    if at is None:
        items = items.filter(it_service__unit_id__in=ids).values_list("it_service__unit_id", *fields)
    else:
        services = state_at(ITService, at).filter(unit_id__in=ids)
        items = items.filter(it_service_id__in=services.values("id")).annotate(
            owner=Subquery(services.filter(id=OuterRef("it_service_id")).values("unit_id")[:1])
        ).values_list("owner", *fields)
    return rows + list(items)


def _coverage_aggregates(today) -> dict:
    return {
        "total": Count("pk"),
        "classifiable": Count("pk", filter=Q(security_protection=False)),
        "approved": Count("pk", filter=Q(current_classification__isnull=False)),
        "submitted": Count("pk", filter=Q(latest_status=ClassificationStatus.SUBMITTED)),
        "overdue": Count("pk", filter=Q(review_due__lt=today)),
    }


_COVERAGE = ("total", "classifiable", "approved", "submitted", "overdue")
# ``unit_coverage`` of the live table: its SQL built once per process (per number of units).
_LIVE_COVERAGE = CompiledRows(
    lambda unit_ids, today: InformationAsset.objects.filter(unit_id__in=unit_ids)
    .values("unit_id").annotate(**_coverage_aggregates(today)).order_by()
    .values_list("unit_id", *_COVERAGE),
    unit_ids=Ids(-2_000_000_400), today=dt.date(1901, 2, 4), prepare=True,
)


def unit_coverage(*, units=None, assets=None, classifications=None, today=None) -> list[dict]:
    """Per unit: assets total, classifiable (not säkerhetsskydd), with an approved classification.

    ``assets`` and ``classifications`` default to the live tables; the yearly report passes
    their year-end state (``isms.as_of.state_at``). On the live tables it is one grouped query
    over the assets' own classification state (``InformationAsset.current_classification`` and
    the other state columns), which also counts, per unit, the assets whose latest
    classification is waiting for approval (``submitted``) and whose review is overdue
    (``overdue``)."""
    units = list(units if units is not None else OrganisationUnit.objects.filter(is_active=True))
    unit_ids = [u.pk for u in units]
    whole_table = assets is None
    assets = assets if assets is not None else InformationAsset.objects.all()
    classifications = classifications if classifications is not None else Classification.objects.all()
    live = assets.model is InformationAsset and classifications.model is Classification
    if live:
        today = today or timezone.localdate()
        if not whole_table:
            rows = per_unit(assets.filter(unit_id__in=unit_ids), "unit_id",
                            **_coverage_aggregates(today))
        else:  # the whole live table: the SQL built once per process
            rows = {row[0]: dict(zip(_COVERAGE, row[1:], strict=True))
                    for row in _LIVE_COVERAGE.rows(unit_ids=unit_ids, today=today)}
    else:
        approved = classifications.filter(asset_id=OuterRef("id"), status=APPROVED)
        rows = per_unit(
            assets.filter(unit_id__in=unit_ids).annotate(has_approved=Exists(approved)),
            "unit_id",
            total=Count("pk"),
            classifiable=Count("pk", filter=Q(security_protection=False)),
            approved=Count("pk", filter=Q(has_approved=True)),
        )
    result = []
    for unit in units:
        row = rows.get(unit.pk, {})
        classifiable = row.get("classifiable", 0)
        result.append({
            "unit": unit, "total": row.get("total", 0), "classifiable": classifiable,
            "approved": row.get("approved", 0),
            "percent": percent(row.get("approved", 0), classifiable),
            **({"submitted": row.get("submitted", 0), "overdue": row.get("overdue", 0)}
               if live else {}),
        })
    return result


def _of_unit(classifications: QuerySet, unit, assets) -> QuerySet:
    """Classifications of the unit's assets (``assets``: a year-end state, or the live table)."""
    if assets is None:
        return classifications.filter(asset__unit=unit)
    return classifications.filter(asset_id__in=assets.filter(unit_id=unit.pk).values("id"))


def profile_counts(*, unit=None, classifications=None, assets=None) -> Counter:
    """How many approved classifications have each profile (``{"K3 R2 T2 S3": 4, ...}``)."""
    qs = (classifications if classifications is not None else Classification.objects.all())
    qs = qs.filter(status=APPROVED)
    if unit is not None:
        qs = _of_unit(qs, unit, assets)
    return Counter(dict(qs.values_list("profile").annotate(n=Count("pk")).values_list("profile", "n")))


def overdue_reviews(
    *, unit=None, today: dt.date | None = None, classifications=None, assets=None
) -> QuerySet[Classification]:
    """Approved classifications whose review date has passed."""
    today = today or timezone.localdate()
    qs = (classifications if classifications is not None else Classification.objects.all())
    qs = qs.filter(status=APPROVED, review_due__lt=today).select_related(
        "asset__unit", "approved_by"
    )
    if unit is not None:
        qs = _of_unit(qs, unit, assets)
    return qs.order_by("review_due")


def _status_counts(qs) -> dict[str, int]:
    counts = dict(qs.filter(is_current=True).values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in PlanStatus.values}


def status_counts_of(items) -> dict[str, int]:
    """{status: count} of plan items already read (a whole current plan): what
    ``plan_status_counts`` and ``service_plan_status_counts`` count in SQL, without the query."""
    counts = dict.fromkeys(PlanStatus.values, 0)
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def plan_status_counts(*, unit, items=None) -> dict[str, int]:
    """The unit's action plan (organisational requirements): {status: count}."""
    items = items if items is not None else UnitRequirement.objects.all()
    return _status_counts(items.filter(unit_id=unit.pk))


def service_plan_status_counts(*, unit=None, service=None, items=None, services=None) -> dict[str, int]:
    """Technical requirements on one IT service, or on all services a unit owns (``items`` and
    ``services``: year-end states for the yearly report, else the live tables)."""
    qs = items if items is not None else ServiceRequirement.objects.all()
    if service is not None:
        qs = qs.filter(it_service=service)
    if unit is not None:
        services = services if services is not None else ITService.objects.all()
        qs = qs.filter(it_service_id__in=services.filter(unit_id=unit.pk).values("id"))
    return _status_counts(qs)


def prioritised_services() -> QuerySet[ITService]:
    return with_prioritised(ITService.objects.select_related("unit")).filter(is_prioritised=True)
