"""The yearly report's section on information classification (coverage, profiles, overdue
reviews, requirement fulfilment with the action plan), read through this app's selectors.
Registered in ``KlassningConfig.ready()`` (``isms.plugins``); the template is
``klassning/report/section.html``.

Everything is aggregated in the database; the long tables (the asset register, overdue reviews,
the action plan) are handed to the template as ``.iterator()`` querysets and streamed row by row
(``{% stream_rows %}``), so a unit with thousands of assets is never loaded as model objects.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from isms.aggregates import per_unit, percent
from isms.charts import bar_chart
from isms.dates import year_end_or_today
from isms.plugins import SummaryPart

from . import selectors as klassning
from .models import (
    OPEN_STATUSES,
    InformationAsset,
    ITService,
    PersonalData,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)

if TYPE_CHECKING:
    from nämnder.models import OrganisationUnit

MAX_PROFILES = 12
CHUNK = 500


def reference_date(year: int) -> dt.date:
    """Overdue means overdue at the end of the year (or today, for the current year)."""
    return year_end_or_today(year)


def _labelled(rows, field: str, labels: dict):
    """Stream ``rows`` adding ``<field>_label`` (a choice's display text) to each."""
    for row in rows:
        row[f"{field}_label"] = labels.get(row[field], row[field])
        yield row


def _fulfilment(counts: dict[str, int]) -> dict:
    total = sum(counts.values())
    applicable = total - counts.get(PlanStatus.NOT_APPLICABLE, 0)
    fulfilled = counts.get(PlanStatus.FULFILLED, 0)
    return {"total": total, "fulfilled": fulfilled, "applicable": applicable,
            "percent": percent(fulfilled, applicable)}


def _profiles_chart(profiles, title):
    if not profiles:
        return None
    return bar_chart([(p or _("(ingen profil)"), n) for p, n in profiles], title=title)


def _unit_data(unit: OrganisationUnit, year: int) -> dict:
    ref = reference_date(year)
    coverage = klassning.unit_coverage(units=[unit])[0]
    assets = klassning.with_classification_state(
        InformationAsset.objects.filter(unit=unit), today=ref
    )
    coverage["open"] = assets.filter(latest_status__in=OPEN_STATUSES).count()
    coverage["personal"] = assets.exclude(personal_data=PersonalData.NONE).count()
    coverage["protected"] = coverage["total"] - coverage["classifiable"]
    profiles = klassning.profile_counts(unit=unit).most_common()
    overdue = klassning.overdue_reviews(unit=unit, today=ref)
    unit_counts = klassning.plan_status_counts(unit=unit)
    service_counts = klassning.service_plan_status_counts(unit=unit)
    service_items = ServiceRequirement.objects.filter(it_service__unit=unit, is_current=True)
    open_items = Q(is_current=True, due_date__lt=ref,
                   status__in=(PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS))
    return {
        "reference_date": ref,
        "coverage": coverage,
        "profiles": profiles[:MAX_PROFILES],
        "profiles_other": sum(n for _p, n in profiles[MAX_PROFILES:]),
        "chart": _profiles_chart(profiles[:MAX_PROFILES], _("Fastställda klassningar per profil")),
        "overdue_count": overdue.count(),
        "overdue": overdue.values("asset__name", "profile", "review_due", "number")
        .iterator(chunk_size=CHUNK),
        "register": _labelled(
            assets.order_by("name").values(
                "name", "personal_data", "security_protection", "approved_profile", "review_due",
                "is_overdue",
            ).iterator(chunk_size=CHUNK),
            "personal_data", dict(PersonalData.choices),
        ),
        "services": ITService.objects.filter(unit=unit).aggregate(
            total=Count("id", distinct=True),
            with_requirements=Count(
                "id", filter=Q(requirement_items__is_current=True), distinct=True
            ),
        ),
        "plan_rows": [
            {"label": label, "unit": unit_counts.get(value, 0),
             "service": service_counts.get(value, 0)}
            for value, label in PlanStatus.choices
        ],
        "unit_plan": _fulfilment(unit_counts),
        "service_plan": _fulfilment(service_counts),
        "plan_items": _labelled(
            klassning.unit_plan(unit=unit).values(
                "requirement__code", "requirement__title", "status", "responsible", "due_date"
            ).iterator(chunk_size=CHUNK),
            "status", dict(PlanStatus.choices),
        ),
        "service_by_requirement": service_items.values("requirement__code", "requirement__title")
        .annotate(
            services=Count("id"),
            fulfilled=Count("id", filter=Q(status=PlanStatus.FULFILLED)),
            not_applicable=Count("id", filter=Q(status=PlanStatus.NOT_APPLICABLE)),
        ).order_by("requirement__code").iterator(chunk_size=CHUNK),
        "overdue_plan_count": UnitRequirement.objects.filter(open_items, unit=unit).count()
        + service_items.filter(open_items).count(),
    }


def _plan_per_unit(queryset, field: str) -> dict:
    return per_unit(
        queryset.filter(is_current=True), field, total=Count("id"),
        fulfilled=Count("id", filter=Q(status=PlanStatus.FULFILLED)),
        na=Count("id", filter=Q(status=PlanStatus.NOT_APPLICABLE)),
    )


def _city_data(year: int, units) -> dict:
    ref = reference_date(year)
    coverage = klassning.unit_coverage(units=units)
    overdue = per_unit(klassning.overdue_reviews(today=ref), "asset__unit", n=Count("pk"))
    unit_plan = _plan_per_unit(UnitRequirement.objects.all(), "unit")
    service_plan = _plan_per_unit(ServiceRequirement.objects.all(), "it_service__unit")
    summary = SummaryPart(columns=[
        _("Informationsmängder"), _("Klassade"), _("Översyn försenad"), _("Krav uppfyllda"),
    ])
    sums = dict.fromkeys(("assets", "classifiable", "classified", "overdue", "fulfilled",
                          "applicable"), 0)
    for row in coverage:
        pk = row["unit"].pk
        up, sp = unit_plan.get(pk, {}), service_plan.get(pk, {})
        fulfilled = up.get("fulfilled", 0) + sp.get("fulfilled", 0)
        applicable = sum(p.get("total", 0) - p.get("na", 0) for p in (up, sp))
        late = overdue.get(pk, {}).get("n", 0)
        pct = percent(fulfilled, applicable)
        summary.rows[pk] = [
            row["total"], f"{row['approved']}/{row['classifiable']}", late,
            "–" if pct is None else f"{pct} %",
        ]
        for key, value in (("assets", row["total"]), ("classifiable", row["classifiable"]),
                           ("classified", row["approved"]), ("overdue", late),
                           ("fulfilled", fulfilled), ("applicable", applicable)):
            sums[key] += value
    pct = percent(sums["fulfilled"], sums["applicable"])
    summary.totals = [sums["assets"], f"{sums['classified']}/{sums['classifiable']}",
                      sums["overdue"], "–" if pct is None else f"{pct} %"]
    profiles = klassning.profile_counts().most_common(MAX_PROFILES)
    return {
        "reference_date": ref,
        "sums": sums,
        "percent": pct,
        "services": ITService.objects.count(),
        "prioritised": klassning.prioritised_services().count(),
        "profiles": profiles,
        "chart": _profiles_chart(profiles, _("Fastställda klassningar per profil, hela staden")),
        "summary": summary,
    }


def classification_section(*, unit: OrganisationUnit | None, year: int, units=None) -> dict:
    """``units``: the units the city report summarises (one row each)."""
    return _unit_data(unit, year) if unit is not None else _city_data(year, units)
