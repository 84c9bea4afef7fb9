"""Reads of information assets and their classifications."""

from __future__ import annotations

import dataclasses

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from isms import prepared
from isms.compiled import PREPARED_MAX_IDS, CompiledQuery
from isms.converters import MAX_ID
from isms.history import CompiledHistory, CompiledLinks, entries_for
from nämnder import access
from nämnder.models import OrganisationUnit

from .. import history as link_history
from ..levels import aspect_summary, level_names
from ..models import (
    Classification,
    ClassificationAspectLevel,
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
    ``approved_profile`` and ``can_view``."""

    __slots__ = ("approved_profile", "can_view", "cause_html", "name", "pk", "unit", "url")

    def __init__(self, pk, name, unit, approved_profile, can_view):
        self.pk, self.name, self.unit = pk, name, unit
        self.approved_profile, self.can_view, self.url = approved_profile, can_view, None


class UnitNames:
    __slots__ = ("name", "short_name")

    def __init__(self, name, short_name):
        self.name, self.short_name = name, short_name


@dataclasses.dataclass
class ServiceAssetSummary:
    """What an IT service's page shows of the assets it handles (``it_service_asset_summary``).

    ``listed``: the first assets in name order that the viewer may open; ``viewable``: how many
    they may open in all. ``levels``: {aspect id: the highest approved level} over the assets
    that make requirements apply (approved, not säkerhetsskydd): the level the service needs.
    ``heads``: per (aspect id, level), the first such assets of exactly that level in name
    order, as ``(position among the service's assets in name order, ServiceAsset)``, and
    ``counts``: how many there are of that level; ``handover.service_causes`` names each
    requirement's causes from them."""

    listed: list[ServiceAsset]
    viewable: int
    levels: dict[int, int]
    heads: dict[tuple[int, int], list[tuple[int, ServiceAsset]]]
    counts: dict[tuple[int, int], int]


def _summary_sql(*, viewable: str) -> str:
    quote = connection.ops.quote_name
    links = quote(ITService.assets.through._meta.db_table)
    asset, unit = quote(InformationAsset._meta.db_table), quote(OrganisationUnit._meta.db_table)
    level = quote(ClassificationAspectLevel._meta.db_table)
    # One pass over the service's links: its assets (``sa``) ranked once in name order (the
    # only sort by text: the others sort by that rank), each approved one's level of every
    # aspect ranked per aspect and level (the first few kept, the rest counted), and the
    # assets the viewer may open (the first few kept, the rest counted). Only those rows
    # leave the database: for a service the whole city shares, ~150 rows instead of 564
    # assets with their levels.
    return (
        "WITH sa AS (SELECT a.id, a.name, a.unit_id, a.approved_profile, "  # noqa: S608 - model tables, quoted
        "a.security_protection, a.current_classification_id, "
        "ROW_NUMBER() OVER (ORDER BY a.name, a.id) AS ord "
        f"FROM {links} s JOIN {asset} a ON a.id = s.informationasset_id "
        "WHERE s.itservice_id = %s), "
        "heads AS (SELECT l.aspect_id, l.level, sa.id, sa.name, sa.unit_id, sa.ord, "
        "ROW_NUMBER() OVER (PARTITION BY l.aspect_id, l.level ORDER BY sa.ord) AS rn, "
        "COUNT(*) OVER (PARTITION BY l.aspect_id, l.level) AS n "
        f"FROM sa JOIN {level} l ON l.classification_id = sa.current_classification_id "
        "WHERE NOT sa.security_protection AND l.level IS NOT NULL), "
        "listed AS (SELECT sa.id, sa.name, sa.unit_id, sa.approved_profile, "
        "ROW_NUMBER() OVER (ORDER BY sa.ord) AS rn, COUNT(*) OVER () AS n "
        f"FROM sa WHERE {viewable}) "
        "SELECT h.aspect_id, h.level, h.id, h.name, h.unit_id, u.name, u.short_name, NULL, "
        f"h.ord, h.n FROM heads h JOIN {unit} u ON u.id = h.unit_id WHERE h.rn <= %s "
        "UNION ALL SELECT NULL, NULL, l.id, l.name, l.unit_id, u.name, u.short_name, "
        f"l.approved_profile, l.rn, l.n FROM listed l JOIN {unit} u ON u.id = l.unit_id "
        "WHERE l.rn <= %s"
    )


def it_service_asset_summary(*, user, service, listed: int, causes: int) -> ServiceAssetSummary:
    """The assets ``service`` handles as its page shows them (:class:`ServiceAssetSummary`):
    the first ``listed`` the viewer may open (``access.restrict``'s rule: a city-wide role
    every unit's, anyone else those of the units they may view), the levels the service
    needs, and the first ``causes`` assets of each aspect and level.

    One query that returns only what the page shows: the assets are ranked and counted in the
    database (a service the whole city shares has hundreds; reading every one of them with its
    levels, then sorting them out in Python, was most of its page's time)."""
    if access.sees_all_units(user):
        viewable, units, seen = "1 = 1", [], None
    else:
        units = sorted(access.unit_ids_for(user, access.VIEW))
        viewable = f"sa.unit_id IN ({', '.join(['%s'] * len(units))})" if units else "1 = 0"
        seen = frozenset(units)
    unit_names: dict[int, UnitNames] = {}
    listed_rows: list[tuple[int, ServiceAsset]] = []
    result = ServiceAssetSummary(listed=[], viewable=0, levels={}, heads={}, counts={})
    sql, params = _summary_sql(viewable=viewable), [service.pk, *units, causes, listed]
    with connection.cursor() as cursor:
        # Prepared while the viewer's units are few (a statement per number of them, as
        # ``CompiledRows`` bounds it); plain SQL for a longer list.
        if len(units) <= PREPARED_MAX_IDS:
            prepared.execute_sql(cursor, sql, params)
        else:
            cursor.execute(sql, params)
        rows = cursor.fetchall()
    for aspect_id, level, pk, name, unit_id, unit_name, short_name, profile, rank, n in rows:
        unit = unit_names.get(unit_id)
        if unit is None:
            unit = unit_names[unit_id] = UnitNames(unit_name, short_name)
        if aspect_id is None:
            listed_rows.append((rank, ServiceAsset(pk, name, unit, profile, True)))
            result.viewable = n
            continue
        asset = ServiceAsset(pk, name, unit, profile, seen is None or unit_id in seen)
        result.heads.setdefault((aspect_id, level), []).append((rank, asset))
        result.counts[(aspect_id, level)] = n
        if level > result.levels.get(aspect_id, -1):
            result.levels[aspect_id] = level
    # UNION ALL keeps no order: each part's rows by their rank.
    result.listed = [asset for _rank, asset in sorted(listed_rows, key=lambda r: r[0])]
    for named in result.heads.values():
        named.sort(key=lambda r: r[0])
    return result


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
