"""Reads of the handover of technical requirements to whoever runs each IT service
(riktlinje point 8), of evidence and of why each requirement applies.

Who sees an IT service is decided in one place, ``selectors._visible_services`` (its owning
unit, the units that use it, the city-wide roles and its owner, ``ITService.owner``). This
module adds who may *report* on a service's requirements: the owning unit's editors and the
service's owner, on that service only. Views ask these functions; nothing is filtered by hand.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from isms.compiled import CompiledQuery, CompiledRows, Ids
from nämnder import access
from nämnder.models import Membership

from . import selectors
from .fulfilment import fulfilment_aggregates, fulfilment_of_row, overdue_q
from .models import (
    ClassificationAspectLevel,
    InformationAsset,
    ITService,
    ServiceRequirement,
    UnitRequirement,
)

# --- Who may report on a service's requirements ------------------------------------------------

def is_owner(user, service: ITService) -> bool:
    return bool(user.is_authenticated and user.is_active and service.owner_id == user.pk)


def may_report(user, service: ITService) -> bool:
    """Status and evidence of the service's requirements: its owning unit's editors or its
    owner (förvaltningsledare/systemägare, who may belong to another unit or a supplier)."""
    return is_owner(user, service) or access.can(user, access.EDIT_RECORDS, service.unit)


def service_item_for_report(*, user, pk) -> ServiceRequirement:
    """A requirement on an IT service the user may report on: 404 if the service is not
    visible to them, 403 if visible but they may not report."""
    item = selectors.service_plan_item_get(user=user, pk=pk)
    if not may_report(user, item.it_service):
        raise PermissionDenied
    return item


def owned_service_get(*, user, pk) -> ITService:
    """An IT service ``user`` runs (acknowledging its requirements): 404 if invisible, 403 if
    they may see it but are not its owner."""
    service = selectors.it_service_get(user=user, pk=pk)
    if not is_owner(user, service):
        raise PermissionDenied
    return service


def evidence_item_get(*, user, kind: str, pk) -> UnitRequirement | ServiceRequirement:
    """The requirement whose evidence file ``user`` asks for: visible exactly when its page
    is (unit members and city-wide roles; for an IT service also its users and its owner),
    else 404."""
    if kind == "enhet":
        return selectors.unit_plan_item_get(user=user, pk=pk)
    if kind == "it-tjanst":
        return selectors.service_plan_item_get(user=user, pk=pk)
    raise Http404


# --- Choices ------------------------------------------------------------------------------------

def _active_users() -> QuerySet:
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def owner_choices() -> QuerySet:
    """Anyone with an active portal account may run an IT service (also a supplier's staff
    given an account without any unit membership)."""
    return _active_users()


def responsible_user_choices(*, item) -> QuerySet:
    """A requirement's responsible person: a member of the unit whose plan it is; for an IT
    service, a member of its owning unit or the service's owner."""
    if isinstance(item, ServiceRequirement):
        service = item.it_service
        members = Membership.objects.filter(unit_id=service.unit_id).values("user_id")
        return _active_users().filter(Q(pk__in=members) | Q(pk=service.owner_id or 0))
    members = Membership.objects.filter(unit_id=item.unit_id).values("user_id")
    return _active_users().filter(pk__in=members)


# --- Progress and acknowledgement per service ---------------------------------------------------

def _progress_query(service_ids, today) -> QuerySet:
    return (
        ServiceRequirement.objects.filter(it_service_id__in=service_ids, is_current=True)
        .values("it_service_id")
        .annotate(
            **fulfilment_aggregates(),
            unacknowledged=Count("pk", filter=Q(acknowledged_at__isnull=True)),
            overdue=Count("pk", filter=overdue_q(today)),
            acknowledged_at=Max("acknowledged_at"),
        )
        .order_by()
        .values_list("it_service_id", *_PROGRESS[1:])
    )


_PROGRESS = ("it_service_id", "plan_total", "plan_fulfilled", "plan_not_applicable",
             "unacknowledged", "overdue", "acknowledged_at")
# Its SQL built once per process (per number of services): the dashboards, the start page.
_SERVICE_PROGRESS = CompiledRows(_progress_query, service_ids=Ids(-2_000_000_161),
                                 today=dt.date(1901, 2, 13), prepare=True)


