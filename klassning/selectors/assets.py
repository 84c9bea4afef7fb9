"""Reads of information assets and their classifications."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Field,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from isms.compiled import CompiledQuery, CompiledRows
from isms.converters import MAX_ID
from isms.history import CompiledHistory, CompiledLinks, entries_for
from nämnder import access
from nämnder.models import OrganisationUnit

from .. import history as link_history
from ..levels import aspect_summary, level_names
from ..models import (
    Classification,
    ClassificationAssessment,
    ClassificationStatus,
    InformationAsset,
    ITService,
)
from .reference import reference_data
from .services import visible_service_ids, with_prioritised

APPROVED = ClassificationStatus.APPROVED


# --- Information assets ------------------------------------------------------------------------

def with_classification_state(
    qs: QuerySet[InformationAsset], *, today=None, classifications: QuerySet | None = None
) -> QuerySet:
    """Each asset with its latest classification status, approved profile and review date
    (``latest_status``, ``latest_classification_id``, ``approved_profile``, ``review_due``) and
    ``is_overdue``.

    Live assets carry that state in their own indexed columns (kept by the classification
    services, ``services.classification_state``). Year-end states (``isms.as_of.state_at``:
    ``qs`` and ``classifications`` from the history) compute it with subqueries instead."""
    today = today or timezone.localdate()
    if qs.model is not InformationAsset:
        if classifications is None:
            classifications = Classification.objects.all()
        latest = classifications.filter(asset_id=OuterRef("id")).order_by("-number")
        approved = latest.filter(status=APPROVED)
        qs = qs.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_classification_id=Subquery(latest.values("id")[:1]),
            approved_profile=Subquery(approved.values("profile")[:1]),
            review_due=Subquery(approved.values("review_due")[:1]),
        )
    return qs.annotate(
        is_overdue=Case(
            When(review_due__lt=today, then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        )
    )


# Each order ends in the primary key: a total order, which paging needs (a name shared by two
# units' assets must not show on two pages or none); the asset's indexes hold these columns.
ASSET_SORTS = {
    "namn": ("name", "pk"), "-namn": ("-name", "-pk"), "enhet": ("unit__name", "name", "pk"),
    "-enhet": ("-unit__name", "name", "pk"), "oversyn": ("review_due", "name", "pk"),
    "-oversyn": ("-review_due", "name", "pk"), "profil": ("approved_profile", "name", "pk"),
    "-profil": ("-approved_profile", "name", "pk"),
}


def asset_list(
    *, user, unit=None, q: str = "", status: str = "", review: str = "",
    personal_data: str = "", sort: str = "namn", it_service=None,
) -> QuerySet[InformationAsset]:
    """``it_service``: only the assets that IT service handles (a service the user may see:
    ``forms.AssetFilterForm`` offers only those)."""
    qs = access.restrict(user, InformationAsset.objects.select_related("unit"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if it_service is not None:
        qs = qs.filter(it_services=it_service)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(process__icontains=q))
    if personal_data:
        qs = qs.filter(personal_data=personal_data)
    # Filters and sorts on the asset's own indexed columns: no per-row subquery, so the last
    # page costs what the first does.
    today = timezone.localdate()
    qs = with_classification_state(qs, today=today)
    if status == "none":
        qs = qs.filter(latest_status="", security_protection=False)
    elif status == "security_protection":
        qs = qs.filter(security_protection=True)
    elif status:
        qs = qs.filter(latest_status=status)
    if review == "overdue":
        qs = qs.filter(review_due__lt=today)
    elif review == "approved":
        qs = qs.filter(review_due__isnull=False)
    elif review == "missing":
        qs = qs.filter(review_due__isnull=True, security_protection=False)
    return qs.order_by(*ASSET_SORTS.get(sort, ASSET_SORTS["namn"]))


_ASSET_ID = -2_000_000_031  # a sentinel no asset has (isms.compiled)
_CLASSIFICATION_ID = -2_000_000_032
# One asset (or classification) by its key with its unit (and people): read on every asset
# page and classification form, its SQL built once per process and planned once per database
# session (a prepared statement); who may see it is decided from the row
# (``access.found_or_404``: ``restrict``'s rule on the unit it names).
_ASSET = CompiledQuery(
    lambda asset_id: InformationAsset.objects.select_related("unit").filter(pk=asset_id),
    asset_id=_ASSET_ID, prepare=True,
)
_CLASSIFICATION = CompiledQuery(
    lambda classification_id: Classification.objects.select_related(
        "asset__unit", "created_by", "submitted_by", "approved_by"
    ).filter(pk=classification_id),
    classification_id=_CLASSIFICATION_ID, prepare=True,
)


def _key(pk) -> int:
    """``pk`` as a database id, or 404 (what ``get`` answers for a key no row can have)."""
    try:
        pk = int(pk)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not -MAX_ID <= pk <= MAX_ID:
        raise Http404
    return pk


def asset_get(*, user, pk, perm: str = access.VIEW) -> InformationAsset:
    """404 if ``user`` may not view the asset's unit, 403 on a write without ``perm`` there."""
    return access.found_or_404(user, _ASSET.objects(asset_id=_key(pk)), perm=perm)
