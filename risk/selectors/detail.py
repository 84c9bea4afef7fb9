"""The reads of a risk's page (``views.risks.risk_detail``), with SQL built once per process.

The page read the risk, its actions, six kinds of links, two histories and four kinds of link
history, each with a queryset built anew for every view: building them cost several times
what PostgreSQL took to run them. Here the risk, its actions and its histories are compiled
queries (``isms.compiled``, ``isms.history.CompiledHistory``), the current links are one
``UNION ALL`` and the link history another. Who may see what is the same rule as before,
asked of ``nämnder.access`` (the risk, the information assets: their unit) and
``klassning.selectors.visible_service_ids`` (the IT services), once for the ids the page has.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db import connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.text import capfirst

from isms.compiled import CompiledQuery
from isms.dates import local_today
from isms.history import CompiledHistory, entries_for, m2m_entries_from
from nämnder import access

from ..models import Risk, RiskAction, RiskStatus

_RISK_ID = -2_000_000_061  # a sentinel no risk has (isms.compiled)


def _risk_query(risk_id):
    return Risk.objects.select_related("unit", "owner", "analysis", "accepted_by").annotate(
        score_inherent=F("inherent_likelihood") * F("inherent_consequence"),
        score_residual=F("residual_likelihood") * F("residual_consequence"),
    ).annotate(score=Coalesce("score_residual", "score_inherent")).filter(pk=risk_id)


_RISK = CompiledQuery(_risk_query, risk_id=_RISK_ID)
_ACTIONS = CompiledQuery(
    lambda risk_id: RiskAction.objects.filter(risk_id=risk_id).select_related(
        "responsible", "fulfils_unit_requirement__requirement",
        "fulfils_service_requirement__requirement",
        "fulfils_service_requirement__it_service",
    ),
    risk_id=_RISK_ID,
)
_RISK_HISTORY = CompiledHistory(lambda risk_id: Risk.history.filter(id=risk_id), risk_id=_RISK_ID)
_ACTION_HISTORY = CompiledHistory(
    lambda risk_id: RiskAction.history.filter(risk_id=risk_id), risk_id=_RISK_ID
)
# Every record of the risk, oldest first (the link history compares each with the one before).
_ALL_RECORDS = CompiledQuery(
    lambda risk_id: Risk.history.filter(id=risk_id).select_related("history_user")
    .order_by("history_date", "history_id"),
    risk_id=_RISK_ID,
)


def risk_page_get(*, user, pk, today=None) -> Risk:
    """The risk as ``selectors.risk_get`` gives it (its unit, owner, analysis and acceptor; the
    scores and ``follow_up_overdue``), or 404 when ``user`` may not view its unit."""
    found = _RISK.objects(risk_id=pk)
    if not found:
        raise Http404
    risk = found[0]
    if not access.sees_all_units(user) and risk.unit_id not in access.unit_ids_for(
        user, access.VIEW
    ):
        raise Http404
    today = today or local_today()
    risk.follow_up_overdue = bool(
        risk.next_follow_up and risk.next_follow_up < today and risk.status != RiskStatus.CLOSED
    )
    return risk


def risk_page_actions(*, risk, today=None) -> list[RiskAction]:
    """``selectors.risk_actions``: the risk's actions with ``overdue``."""
    today = today or local_today()
    actions = _ACTIONS.objects(risk_id=risk.pk)
    for action in actions:
        action.overdue = action.is_overdue_on(today)
    return actions


# --- Links ---------------------------------------------------------------------------------------

def _through(field_name: str):
    """The link table of ``Risk.<field_name>`` and its two columns."""
    field = Risk._meta.get_field(field_name)
    return (field.remote_field.through._meta.db_table, field.m2m_column_name(),
            field.m2m_reverse_name(), field.related_model)


def _links_sql() -> str:
    """The risk's links, one row each: ``(kind, position, id, name, unit id, code, title,
    service id, service name)``, in each kind the order the page lists them in (as each
    queryset's ``order_by`` did)."""
    from klassning.models import Requirement

    q = connection.ops.quote_name
    requirement = q(Requirement._meta.db_table)
    parts = []
    text, number = "CAST(NULL AS VARCHAR(200))", "CAST(NULL AS BIGINT)"
    plain = f"t.name, {number}, {text}, {text}, {number}, {text}"
    for kind, field_name, columns, order in (
        ("aspects", "aspects", plain, 't."order", t.code, t.id'),
        ("information_assets", "information_assets",
         f"t.name, t.unit_id, {text}, {text}, {number}, {text}", "t.name, t.id"),
        ("it_services", "it_services", plain, "t.name, t.id"),
        ("suppliers", "suppliers", plain, "t.name, t.id"),
        ("unit_requirements", "cited_unit_requirements",
         f"{text}, {number}, r.code, r.title, {number}, {text}", "r.code, t.id"),
        ("service_requirements", "cited_service_requirements",
         f"{text}, {number}, r.code, r.title, s.id, s.name", "r.code, t.id"),
    ):
        table, source, dest, model = _through(field_name)
        joins = ""
        if kind.endswith("requirements"):
            joins = f" JOIN {requirement} r ON r.id = t.requirement_id"
        if kind == "service_requirements":
            from klassning.models import ITService

            joins += f" JOIN {q(ITService._meta.db_table)} s ON s.id = t.it_service_id"
        parts.append(
            f"SELECT '{kind}', ROW_NUMBER() OVER (ORDER BY {order}), t.id, {columns} "  # noqa: S608 - names from the models
            f"FROM {q(table)} l JOIN {q(model._meta.db_table)} t ON t.id = l.{q(dest)}{joins} "
            f"WHERE l.{q(source)} = %s"
        )
    return " UNION ALL ".join(parts)