def service_progress(service_ids, *, today=None) -> dict[int, dict]:
    """Per IT service (one grouped query): fulfilment (``klassning.fulfilment``), requirements
    not yet acknowledged by the owner, overdue ones and the last acknowledgement."""
    today = today or timezone.localdate()
    rows = (dict(zip(_PROGRESS, row, strict=True))
            for row in _SERVICE_PROGRESS.rows(service_ids=list(service_ids), today=today))
    result = {}
    for row in rows:
        row["fulfilment"] = plan = fulfilment_of_row(row)
        row.update(fulfilled=plan.fulfilled, applicable=plan.applicable, percent=plan.percent)
        result[row["it_service_id"]] = row
    return result


def with_progress(services, *, today=None) -> list[ITService]:
    services = list(services)
    if not services:
        return services
    progress = service_progress([s.pk for s in services], today=today)
    empty = {"total": 0, "fulfilled": 0, "applicable": 0, "percent": None, "unacknowledged": 0,
             "overdue": 0, "acknowledged_at": None}
    for service in services:
        service.progress = progress.get(service.pk, empty)
    return services


def acknowledgement(*, service: ITService, items=None) -> dict:
    """The service's last acknowledgement (who, when) and how many current requirements are
    not yet acknowledged: what the owning and the information-owning units see. One query
    (a service has at most as many requirements as the catalogue); none when ``items``, the
    service's whole current plan with ``acknowledged_by`` (``selectors.service_plan``
    unfiltered), is read already."""
    rows = items if items is not None else list(
        ServiceRequirement.objects.filter(it_service=service, is_current=True)
        .select_related("acknowledged_by")
        .only("acknowledged_at", "acknowledged_by__first_name", "acknowledged_by__last_name",
              "acknowledged_by__username")
    )
    acknowledged = [r for r in rows if r.acknowledged_at is not None]
    last = max(acknowledged, key=lambda r: r.acknowledged_at, default=None)
    return {
        "at": last.acknowledged_at if last else None,
        "by": last.acknowledged_by if last else None,
        "unacknowledged": len(rows) - len(acknowledged),
    }


def services_run_by(*, user) -> list[ITService]:
    """The IT services ``user`` runs ("Mina it-tjänster"), with their progress."""
    if not (user.is_authenticated and user.is_active):
        return []
    return with_progress(_RUN_BY.objects(owner_id=user.pk))


def _run_by(*, owner_id) -> QuerySet[ITService]:
    return selectors.with_prioritised(
        ITService.objects.filter(owner_id=owner_id).select_related("unit")
    ).order_by("name")


# On every start page, and most people run no service: its SQL is built once per process and
# planned once per database session (a prepared statement).
_RUN_BY = CompiledQuery(_run_by, owner_id=-2_000_000_151, prepare=True)


def prioritised_services_progress(*, user) -> list[ITService]:
    """The city-wide page: IT services used by a majority of the nämnder and bolag
    (riktlinje point 9), with their requirement fulfilment. City-wide roles only."""
    if not access.sees_all_units(user):
        raise PermissionDenied
    qs = selectors.prioritised_services().select_related("owner").order_by("name")
    return with_progress(qs)


# --- Why a requirement applies ------------------------------------------------------------------

# How many causing assets a list page names per requirement (the rest are counted).
CAUSES_SHOWN = 5


def cause_levels(*, service: ITService | None = None, unit=None) -> dict[int, dict[int, int]]:
    """{asset id: {aspect id: approved level}} of the assets that make requirements apply: an
    IT service's assets, or a unit's, **in name order** (``attach_causes`` names the first few
    of each requirement from it). One query from the asset side: each asset's approved
    classification is its ``current_classification`` (kept by the classification services),
    whose per-aspect levels are ``ClassificationAspectLevel`` rows; no grouping over the
    classifications and no second query to order the candidates by name. The service's
    required level per aspect is the maximum."""
    assets = InformationAsset.objects.filter(
        security_protection=False, current_classification__isnull=False,
    )
    assets = assets.filter(it_services=service) if service is not None else assets.filter(unit=unit)
    rows = assets.order_by("name", "pk").values_list(
        "pk", "current_classification__aspect_levels__aspect_id",
        "current_classification__aspect_levels__level",
    )
    levels: dict[int, dict[int, int]] = {}
    for pk, aspect_id, level in rows:
        if aspect_id is not None:
            levels.setdefault(pk, {})[aspect_id] = level
    return levels