# The asset page's and its history's classifications, with their people: SQL built once per
# process.
_CLASSIFICATIONS = CompiledQuery(
    lambda asset_id: Classification.objects.filter(asset_id=asset_id)
    .select_related("created_by", "submitted_by", "approved_by").order_by("-number"),
    asset_id=_ASSET_ID, prepare=True,
)
_ASSESSMENTS = CompiledQuery(
    lambda classification_id: ClassificationAssessment.objects.filter(
        classification_id=classification_id
    ),
    classification_id=_CLASSIFICATION_ID, prepare=True,
)


def asset_classifications(*, asset) -> list[Classification]:
    """Newest first, with their people (and ``asset``: a classification is named by it)."""
    classifications = _CLASSIFICATIONS.objects(asset_id=asset.pk)
    for classification in classifications:
        classification.asset = asset
    return classifications


def classification_assessments(*, classification) -> list[ClassificationAssessment]:
    """``classification.assessments.all()``, its SQL built once per process."""
    assessments = _ASSESSMENTS.objects(classification_id=classification.pk)
    for assessment in assessments:
        assessment.classification = classification
    return assessments


_SERVICE_ID = -2_000_000_035  # a sentinel no IT service has
# The services linked to an asset, with their unit and prioritisation: built once per process.
_LINKED_SERVICES = CompiledQuery(
    lambda asset_id: with_prioritised(
        ITService.objects.filter(assets=asset_id).select_related("unit")
    ).order_by("name", "pk"),
    asset_id=_ASSET_ID, prepare=True,
)


def asset_it_services(*, asset, user) -> list[ITService]:
    """The services linked to the asset that ``user`` may open (``visible_service_ids``)."""
    services = _LINKED_SERVICES.objects(asset_id=asset.pk)
    shown = visible_service_ids(user, [s.pk for s in services])
    return [s for s in services if s.pk in shown]


def asset_details_removed(*, asset) -> bool:
    """A säkerhetsskydd asset that was once recorded without the flag: its earlier details were
    removed from the portal and its history when it was flagged (``services.security_protection``)."""
    return asset.security_protection and InformationAsset.history.filter(
        id=asset.pk, security_protection=False
    ).exists()


# The asset page's history block reads these three on every view: their SQL is built once per
# process (``isms.history.CompiledHistory``). The assessments are those of the asset's current
# classifications (a subquery, so the read has one value: the asset's id).
_ASSET_HISTORY = CompiledHistory(
    lambda asset_id: InformationAsset.history.filter(id=asset_id), asset_id=_ASSET_ID,
    prepare=True,
)
_CLASSIFICATION_HISTORY = CompiledHistory(
    lambda asset_id: Classification.history.filter(asset_id=asset_id), asset_id=_ASSET_ID,
    prepare=True,
)
_ASSESSMENT_HISTORY = CompiledHistory(
    lambda asset_id: ClassificationAssessment.history.filter(
        classification_id__in=Classification.objects.filter(asset_id=asset_id).values("pk")
    ),
    asset_id=_ASSET_ID, prepare=True,
)
_SERVICE_LINKS = CompiledLinks(model=ITService, field="assets", prepare=True)


def asset_history(
    *, asset, user, limit: int | None = 100, classifications: list | None = None, known=()
):
    """The asset's history with its classifications and IT-service links. For a säkerhetsskydd
    asset only who/when and name, unit, note and the flag are shown (``klassning.history``).

    ``classifications``: the asset's classifications when the caller has them already
    (``asset_classifications``); ``known``: other objects it has loaded (the reference data),
    whose names the history then does not read again."""
    querysets = [_ASSET_HISTORY.bind(asset_id=asset.pk)]
    numbers = {}
    known = [asset, asset.unit, *known]
    if not asset.security_protection:
        if classifications is None:
            # With their asset and people: named without a query each (``Classification``'s
            # name is its asset's and number).
            classifications = asset_classifications(asset=asset)
        numbers = {c.pk: c.number for c in classifications}
        for c in classifications:
            known += [c, *(u for u in (c.created_by, c.submitted_by, c.approved_by) if u)]
        querysets += [
            _CLASSIFICATION_HISTORY.bind(asset_id=asset.pk),
            _ASSESSMENT_HISTORY.bind(asset_id=asset.pk),
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
        limit=limit, known=known,
    )
    entries = link_history.group_assessments(entries)
    entries += _SERVICE_LINKS.entries(
        asset.pk, visible=lambda ids: visible_service_ids(user, ids),
        label=lambda record: record.name,
    )
    if asset.security_protection:
        entries = link_history.redact_security_protection(entries)
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


