"""Reads of the classification app.

The user-facing functions narrow everything through ``nämnder.access``. The functions below the
"Reports" line take units or querysets and no request: the reports app reads through them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import islice

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from isms.history import entries_for
from nämnder import access
from nämnder.models import OrganisationUnit

from . import history as link_history
from .fulfilment import percent, with_overdue
from .levels import aspect_summary, level_names, profile_for
from .models import (
    Aspect,
    Classification,
    ClassificationAssessment,
    ClassificationLevel,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)

APPROVED = ClassificationStatus.APPROVED


# --- Levels per aspect (used by the plan services too) -----------------------------------------

def _levels(assessments: QuerySet) -> dict[int, int]:
    rows = assessments.values("aspect_id").annotate(level=Max("level"))
    return {row["aspect_id"]: row["level"] for row in rows}


def _approved_assessments() -> QuerySet:
    """Judgements of approved classifications, in active consequence categories only (a
    retired category is not shown in the matrix, so it must not raise a level either)."""
    return ClassificationAssessment.objects.filter(
        classification__status=APPROVED, classification__asset__security_protection=False,
        category__is_active=True,
    )


def unit_aspect_levels(*, unit) -> dict[int, int]:
    """{aspect_id: highest approved level} over the unit's information assets."""
    return _levels(_approved_assessments().filter(classification__asset__unit=unit))


def service_aspect_levels(*, service) -> dict[int, int]:
    """{aspect_id: level an IT service needs}: the max over the assets it handles."""
    return _levels(_approved_assessments().filter(classification__asset__it_services=service))


def service_profiles(services) -> dict[int, str]:
    """{service_id: "K3 R2 T2 S3"} for many services in one query (list pages)."""
    rows = (
        _approved_assessments()
        .filter(classification__asset__it_services__in=[s.pk for s in services])
        .values("classification__asset__it_services", "aspect_id")
        .annotate(level=Max("level"))
    )
    levels: dict[int, dict[int, int]] = {}
    for row in rows:
        levels.setdefault(row["classification__asset__it_services"], {})[row["aspect_id"]] = row["level"]
    aspects = list(Aspect.objects.all())
    return {sid: profile_for(lv, aspects) for sid, lv in levels.items()}


def with_required_profiles(services, *, chunk_size: int = 500):
    """Yield the services with ``required_profile`` ("K3 R2 T2 S3") set, computed chunk by
    chunk: an export of every service never holds them all, nor one IN over all of them."""
    rows = services.iterator(chunk_size=chunk_size) if isinstance(services, QuerySet) else iter(services)
    while chunk := list(islice(rows, chunk_size)):
        profiles = service_profiles(chunk)
        for service in chunk:
            service.required_profile = profiles.get(service.pk, "")
            yield service


def aspects() -> list[Aspect]:
    return list(Aspect.objects.all())


def reference_data() -> dict:
    return {
        "aspects": list(Aspect.objects.all()),
        "categories": list(ConsequenceCategory.objects.filter(is_active=True)),
        "levels": list(ClassificationLevel.objects.all()),
    }


# --- Information assets ------------------------------------------------------------------------