def _unit_cause_heads(*, unit, keys: set[tuple[int, int]], shown: int):
    """{(aspect id, min level): (the first ``shown`` asset ids in name order, how many more)}
    of a unit's causes, in the database (PostgreSQL): what ``attach_causes`` takes from
    ``cause_levels`` on a list page, without reading every asset's levels (a unit with 1,000
    assets: 3,500 rows, then walked per requirement in Python, most of the action plan's
    cost). One query: per key, a walk of the unit's assets in name order (the index on
    (unit, name)) that stops after ``shown``, as an array; and the unit's assets counted per
    (aspect, level), summed here per key. Same assets as ``cause_levels``: not
    säkerhetsskydd, with an approved classification, its levels.

    Each named asset comes as ``(id, name)`` (a JSON pair, the array in name order): the list
    page shows only their names, so they need no query of their own (~4 ms of SQL building and
    model instances per page at city scale)."""
    if not keys:
        return {}
    quote = connection.ops.quote_name
    asset, level = InformationAsset._meta.db_table, ClassificationAspectLevel._meta.db_table
    source = (
        f"FROM {quote(asset)} a JOIN {quote(level)} l "
        "ON l.classification_id = a.current_classification_id "
        "WHERE a.unit_id = %s AND NOT a.security_protection "
        "AND a.current_classification_id IS NOT NULL"
    )
    keys = sorted(keys)
    values = ", ".join(["(%s::bigint, %s::integer)"] * len(keys))
    sql = (
        "SELECT k.aspect_id, k.min_level, "  # noqa: S608 - model tables, quoted; values parameters
        f"ARRAY(SELECT json_build_array(a.id, a.name) {source} "
        "AND l.aspect_id = k.aspect_id AND l.level >= k.min_level "
        f"ORDER BY a.name, a.id LIMIT %s), NULL FROM (VALUES {values}) AS k(aspect_id, min_level) "
        f"UNION ALL SELECT l.aspect_id, l.level, NULL, COUNT(*) {source} "
        "GROUP BY l.aspect_id, l.level"
    )
    params = [unit.pk, shown, *(v for key in keys for v in key), unit.pk]
    named: dict[tuple[int, int], list[tuple[int, str]]] = {}
    per_level: list[tuple[int, int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # A key's row has its named ids (an array keeps the subquery's order); a count's row none.
    for aspect_id, lvl, ids, n in rows:
        if ids is not None:
            named[(aspect_id, lvl)] = [(pk, name) for pk, name in ids]
        else:
            per_level.append((aspect_id, lvl, n))
    result = {}
    for key in keys:
        total = sum(n for aspect_id, lvl, n in per_level if aspect_id == key[0] and lvl >= key[1])
        result[key] = (named[key], total - len(named[key]))
    return result


def service_causes(items, *, summary, shown: int) -> list:
    """Set ``causes`` and ``more_causes`` on an IT service's requirements from
    ``summary`` (``selectors.it_service_asset_summary``, read with ``causes=shown``): the first
    ``shown`` assets whose approved level of the requirement's aspect reaches its level, in
    name order, and how many more; what :func:`attach_causes` names from ``cause_levels``.

    The summary holds the first ``shown`` assets of each aspect's exact level with their
    position among the service's assets in name order: the first ``shown`` of "this level or
    higher" are among those of the levels it covers, so each requirement merges a few short
    lists."""
    items = list(items)
    by_level: dict[tuple[int, int], tuple[list, int]] = {}
    for item in items:
        aspect_id, min_level = item.requirement.aspect_id, item.requirement.min_level
        key = (aspect_id, min_level)
        if key not in by_level:
            levels = [lv for a, lv in summary.counts if a == aspect_id and lv >= min_level]
            candidates = sorted(
                (head for lv in levels for head in summary.heads[(aspect_id, lv)]),
                key=lambda head: head[0],
            )
            named = [asset for _position, asset in candidates[:shown]]
            total = sum(summary.counts[(aspect_id, lv)] for lv in levels)
            by_level[key] = (named, total - len(named))
        named, more = by_level[key]
        item.causes, item.more_causes = list(named), more
    return items


def attach_causes(
    items, *, user, service: ITService | None = None, unit=None, shown: int | None = None,
    levels: dict[int, dict[int, int]] | None = None,
) -> list:
    """Set ``item.causes`` on each requirement: the information assets whose approved
    classification reaches the requirement's level (for an IT service: the assets it handles;
    for a unit: the unit's assets), each with ``can_view`` for a link. Someone who may not
    open an asset (an IT service's owner in another unit) sees its name only.

    ``shown``: list pages name only the first few causes of each requirement (a unit with
    1,000 assets would otherwise print them all on every row); ``item.more_causes`` counts the
    rest, which the requirement's own page lists in full. Then only the assets named are read
    in full: the others are only counted (``cause_levels`` gives them in name order).
    ``levels``: ``cause_levels`` when the caller has read it already. An IT service's page
    takes its causes from what it has read of the service's assets instead
    (:func:`service_causes`)."""
    items = list(items)
    if (levels is None and shown is not None and service is None and unit is not None
            and connection.vendor == "postgresql"):
        return _attach_named(items, user=user, unit=unit, by_level=_unit_cause_heads(
            unit=unit, shown=shown,
            keys={(i.requirement.aspect_id, i.requirement.min_level) for i in items},
        ))
    if levels is None:
        levels = cause_levels(service=service, unit=unit)
    if not items or not levels:
        for item in items:
            item.causes, item.more_causes = [], 0
        return items
    # ``levels`` is in name order: per aspect, the ids in that order with their level, so each
    # requirement walks one list and stops after ``shown``.
    per_aspect: dict[int, list[tuple[int, int]]] = {}
    for pk, per_asset in levels.items():
        for aspect_id, level in per_asset.items():
            if level is not None:
                per_aspect.setdefault(aspect_id, []).append((pk, level))
    # Requirements of one aspect and level share their causes: each distinct pair walks the
    # aspect's list once (a plan has ~40 requirements over ~16 pairs).
    by_level: dict[tuple[int, int], tuple[list[int], int]] = {}
    chosen: list[tuple[list[int], int]] = []
    wanted: set[int] = set()
    for item in items:
        requirement = item.requirement
        key = (requirement.aspect_id, requirement.min_level)
        if key not in by_level:
            matching = [pk for pk, level in per_aspect.get(key[0], ()) if level >= key[1]]
            named = matching[:shown] if shown is not None else matching
            by_level[key] = (named, len(matching) - len(named))
            wanted.update(named)
        chosen.append(by_level[key])
    return _attach(items, user=user, by_level=by_level, chosen=chosen, wanted=wanted)


def _attach_named(items, *, user, unit, by_level) -> list:
    """``_attach`` for a unit's list page from ``_unit_cause_heads`` ({key: ([(id, name)], how
    many more)}): every cause is an asset of ``unit``, so whether the viewer may open them is
    one answer of ``access.can`` on that unit (what ``access.restrict`` decides per asset from
    its unit), and each named asset is an unsaved ``InformationAsset`` with its id, name and
    unit (what the table shows), made once however many requirements name it."""
    can_view = access.can(user, access.VIEW, unit)
    assets: dict[int, InformationAsset] = {}
    for item in items:
        named, more = by_level[(item.requirement.aspect_id, item.requirement.min_level)]
        causes = []
        for pk, name in named:
            asset = assets.get(pk)
            if asset is None:
                asset = assets[pk] = InformationAsset(pk=pk, name=name, unit=unit)
                asset.can_view = can_view
            causes.append(asset)
        item.causes, item.more_causes = causes, more
    return items


def _attach(items, *, user, by_level, chosen=None, wanted=None) -> list:
    """Set ``causes`` and ``more_causes`` on ``items`` from ``by_level`` ({(aspect id, min
    level): (named asset ids, how many more)}): the named assets read in one query, each
    with ``can_view``."""
    if chosen is None:
        chosen = [by_level[(i.requirement.aspect_id, i.requirement.min_level)] for i in items]
        wanted = {pk for named, _more in chosen for pk in named}
    shown_assets = InformationAsset.objects.filter(pk__in=wanted)
    visible = access.restrict(user, shown_assets).values("pk")
    assets = {
        a.pk: a for a in shown_assets.select_related("unit")
        .annotate(can_view=ExpressionWrapper(Q(pk__in=visible), output_field=BooleanField()))
    } if wanted else {}
    for item, (named, more) in zip(items, chosen, strict=True):
        item.causes = [assets[pk] for pk in named if pk in assets]
        item.more_causes = more
    return items
