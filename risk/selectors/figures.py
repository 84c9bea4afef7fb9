"""Figures for the start page and the object panels: grouped queries, a fixed number whatever
the number of units or risks."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from isms import shared_reads
from isms.aggregates import per_unit
from isms.compiled import CompiledQuery, CompiledRows, Ids
from isms.dates import local_today
from nämnder import access

from ..models import OPEN_RISK_STATUSES, Risk, RiskAction, RiskStatus
from .risks import follow_up_overdue_q, overdue_actions_q, visible_risks, with_scores

PANEL_LIMIT = 10


def _above_criterion(unit_ids, criterion, today) -> QuerySet:
    return with_scores(Risk.objects.filter(unit__in=unit_ids, status__in=OPEN_RISK_STATUSES),
                       today=today).filter(score__gt=criterion)


# Its SQL built once per process (per number of units): building it costs more than running it.
# The score does not depend on the day: only ``with_scores``'s overdue flags read it, and they are
# left out of this grouped count's SQL, so the day is no parameter of it.
_ABOVE = CompiledRows(
    lambda unit_ids, criterion: _above_criterion(unit_ids, criterion, _ANY_DAY)
    .values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"),
    unit_ids=Ids(-2_000_000_600), criterion=-2_000_000_700, prepare=True,
)
_ANY_DAY = dt.date(1901, 2, 6)


def above_criterion_counts(*, unit_ids, matrix, today=None) -> dict:
    """{unit id: {"n": open risks above the acceptance criterion, awaiting a decision}}: the
    one definition the start page, the dashboards and their to-do items share (one grouped
    query). ``unit_ids``: ids or a ``values("pk")`` queryset; a list of ids is read once per
    page for each unit (``isms.shared_reads``: the dashboard's city figures serve its to-do
    items)."""
    criterion = matrix.value_range(matrix.acceptance)[1] if matrix.acceptance else 0
    today = today or local_today()

    if not isinstance(unit_ids, list | tuple):
        return per_unit(_above_criterion(unit_ids, criterion, today), "unit_id", n=Count("id"))

    def read(ids):
        found = {pk: {"unit_id": pk, "n": n}
                 for pk, n in _ABOVE.rows(unit_ids=ids, criterion=criterion)}
        return {pk: found.get(pk) for pk in ids}

    rows = shared_reads.per_unit(("risk.above_criterion", criterion, today), unit_ids, read)
    return {pk: row for pk, row in rows.items() if row is not None}


def residual_cells(*, unit_ids) -> dict[int, dict]:
    """{unit id: {(likelihood, consequence): n}} of the units' current risks (every status but
    closed, as the report's heatmaps) by their residual assessment; the key (None, None) counts
    those not yet assessed after treatment. One grouped query."""
    result: dict[int, dict] = {}
    for unit_id, likelihood, consequence, n in _RESIDUAL_CELLS.rows(unit_ids=list(unit_ids)):
        key = (likelihood, consequence) if likelihood and consequence else (None, None)
        cells = result.setdefault(unit_id, {})
        cells[key] = cells.get(key, 0) + n
    return result


# Its SQL built once per process (per number of units).
_RESIDUAL_CELLS = CompiledRows(
    lambda unit_ids: Risk.objects.filter(unit__in=unit_ids).exclude(status=RiskStatus.CLOSED)
    .values("unit_id", "residual_likelihood", "residual_consequence")
    .annotate(n=Count("id")).order_by()
    .values_list("unit_id", "residual_likelihood", "residual_consequence", "n"),
    unit_ids=Ids(-2_000_000_630), prepare=True,
)


# The start panel's other two counts: SQL built once per process (per number of units).
_OVERDUE_ACTIONS = CompiledRows(
    lambda unit_ids, today: RiskAction.objects.filter(overdue_actions_q(today),
                                                      risk__unit__in=unit_ids)
    .values("risk__unit_id").annotate(n=Count("id")).order_by().values_list("risk__unit_id", "n"),
    unit_ids=Ids(-2_000_000_610), today=dt.date(1901, 2, 9), prepare=True,
)
_OVERDUE_FOLLOW_UPS = CompiledRows(
    lambda unit_ids, today: Risk.objects.filter(follow_up_overdue_q(today), unit__in=unit_ids)
    .values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"),
    unit_ids=Ids(-2_000_000_620), today=dt.date(1901, 2, 10), prepare=True,
)


def attention_counts(*, units, matrix, today=None) -> list[dict]:
    """Per unit (of ``units``, a queryset or a list): open risks above the acceptance criterion
    awaiting a decision, overdue actions and overdue follow-ups, by unit name (a list is taken
    in its order). Three grouped queries (the first shared with the dashboard's figures within
    a page); units with nothing to report are left out."""
    today = today or local_today()
    units = list(units.order_by("name") if isinstance(units, QuerySet) else units)
    unit_ids = [u.pk for u in units]
    above = above_criterion_counts(unit_ids=unit_ids, matrix=matrix, today=today)
    actions = {pk: {"n": n} for pk, n in _OVERDUE_ACTIONS.rows(unit_ids=unit_ids, today=today)}
    follow_ups = {pk: {"n": n} for pk, n in _OVERDUE_FOLLOW_UPS.rows(unit_ids=unit_ids, today=today)}
    ids = set(above) | set(actions) | set(follow_ups)
    rows = []
    for unit in (u for u in units if u.pk in ids):
        rows.append({
            "unit": unit,
            "above": above.get(unit.pk, {}).get("n", 0),
            "overdue_actions": actions.get(unit.pk, {}).get("n", 0),
            "overdue_follow_ups": follow_ups.get(unit.pk, {}).get("n", 0),
        })
    return rows


def attention_units(user):
    """The units whose risk decisions are this person's, by name: where they approve (chief,
    samordnare; the units come with their memberships, ``access.own_units_for``); None for the
    city-wide roles (they would see every unit's)."""
    if access.sees_all_units(user):
        return None
    return access.own_units_for(user, access.APPROVE)


LOOKUPS = {
    "klassning.itservice": "it_services",
    "klassning.informationasset": "information_assets",
    "klassning.unitrequirement": "cited_unit_requirements",
    "klassning.servicerequirement": "cited_service_requirements",
    "leverantorer.supplier": "suppliers",
}


# The risks linked to an object, whoever may see them, with their unit: SQL built once per
# process per kind.
_LINKED = {
    label: CompiledQuery(
        lambda obj_id, field=field: Risk.objects.filter(**{field: obj_id}).only("pk", "unit"),
        obj_id=-2_000_000_061, prepare=True,
    )
    for label, field in LOOKUPS.items()
}

# One risk with its scores and unit (an object's panel with one risk the reader may see, the
# usual case): SQL built once per process and day (``with_scores`` compares with the day),
# prepared once per database session.
_ONE_RISK = CompiledQuery(
    lambda risk_id, key: with_scores(Risk.objects.filter(pk=risk_id).select_related("unit"),
                                     today=key),
    risk_id=-2_000_000_067, prepare=True,
)


def risks_for_object(*, user, obj) -> tuple[list[Risk], int]:
    """The risks the user may see that concern ``obj`` (an IT service, an asset, a requirement
    of an action plan, a supplier): the first few, highest level first, and how many there are.
    Which risks concern it is read first, with their units, with a query built once per
    process: most objects have none, and then the score query is neither built nor run; which
    of them the user may see is decided on their units (``visible_risks``' rule,
    ``access.restrict``: a city-wide role sees every unit's, others the units they may view).
    One risk seen (the usual case) is read with its scores by a query built once per day."""
    label = obj._meta.label_lower
    linked = _LINKED[label].objects(obj_id=obj.pk)
    if linked and not access.sees_all_units(user):
        viewable = set(access.unit_ids_for(user, access.VIEW))
        linked = [r for r in linked if r.unit_id in viewable]
    ids = [r.pk for r in linked]
    if not ids:
        return [], 0
    if len(ids) == 1:
        risks = _ONE_RISK.objects(risk_id=ids[0], key=local_today())
        return risks, len(risks)
    qs = with_scores(visible_risks(user).filter(pk__in=ids).select_related("unit"))
    risks = list(qs.order_by("-score", "title")[:PANEL_LIMIT])
    count = len(risks) if len(risks) < PANEL_LIMIT else qs.count()
    return risks, count