def with_classification_state(qs: QuerySet[InformationAsset], *, today=None) -> QuerySet:
    """Annotate each asset with its latest classification status, approved profile and review."""
    today = today or timezone.localdate()
    latest = Classification.objects.filter(asset=OuterRef("pk")).order_by("-number")
    approved = latest.filter(status=APPROVED)
    return qs.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_classification_id=Subquery(latest.values("pk")[:1]),
        approved_profile=Subquery(approved.values("profile")[:1]),
        review_due=Subquery(approved.values("review_due")[:1]),
    ).annotate(
        is_overdue=Case(
            When(review_due__lt=today, then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        )
    )


ASSET_SORTS = {
    "namn": ("name",), "-namn": ("-name",), "enhet": ("unit__name", "name"),
    "-enhet": ("-unit__name", "name"), "oversyn": ("review_due", "name"),
    "-oversyn": ("-review_due", "name"), "profil": ("approved_profile", "name"),
    "-profil": ("-approved_profile", "name"),
}


def asset_list(
    *, user, unit=None, q: str = "", status: str = "", review: str = "",
    personal_data: str = "", sort: str = "namn",
) -> QuerySet[InformationAsset]:
    qs = access.restrict(user, InformationAsset.objects.select_related("unit"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(process__icontains=q))
    if personal_data:
        qs = qs.filter(personal_data=personal_data)
    qs = with_classification_state(qs)
    if status == "none":
        qs = qs.filter(latest_status__isnull=True, security_protection=False)
    elif status == "security_protection":
        qs = qs.filter(security_protection=True)
    elif status:
        qs = qs.filter(latest_status=status)
    if review == "overdue":
        qs = qs.filter(is_overdue=True)
    elif review == "approved":
        qs = qs.filter(review_due__isnull=False)
    elif review == "missing":
        qs = qs.filter(review_due__isnull=True, security_protection=False)
    return qs.order_by(*ASSET_SORTS.get(sort, ASSET_SORTS["namn"]))


def asset_get(*, user, pk, perm: str = access.VIEW) -> InformationAsset:
    return access.get_for_user_or_404(
        user, InformationAsset.objects.select_related("unit"), perm=perm, pk=pk
    )


def asset_classifications(*, asset) -> list[Classification]:
    return list(
        asset.classifications.select_related("created_by", "submitted_by", "approved_by")
        .order_by("-number")
    )


def asset_it_services(*, asset, user) -> list[ITService]:
    """The services linked to the asset that ``user`` may open."""
    qs = asset.it_services.filter(pk__in=_visible_services(user).values("pk"))
    return list(with_prioritised(qs.select_related("unit")).order_by("name"))


def asset_details_removed(*, asset) -> bool:
    """A säkerhetsskydd asset that was once recorded without the flag: its earlier details were
    removed from the portal and its history when it was flagged (``services.security_protection``)."""
    return asset.security_protection and InformationAsset.history.filter(
        id=asset.pk, security_protection=False
    ).exists()


def asset_history(*, asset, user, limit: int | None = 100):
    """The asset's history with its classifications and IT-service links. For a säkerhetsskydd
    asset only who/when and name, unit, note and the flag are shown (``klassning.history``)."""
    querysets = [InformationAsset.history.filter(id=asset.pk)]
    numbers = {}
    if not asset.security_protection:
        numbers = dict(asset.classifications.values_list("pk", "number"))
        querysets += [
            Classification.history.filter(asset_id=asset.pk),
            ClassificationAssessment.history.filter(classification_id__in=list(numbers)),
        ]
    entries = entries_for(
        querysets,
        label=lambda record, names: (
            f"v{record.number}" if hasattr(record, "number")
            else f"{names.get('aspect', {}).get(record.aspect_id, '')} / "
                 f"{names.get('category', {}).get(record.category_id, '')}"
            if hasattr(record, "category_id") else record.name
        ),
        # The assessments one save of a classification writes are shown as one entry.
        group=lambda record, names: (
            f"v{numbers.get(record.classification_id, '?')}"
            if hasattr(record, "category_id") else None
        ),
        limit=limit,
    )
    entries = link_history.group_assessments(entries)
    entries += link_history.asset_link_entries(
        asset=asset, visible_services=_visible_services(user)
    )
    if asset.security_protection:
        entries = link_history.redact_security_protection(entries)
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


def it_service_history(*, service, user, limit: int | None = 100):
    """The IT service's own changes and its links (users, assets the user may see)."""
    entries = entries_for(
        [ITService.history.filter(id=service.pk)], label=lambda record, names: record.name,
        limit=limit,
    )
    entries += link_history.service_link_entries(
        service=service,
        visible_assets=access.restrict(user, InformationAsset.objects.all()),
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


def units_for_new_records(*, user) -> QuerySet[OrganisationUnit]:
    return access.units_for(user, access.EDIT_RECORDS).filter(is_active=True).order_by("name")


# --- Classifications ---------------------------------------------------------------------------

def classification_get(*, user, pk, perm: str = access.VIEW) -> Classification:
    return access.get_for_user_or_404(
        user,
        Classification.objects.select_related(
            "asset__unit", "created_by", "submitted_by", "approved_by"
        ),
        perm=perm, unit_field="asset__unit", pk=pk,
    )


def classification_matrix(*, classification) -> list[dict]:
    """Per aspect: its computed level and one row per category with the assessment (or None)."""
    ref = reference_data()
    cells = {
        (a.aspect_id, a.category_id): a for a in classification.assessments.all()
    }
    names = level_names(ref["levels"])
    matrix = []
    for aspect in ref["aspects"]:
        rows = [
            {"category": c, "assessment": cells.get((aspect.pk, c.pk))} for c in ref["categories"]
        ]
        levels = [r["assessment"].level for r in rows if r["assessment"] is not None]
        matrix.append({"aspect": aspect, "rows": rows, **aspect_summary(levels, names)})
    return matrix


def classification_diff(*, old: Classification, new: Classification) -> list[dict]:
    """What changed between two versions, cell by cell (level and motivation)."""
    ref = reference_data()
    before = {(a.aspect_id, a.category_id): a for a in old.assessments.all()}
    after = {(a.aspect_id, a.category_id): a for a in new.assessments.all()}
    changes = []
    for aspect in ref["aspects"]:
        for category in ref["categories"]:
            a, b = before.get((aspect.pk, category.pk)), after.get((aspect.pk, category.pk))
            old_level, new_level = (a.level if a else None), (b.level if b else None)
            old_text, new_text = (a.motivation if a else ""), (b.motivation if b else "")
            if (old_level, old_text) != (new_level, new_text):
                changes.append({
                    "aspect": aspect, "category": category, "old_level": old_level,
                    "new_level": new_level, "old_motivation": old_text,
                    "new_motivation": new_text,
                })
    return changes


# --- IT services -------------------------------------------------------------------------------

def active_unit_count() -> int:
    return OrganisationUnit.objects.operational().count()


def with_prioritised(qs: QuerySet[ITService], *, active_units: int | None = None) -> QuerySet:
    """Annotate ``user_count`` and ``is_prioritised``: used by more than half of the active
    units (the riktlinje's principle), computed, never stored."""
    active = active_unit_count() if active_units is None else active_units
    return qs.annotate(
        user_count=Count("user_units", filter=Q(user_units__is_active=True), distinct=True),
    ).annotate(
        is_prioritised=Case(
            When(user_count__gt=active // 2, then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        )
    )


def _visible_services(user) -> QuerySet[ITService]:
    """An IT service is visible to its owning unit, to the units that use it and to its owner
    (the förvaltningsledare/systemägare, a portal user possibly in another unit or at a
    supplier: ``klassning.handover``)."""
    base = ITService.objects.all()
    if access.sees_all_units(user):
        return base
    run_by_user = Q(owner=user) if user.is_authenticated and user.is_active else Q(pk__in=[])
    return base.filter(
        Q(pk__in=access.restrict(user, base).values("pk"))
        | Q(pk__in=access.restrict(user, base, unit_field="user_units").values("pk"))
        | run_by_user
    )


def it_service_list(
    *, user, q: str = "", kind: str = "", prioritised: bool = False, unit=None
) -> QuerySet[ITService]:
    qs = with_prioritised(_visible_services(user).select_related("unit"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(supplier__icontains=q) | Q(manager__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(user_units=unit)).distinct()
    if prioritised:
        qs = qs.filter(is_prioritised=True)
    return qs.order_by("name")


def it_service_get(*, user, pk, perm: str = access.VIEW) -> ITService:
    """404 if the user's units neither own nor use it; 403 on a write without ``perm`` on the
    owning unit."""
    return access.get_for_user_or_404(
        user, with_prioritised(ITService.objects.select_related("unit")),
        visible=_visible_services(user), perm=perm, pk=pk,
    )


def it_service_assets(*, user, service) -> list[InformationAsset]:
    """The assets a service handles that this user may see, with their approved profile."""
    qs = access.restrict(user, service.assets.select_related("unit"))
    return list(with_classification_state(qs).order_by("name"))


def services_of_units(*, units) -> QuerySet[ITService]:
    """IT services the units own or use: the ones the units' assets may be linked to."""
    linked = ITService.objects.filter(Q(unit__in=units) | Q(user_units__in=units))
    return ITService.objects.filter(pk__in=linked.values("pk"))


def it_service_choices(*, user, units) -> QuerySet[ITService]:
    """The services a user may link the units' assets to: owned or used by the units and
    visible to the user."""
    return (
        _visible_services(user).filter(pk__in=services_of_units(units=units).values("pk"))
        .select_related("unit").order_by("name")
    )


# --- Action plans ------------------------------------------------------------------------------

def _plan(
    qs: QuerySet, *, status: str = "", kind: str = "", aspect: str = "", q: str = "",
    overdue: bool = False, today: dt.date | None = None,
):
    """Current requirements, each with ``is_overdue`` (``klassning.fulfilment``)."""
    today = today or timezone.localdate()
    qs = with_overdue(
        qs.filter(is_current=True).select_related("requirement__aspect", "responsible_user"), today
    )
    if overdue:
        qs = qs.filter(is_overdue=True)
    if status:
        qs = qs.filter(status=status)
    if aspect:
        qs = qs.filter(requirement__aspect__code=aspect)
    if q:
        qs = qs.filter(Q(requirement__title__icontains=q) | Q(requirement__code__icontains=q))
    return qs.order_by("requirement__aspect__order", "requirement__min_level", "requirement__code")


def unit_plan(*, unit, **filters) -> QuerySet[UnitRequirement]:
    return _plan(UnitRequirement.objects.filter(unit=unit), **filters)


def service_plan(*, service, **filters) -> QuerySet[ServiceRequirement]:
    return _plan(ServiceRequirement.objects.filter(it_service=service), **filters)


def unit_plan_item_get(*, user, pk, perm: str = access.VIEW) -> UnitRequirement:
    return access.get_for_user_or_404(
        user, UnitRequirement.objects.select_related("unit", "requirement__aspect"),
        perm=perm, pk=pk,
    )


def service_plan_item_get(*, user, pk, perm: str = access.VIEW) -> ServiceRequirement:
    """Visible with its IT service; a write needs ``perm`` on the service's owning unit."""
    return access.get_for_user_or_404(
        user, ServiceRequirement.objects.select_related("it_service__unit", "requirement__aspect"),
        visible=ServiceRequirement.objects.filter(it_service__in=_visible_services(user)),
        perm=perm, unit_field="it_service__unit", pk=pk,
    )


def plan_item_history(*, item, limit: int | None = 50):
    return entries_for(
        [type(item).history.filter(id=item.pk)],
        label=lambda record, names: names.get("requirement", {}).get(record.requirement_id, ""),
        limit=limit,
    )


# --- Reports (no request needed) ---------------------------------------------------------------

def per_unit(queryset, unit_field: str, **aggregates) -> dict:
    """One grouped query: ``{unit id: {aggregate: value}}`` (no query per unit)."""
    rows = queryset.values(unit_field).annotate(**aggregates).order_by()
    return {row[unit_field]: row for row in rows}


def unit_coverage(*, units=None) -> list[dict]:
    """Per unit: assets total, classifiable (not säkerhetsskydd), with an approved classification."""
    units = units if units is not None else OrganisationUnit.objects.filter(is_active=True)
    approved = Classification.objects.filter(asset=OuterRef("pk"), status=APPROVED)
    rows = (
        InformationAsset.objects.filter(unit__in=units)
        .annotate(has_approved=Exists(approved))
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            classifiable=Count("pk", filter=Q(security_protection=False)),
            approved=Count("pk", filter=Q(has_approved=True)),
        )
    )
    by_unit = {row["unit_id"]: row for row in rows}
    result = []
    for unit in units:
        row = by_unit.get(unit.pk, {})
        classifiable = row.get("classifiable", 0)
        result.append({
            "unit": unit, "total": row.get("total", 0), "classifiable": classifiable,
            "approved": row.get("approved", 0),
            "percent": percent(row.get("approved", 0), classifiable),
        })
    return result


def profile_counts(*, unit=None) -> Counter:
    """How many approved classifications have each profile (``{"K3 R2 T2 S3": 4, ...}``)."""
    qs = Classification.objects.filter(status=APPROVED)
    if unit is not None:
        qs = qs.filter(asset__unit=unit)
    return Counter(dict(qs.values_list("profile").annotate(n=Count("pk")).values_list("profile", "n")))


def overdue_reviews(*, unit=None, today: dt.date | None = None) -> QuerySet[Classification]:
    """Approved classifications whose review date has passed."""
    today = today or timezone.localdate()
    qs = Classification.objects.filter(status=APPROVED, review_due__lt=today).select_related(
        "asset__unit", "approved_by"
    )
    if unit is not None:
        qs = qs.filter(asset__unit=unit)
    return qs.order_by("review_due")


def _status_counts(qs) -> dict[str, int]:
    counts = dict(qs.filter(is_current=True).values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in PlanStatus.values}


def plan_status_counts(*, unit) -> dict[str, int]:
    """The unit's action plan (organisational requirements): {status: count}."""
    return _status_counts(UnitRequirement.objects.filter(unit=unit))


def service_plan_status_counts(*, unit=None, service=None) -> dict[str, int]:
    """Technical requirements on one IT service, or on all services a unit owns."""
    qs = ServiceRequirement.objects.all()
    if service is not None:
        qs = qs.filter(it_service=service)
    if unit is not None:
        qs = qs.filter(it_service__unit=unit)
    return _status_counts(qs)


def prioritised_services() -> QuerySet[ITService]:
    return with_prioritised(ITService.objects.select_related("unit")).filter(is_prioritised=True)

