"""The yearly report's section on information classification (coverage, profiles, overdue
reviews, requirement fulfilment with the action plan), read through this app's selectors.
Registered in ``KlassningConfig.ready()`` (``isms.plugins``); the template is
``klassning/report/section.html``.

For a past year every figure is the state on 31 December, rebuilt from the history tables
(``isms.as_of``: the last historical record of each object at year-end, one query per figure,
never one per asset); for the current year the live tables (the state at generation).
Action-plan fulfilment is ``klassning.fulfilment.plan_fulfilment``, as on the start page.

Everything is aggregated in the database; the long tables (the asset register, overdue reviews,
the action plan) are handed to the template as ``.iterator()`` querysets and streamed row by row
(``{% stream_rows %}``), so a unit with thousands of assets is never loaded as model objects.
The register is listed in full in the PDF up to ``REGISTER_IN_PDF_MAX`` assets (beyond that,
the assets without an approved classification) and always embedded whole in the PDF as an
XLSX file (``isms.plugins.ReportAttachment``): WeasyPrint's time grows with the pages, and a
3,000-asset register would be ~120 pages nobody reads in print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.text import slugify
from django.utils.translation import gettext as _

from isms.aggregates import per_unit
from isms.as_of import state_at, year_end
from isms.charts import bar_chart
from isms.dates import year_end_or_today
from isms.exports import Column, xlsx_bytes
from isms.plugins import ReportAttachment, SummaryPart

from . import selectors as klassning
from .fulfilment import (
    combined,
    fulfilment_aggregates,
    fulfilment_of_row,
    overdue_q,
    plan_fulfilment,
)
from .models import (
    OPEN_STATUSES,
    Classification,
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
# The PDF lists a unit's whole register up to this many assets (about 20 pages); see _register.
REGISTER_IN_PDF_MAX = 500
REGISTER_FIELDS = (
    "name", "personal_data", "security_protection", "approved_profile", "review_due", "is_overdue",
)


def reference_date(year: int) -> dt.date:
    """Overdue means overdue at the end of the year (or today, for the current year)."""
    return year_end_or_today(year)


def _labelled(rows, field: str, labels: dict):
    """Stream ``rows`` adding ``<field>_label`` (a choice's display text) to each."""
    for row in rows:
        row[f"{field}_label"] = labels.get(row[field], row[field])
        yield row


@dataclass(frozen=True)
class Registers:
    """The registers the section reads: their state on 31 December of a past year (from the
    history tables), or the live tables (``at`` None, the current year)."""

    at: dt.datetime | None

    @property
    def assets(self) -> QuerySet:
        return state_at(InformationAsset, self.at)

    @property
    def classifications(self) -> QuerySet:
        return state_at(Classification, self.at)

    @property
    def unit_items(self) -> QuerySet:
        return state_at(UnitRequirement, self.at).filter(is_current=True)

    @property
    def service_items(self) -> QuerySet:
        return state_at(ServiceRequirement, self.at).filter(is_current=True)

    @property
    def services(self) -> QuerySet:
        return state_at(ITService, self.at)

    def services_of(self, unit) -> QuerySet:
        return self.services.filter(unit_id=unit.pk).values("id")


def _unit_of(registers: Registers, asset_field: str):
    """The unit an asset belonged to at the same moment (a join would reach today's unit)."""
    return Subquery(registers.assets.filter(id=OuterRef(asset_field)).values("unit_id")[:1])


def _profiles_chart(profiles, title):
    if not profiles:
        return None
    return bar_chart([(p or _("(ingen profil)"), n) for p, n in profiles], title=title)


def _register_columns() -> list[Column]:
    personal = dict(PersonalData.choices)
    protected = _("Säkerhetsskydd – hanteras utanför portalen")
    return [
        Column(_("Informationsmängd"), itemgetter(0)),
        Column(_("Personuppgifter"), lambda row: personal.get(row[1], row[1])),
        Column(_("Fastställd profil"), lambda row: protected if row[2] else row[3] or None),
        Column(_("Översyn senast"), itemgetter(4)),
        Column(_("Översyn försenad"), itemgetter(5)),
    ]


def _register(unit: OrganisationUnit, year: int, assets: QuerySet, *, total: int) -> dict:
    """The register of the unit's assets: in the PDF in full up to ``REGISTER_IN_PDF_MAX``
    assets; beyond that the PDF lists those without an approved classification (the overdue
    ones have their own table). The whole register is always embedded in the PDF as an XLSX
    file, so a unit with thousands of assets gets a readable report in reasonable time and
    still has every asset in the archived file."""
    ordered = assets.order_by("name")
    listed = ordered
    shortened = total > REGISTER_IN_PDF_MAX
    if shortened:
        # A live asset keeps "" for no profile; a year-end state's subquery gives NULL.
        listed = ordered.filter(
            Q(approved_profile__isnull=True) | Q(approved_profile=""), security_protection=False
        )
    name = f"informationsmangder-{slugify(unit.short_name)}-{year}.xlsx"
    content = xlsx_bytes(
        rows=ordered.values_list(*REGISTER_FIELDS).iterator(chunk_size=CHUNK),
        columns=_register_columns(), title=_("Informationsmängder"),
    )
    return {
        "register": _labelled(
            listed.values(*REGISTER_FIELDS).iterator(chunk_size=CHUNK),
            "personal_data", dict(PersonalData.choices),
        ),
        "register_shortened": shortened,
        "register_listed": listed.count() if shortened else total,
        "register_attachment": name,
        "attachments": [ReportAttachment(
            name=name, rows=total, content=content,
            description=_("Förteckning över informationsmängder, %(unit)s, %(year)s")
            % {"unit": unit.name, "year": year},
        )],
    }


def _unit_data(unit: OrganisationUnit, year: int) -> dict:
    ref = reference_date(year)
    reg = Registers(year_end(year))
    coverage = klassning.unit_coverage(
        units=[unit], assets=reg.assets, classifications=reg.classifications
    )[0]
    assets = klassning.with_classification_state(
        reg.assets.filter(unit_id=unit.pk), today=ref, classifications=reg.classifications
    )
    coverage["open"] = assets.filter(latest_status__in=OPEN_STATUSES).count()
    coverage["personal"] = assets.exclude(personal_data=PersonalData.NONE).count()
    coverage["protected"] = coverage["total"] - coverage["classifiable"]
    profiles = klassning.profile_counts(
        unit=unit, classifications=reg.classifications, assets=reg.assets
    ).most_common()
    overdue = klassning.overdue_reviews(
        unit=unit, today=ref, classifications=reg.classifications, assets=reg.assets
    )
    unit_counts = klassning.plan_status_counts(unit=unit, items=reg.unit_items)
    service_counts = klassning.service_plan_status_counts(
        unit=unit, items=reg.service_items, services=reg.services
    )
    unit_items = reg.unit_items.filter(unit_id=unit.pk)
    service_items = reg.service_items.filter(it_service_id__in=reg.services_of(unit))
    open_items = overdue_q(ref)
    return {
        "reference_date": ref,
        "coverage": coverage,
        "profiles": profiles[:MAX_PROFILES],
        "profiles_other": sum(n for _p, n in profiles[MAX_PROFILES:]),
        "chart": _profiles_chart(profiles[:MAX_PROFILES], _("Fastställda klassningar per profil")),
        "overdue_count": overdue.count(),
        "overdue": overdue.values("asset__name", "profile", "review_due", "number")
        .iterator(chunk_size=CHUNK),
        **_register(unit, year, assets, total=coverage["total"]),
        "services": {
            "total": reg.services.filter(unit_id=unit.pk).count(),
            "with_requirements": service_items.values("it_service_id").distinct().count(),
        },
        "plan_rows": [
            {"label": label, "unit": unit_counts.get(value, 0),
             "service": service_counts.get(value, 0)}
            for value, label in PlanStatus.choices
        ],
        "unit_plan": plan_fulfilment(unit_counts),
        "service_plan": plan_fulfilment(service_counts),
        "plan_items": _labelled(
            unit_items.order_by(
                "requirement__aspect__order", "requirement__min_level", "requirement__code"
            ).values(
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
        "overdue_plan_count": unit_items.filter(open_items).count()
        + service_items.filter(open_items).count(),
    }


def _prioritised_count(reg: Registers, units: list) -> int:
    """IT services used by more than half of the active units (at year-end for a past year)."""
    if reg.at is None:
        return klassning.prioritised_services().count()
    # A historical IT-service record keeps its own copy of the many-to-many rows.
    users = "historicalitservice_user_units"
    return reg.services.annotate(
        user_count=Count(f"{users}__organisationunit",
                         filter=Q(**{f"{users}__organisationunit__in": [u.pk for u in units]}),
                         distinct=True),
    ).filter(user_count__gt=len(units) // 2).count()


def _city_data(year: int, units) -> dict:
    ref = reference_date(year)
    reg = Registers(year_end(year))
    units = list(units)
    coverage = klassning.unit_coverage(
        units=units, assets=reg.assets, classifications=reg.classifications
    )
    overdue = per_unit(
        klassning.overdue_reviews(today=ref, classifications=reg.classifications)
        .annotate(asset_unit=_unit_of(reg, "asset_id")),
        "asset_unit", n=Count("id"),
    )
    unit_plan = per_unit(reg.unit_items, "unit_id", **fulfilment_aggregates(field="id"))
    service_plan = per_unit(
        reg.service_items.annotate(
            service_unit=Subquery(
                reg.services.filter(id=OuterRef("it_service_id")).values("unit_id")[:1]
            )
        ),
        "service_unit", **fulfilment_aggregates(field="id"),
    )
    summary = SummaryPart(columns=[
        _("Informationsmängder"), _("Klassade"), _("Översyn försenad"), _("Krav uppfyllda"),
    ])
    sums = dict.fromkeys(("assets", "classifiable", "classified", "overdue"), 0)
    plans = []
    for row in coverage:
        pk = row["unit"].pk
        plan = combined([fulfilment_of_row(unit_plan.get(pk)),
                         fulfilment_of_row(service_plan.get(pk))])
        plans.append(plan)
        late = overdue.get(pk, {}).get("n", 0)
        summary.rows[pk] = [
            row["total"], f"{row['approved']}/{row['classifiable']}", late,
            "–" if plan.percent is None else f"{plan.percent} %",
        ]
        for key, value in (("assets", row["total"]), ("classifiable", row["classifiable"]),
                           ("classified", row["approved"]), ("overdue", late)):
            sums[key] += value
    plan = combined(plans)
    sums.update(fulfilled=plan.fulfilled, applicable=plan.applicable)
    summary.totals = [sums["assets"], f"{sums['classified']}/{sums['classifiable']}",
                      sums["overdue"], "–" if plan.percent is None else f"{plan.percent} %"]
    profiles = klassning.profile_counts(classifications=reg.classifications).most_common(
        MAX_PROFILES
    )
    return {
        "reference_date": ref,
        "sums": sums,
        "percent": plan.percent,
        "services": reg.services.count(),
        "prioritised": _prioritised_count(reg, units),
        "profiles": profiles,
        "chart": _profiles_chart(profiles, _("Fastställda klassningar per profil, hela staden")),
        "summary": summary,
    }


def classification_section(*, unit: OrganisationUnit | None, year: int, units=None) -> dict:
    """``units``: the units the city report summarises (one row each; for a past year as they
    were on 31 December), given by the report."""
    return _unit_data(unit, year) if unit is not None else _city_data(year, units)