class ServiceAsset:
    """One asset an IT service handles, as the service's page lists it and names it among its
    requirements' causes (``handover.attach_causes``): its unit's ``name`` and ``short_name``,
    ``approved_profile``, ``levels`` ({aspect id: level} of its approved classification) and
    ``can_view``."""

    __slots__ = ("approved_profile", "can_view", "cause_html", "levels", "name", "pk",
                 "security_protection", "unit", "url")

    def __init__(self, pk, name, unit, approved_profile, security_protection, can_view):
        self.pk, self.name, self.unit = pk, name, unit
        self.approved_profile, self.security_protection = approved_profile, security_protection
        self.can_view, self.levels, self.url = can_view, {}, None


class UnitNames:
    __slots__ = ("name", "short_name")

    def __init__(self, name, short_name):
        self.name, self.short_name = name, short_name


def _service_assets(*, key: tuple[int, ...], service_id) -> QuerySet:
    """``it_service_asset_rows``'s query for the aspects ``key``: the service's assets joined
    to the aspect levels of each one's approved classification (``current_classification``),
    grouped per asset (by its key), one column per aspect: its level, NULL when that
    classification has none or the asset no approved classification. One pass over the levels
    (read by the classification's key), where a subquery per asset and aspect probed them
    four times per asset."""
    level = "current_classification__aspect_levels__"
    # A plain ``Field`` as the output: the database returns the level as an int already (a
    # ``PositiveSmallIntegerField`` output adds a converter call per asset and aspect, ~2,000
    # on the most-linked service's page).
    levels = {
        f"level_{pk}": Max(
            f"{level}level", filter=Q(**{f"{level}aspect_id": pk}), output_field=Field(),
        )
        for pk in key
    }
    columns = ("pk", "name", "unit_id", "unit__name", "unit__short_name", "approved_profile",
               "security_protection")
    return (
        InformationAsset.objects.filter(it_services=service_id).values(*columns)
        .annotate(**levels).order_by("name", "pk").values_list(*columns, *levels)
    )


# Building its SQL cost the ORM more than the database takes to answer: built once per process
# (and set of aspects), and prepared once per database session (its planning ~1-4 ms).
_SERVICE_ASSETS = CompiledRows(_service_assets, service_id=_SERVICE_ID, prepare=True)


def it_service_asset_rows(*, user, service, aspects) -> list[ServiceAsset]:
    """Every asset ``service`` handles, in name order, each with ``can_view`` (``user`` may open
    it) and its approved levels of ``aspects`` (the reference data): what the service's page
    lists (the ones the user may open), counts, takes its required levels from
    (``handover.cause_levels_of``) and names as its requirements' causes.

    One query, from the service's links: each asset read by its key from an index
    (``asset_key_listed_idx``), not by a pass over the whole table, and its level of each
    aspect by the classification's key (one row per asset, not one per asset and aspect)."""
    aspect_ids = tuple(aspect.pk for aspect in aspects)
    rows = _SERVICE_ASSETS.rows(key=aspect_ids, service_id=service.pk)
    # ``access.restrict``'s rule, asked once for all the rows: a city-wide role sees every
    # unit's assets, anyone else those of the units they may view.
    units_seen = (
        None if access.sees_all_units(user) else frozenset(access.unit_ids_for(user, access.VIEW))
    )
    units: dict[int, UnitNames] = {}
    assets = []
    for pk, name, unit_id, unit_name, short_name, profile, protected, *per_aspect in rows:
        unit = units.get(unit_id)
        if unit is None:
            unit = units[unit_id] = UnitNames(unit_name, short_name)
        row = ServiceAsset(
            pk, name, unit, profile, protected, units_seen is None or unit_id in units_seen,
        )
        row.levels = {a: level for a, level in zip(aspect_ids, per_aspect, strict=True)
                      if level is not None}
        assets.append(row)
    return assets


def units_for_new_records(*, user) -> QuerySet[OrganisationUnit]:
    return access.units_for(user, access.EDIT_RECORDS).filter(is_active=True).order_by("name")


# --- Classifications ---------------------------------------------------------------------------

def classification_get(*, user, pk, perm: str = access.VIEW) -> Classification:
    """With its asset, unit and people; 404/403 as :func:`asset_get` (the asset's unit)."""
    return access.found_or_404(
        user, _CLASSIFICATION.objects(classification_id=_key(pk)), perm=perm,
        unit_field="asset__unit",
    )


def classification_matrix(*, classification, ref: dict | None = None) -> list[dict]:
    """Per aspect: its computed level and one row per category with the assessment (or None).
    ``ref``: the reference data (``reference_data()``) when the caller has read it already."""
    ref = ref or reference_data()
    cells = {
        (a.aspect_id, a.category_id): a
        for a in classification_assessments(classification=classification)
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