_LINKS_SQL: dict[str, str] = {}
LINK_KINDS = ("aspects", "information_assets", "it_services", "suppliers", "unit_requirements",
              "service_requirements")


def _asset_visible(user):
    """Whether ``user`` may see an information asset of a unit (``access.restrict``'s rule)."""
    if access.sees_all_units(user):
        return lambda unit_id: True
    units = set(access.unit_ids_for(user, access.VIEW))
    return lambda unit_id: unit_id in units


def risk_page_links(*, risk, user) -> dict:
    """``selectors.risk_links``, as plain rows: ``{kind: [row]}``, each row with ``pk`` and
    ``name`` (a requirement: ``pk``, ``requirement.code``/``.title`` and, for an IT service's,
    ``it_service.name``), only the information assets and IT services ``user`` may see."""
    from klassning.selectors.services import visible_service_ids

    sql = _LINKS_SQL.get(connection.alias)
    if sql is None:
        sql = _LINKS_SQL[connection.alias] = _links_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [risk.pk] * len(LINK_KINDS))
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    services = visible_service_ids(
        user, {row[2] for row in rows if row[0] == "it_services"}
        | {row[7] for row in rows if row[0] == "service_requirements"}
    )
    asset_visible = _asset_visible(user)
    links = {kind: [] for kind in LINK_KINDS}
    for kind, _pos, pk, name, unit_id, code, title, service_id, service_name in rows:
        if kind == "information_assets" and not asset_visible(unit_id):
            continue
        if (kind == "it_services" and pk not in services) or (
            kind == "service_requirements" and service_id not in services
        ):
            continue
        row = SimpleNamespace(pk=pk, name=name)
        if code is not None:
            row.requirement = SimpleNamespace(code=code, title=title)
            row.it_service = SimpleNamespace(pk=service_id, name=service_name)
        links[kind].append(row)
    return links


# --- History -------------------------------------------------------------------------------------

HISTORY_LINKS = ("aspects", "suppliers", "information_assets", "it_services")


def _link_history_sql() -> str:
    """Every link row of the risk's historical records: ``(field, history id, linked id, its
    name, its unit id)``."""
    from simple_history.models import HistoricalRecords

    q = connection.ops.quote_name
    records = q(Risk.history.model._meta.db_table)
    parts = []
    for field_name in HISTORY_LINKS:
        field = Risk._meta.get_field(field_name)
        rows = HistoricalRecords.m2m_models[field]
        dest = field.m2m_reverse_field_name()
        column = rows._meta.get_field(dest).column
        target = field.related_model
        unit = "t.unit_id" if field_name == "information_assets" else "CAST(NULL AS BIGINT)"
        parts.append(
            f"SELECT '{field_name}', l.history_id, l.{q(column)}, t.name, {unit} "  # noqa: S608 - names from the models
            f"FROM {q(rows._meta.db_table)} l JOIN {records} h ON h.history_id = l.history_id "
            f"LEFT JOIN {q(target._meta.db_table)} t ON t.id = l.{q(column)} WHERE h.id = %s"
        )
    return " UNION ALL ".join(parts)


_LINK_HISTORY_SQL: dict[str, str] = {}


def _link_columns(*, risk, user) -> list:
    """``isms.history.m2m_entries_from``'s columns for the risk's link fields, with only the
    information assets and IT services ``user`` may see."""
    from klassning.selectors.services import visible_service_ids

    sql = _LINK_HISTORY_SQL.get(connection.alias)
    if sql is None:
        sql = _LINK_HISTORY_SQL[connection.alias] = _link_history_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [risk.pk] * len(HISTORY_LINKS))
        rows = cursor.fetchall()
    services = visible_service_ids(user, {r[2] for r in rows if r[0] == "it_services"})
    asset_visible = _asset_visible(user)
    found = {name: (defaultdict(set), {}) for name in HISTORY_LINKS}
    for field_name, history_id, linked_id, name, unit_id in rows:
        if name is None or (
            field_name == "information_assets" and not asset_visible(unit_id)
        ) or (field_name == "it_services" and linked_id not in services):
            continue  # (a removed object has no name to show)
        snapshots, names = found[field_name]
        snapshots[history_id].add(linked_id)
        names[linked_id] = name
    return [
        (capfirst(str(Risk._meta.get_field(name).verbose_name)), *found[name])
        for name in HISTORY_LINKS
    ]


def risk_page_history(*, risk, user, limit: int = 20, known=()):
    """``selectors.risk_history``: the risk's and its actions' changes and its links, newest
    first. ``known``: objects the page has loaded (the actions' people...)."""
    known = [risk, *(obj for obj in (
        risk.unit, risk.analysis, risk.owner, risk.accepted_by, user,
    ) if obj is not None), *known]
    entries = entries_for(
        [_RISK_HISTORY.bind(risk_id=risk.pk), _ACTION_HISTORY.bind(risk_id=risk.pk)],
        label=lambda record, names: getattr(record, "title", None)
        or str(getattr(record, "description", ""))[:60],
        limit=limit, known=known,
    )
    entries += m2m_entries_from(
        model=Risk, records=_ALL_RECORDS.objects(risk_id=risk.pk),
        columns=_link_columns(risk=risk, user=user), label=lambda record: record.title,
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries
