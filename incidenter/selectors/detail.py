"""The reads of an incident's page (``views.incidents.incident_detail``), with SQL built once
per process (``isms.compiled``, ``isms.history.CompiledHistory``): its obligations, timeline,
actions and history were querysets built anew for every view, which cost several times what
PostgreSQL took to run them, and its three kinds of links are one ``UNION ALL``. Who may see
the incident and its content is decided before (``selectors.incident_get``)."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connection

from isms.compiled import CompiledQuery
from isms.history import CompiledHistory, entries_for

from ..models import Incident, IncidentAction, IncidentObligation, TimelineEntry
from .incidents import _INCIDENT_ID, _history_label

_OBLIGATIONS = CompiledQuery(
    lambda incident_id: IncidentObligation.objects.filter(incident_id=incident_id)
    .select_related("obligation").order_by("obligation__order", "pk"),
    incident_id=_INCIDENT_ID,
)
_TIMELINE = CompiledQuery(
    lambda incident_id: TimelineEntry.objects.filter(incident_id=incident_id)
    .select_related("author"),
    incident_id=_INCIDENT_ID,
)
_ACTIONS = CompiledQuery(
    lambda incident_id: IncidentAction.objects.filter(incident_id=incident_id),
    incident_id=_INCIDENT_ID,
)
_HISTORIES = [
    CompiledHistory(build, incident_id=_INCIDENT_ID) for build in (
        lambda incident_id: Incident.history.filter(id=incident_id),
        lambda incident_id: IncidentObligation.history.filter(incident_id=incident_id),
        lambda incident_id: IncidentAction.history.filter(incident_id=incident_id),
        lambda incident_id: TimelineEntry.history.filter(incident_id=incident_id),
    )
]


def incident_page_obligations(*, incident) -> list[IncidentObligation]:
    """``selectors.incident_obligations``."""
    return _OBLIGATIONS.objects(incident_id=incident.pk)


def incident_page_timeline(*, incident) -> list[TimelineEntry]:
    """``selectors.incident_timeline``, read."""
    return _TIMELINE.objects(incident_id=incident.pk)


def incident_page_actions(*, incident) -> list[IncidentAction]:
    """``selectors.incident_actions``, read."""
    return _ACTIONS.objects(incident_id=incident.pk)


LINK_KINDS = ("assets", "it_services", "suppliers")


def _links_sql() -> str:
    """``(kind, position, id, name)`` of each linked object, by name as the pages list them."""
    q = connection.ops.quote_name
    parts = []
    for kind in LINK_KINDS:
        field = Incident._meta.get_field(kind)
        through = field.remote_field.through._meta
        target = field.related_model._meta
        parts.append(
            f"SELECT '{kind}', ROW_NUMBER() OVER (ORDER BY t.name, t.id), t.id, t.name "  # noqa: S608 - names from the models
            f"FROM {q(through.db_table)} l JOIN {q(target.db_table)} t "
            f"ON t.id = l.{q(field.m2m_reverse_name())} WHERE l.{q(field.m2m_column_name())} = %s"
        )
    return " UNION ALL ".join(parts)


_LINKS_SQL: dict[str, str] = {}


def incident_page_links(*, incident) -> dict:
    """``{kind: [row with pk and name]}``: the information assets, IT services and suppliers
    the incident concerns (``incident.assets.all()``... as the page listed them)."""
    sql = _LINKS_SQL.get(connection.alias)
    if sql is None:
        sql = _LINKS_SQL[connection.alias] = _links_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [incident.pk] * len(LINK_KINDS))
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    links = {kind: [] for kind in LINK_KINDS}
    for kind, _pos, pk, name in rows:
        links[kind].append(SimpleNamespace(pk=pk, name=name))
    return links


def incident_page_history(*, incident, user, limit: int = 20, obligations=(), known=()):
    """Who changed what, when, for an incident whose content ``user`` may see
    (``content_visible``; none otherwise): the incident's records and its obligations',
    actions' and timeline's, read with SQL built once per process. ``obligations``: the
    incident's obligations with their reporting obligation, and ``known``: other objects the
    page has loaded (people): their names cost no query."""
    if not incident.content_visible:
        return []
    reference = [item.obligation for item in obligations]
    known = [incident, *(obj for obj in (
        incident.unit, incident.category, incident.severity, incident.handler,
        incident.reported_by, user,
    ) if obj is not None), *reference, *known]
    return entries_for(
        [history.bind(incident_id=incident.pk) for history in _HISTORIES],
        limit=limit, known=known,
        label=_history_label(incident, {o.pk: o.name for o in reference}),
    )
