"""Reads of incidents, their obligations and deadlines (narrowed by ``selectors.access``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from isms.compiled import CompiledQuery, CompiledVariants, Ids
from nämnder import access
from nämnder.models import Membership, OrganisationUnit, Role

from ..models import (
    Applicability,
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentObligation,
    IncidentStatus,
    ReportingObligation,
    SeverityLevel,
    TimelineEntry,
)
from .access import (
    content_q,
    granted_incident_ids,
    visible_among_q,
    visible_incidents,
    visible_q,
)

OPEN_OBLIGATION = Q(sent_at__isnull=True) & ~Q(applies=Applicability.NOT_APPLICABLE)


def open_obligations() -> QuerySet[IncidentObligation]:
    """Obligations still to be sent: applicable or not yet assessed (the clock runs while the
    handler has not decided), on incidents not closed."""
    return IncidentObligation.objects.filter(OPEN_OBLIGATION).exclude(
        incident__status=IncidentStatus.CLOSED
    )


_CHUNK = 25  # isms.views.PAGE_SIZE: a list page's incidents in one read
_NO_INCIDENT = 0  # pads a shorter page's ids (no incident has it)
# The open obligations of up to 25 incidents, nearest deadline first, with their reporting
# obligation: the SQL built once per process (``isms.compiled``), one slot per incident.
_OPEN_OF = CompiledQuery(
    lambda **ids: IncidentObligation.objects.filter(
        OPEN_OBLIGATION, incident_id__in=list(ids.values())
    ).select_related("obligation").order_by("deadline"),
    **{f"i{n}": -2_000_000_100 - n for n in range(_CHUNK)},
)


def attach_open_obligations(incidents) -> None:
    """Sets ``open_obligations`` on each of ``incidents`` (a page): its obligations still to be
    sent, nearest deadline first, read for the whole page at once."""
    incidents = list(incidents)
    found: dict[int, list] = {incident.pk: [] for incident in incidents}
    ids = list(found)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        chunk += [_NO_INCIDENT] * (_CHUNK - len(chunk))
        for item in _OPEN_OF.objects(**{f"i{n}": pk for n, pk in enumerate(chunk)}):
            found[item.incident_id].append(item)
    for incident in incidents:
        incident.open_obligations = found[incident.pk]


SORTS = {
    "upptackt": ("discovered_at", "pk"), "-upptackt": ("-discovered_at", "-pk"),
    "frist": ("next_deadline", "-discovered_at"),
}


def incident_list(
    *, user, status: str = "", category=None, unit=None, open_obligations: bool = False,
    overdue: bool = False, q: str = "", sort: str = "-upptackt", now=None,
) -> QuerySet[Incident]:
    """The incidents ``user`` may see, filtered and sorted. The obligations still to be sent,
    the overdue ones and the sort by the nearest deadline read the nearest open deadline kept
    on the incident (``Incident.next_deadline``, ``services.next_deadline``), not a subquery
    over the obligations per incident (the city-wide overdue count: 3.5 ms → 0.5 ms at city
    scale). The page shows the open obligations themselves (``attach_open_obligations``)."""
    now = now or timezone.now()
    qs = visible_incidents(user, Incident.objects.select_related("unit", "category", "severity"))
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if category is not None:
        # Filtering a confidential incident by its category would reveal the category.
        qs = qs.filter(category=category, content_visible=True)
    if q:
        qs = qs.filter(content_visible=True).filter(
            Q(title__icontains=q) | Q(description__icontains=q)
        )
    if overdue:
        qs = qs.filter(next_deadline__lt=now).exclude(status=IncidentStatus.CLOSED)
    elif open_obligations:
        qs = qs.filter(next_deadline__isnull=False).exclude(status=IncidentStatus.CLOSED)
    return qs.order_by(*SORTS.get(sort, SORTS["-upptackt"]))


# The columns the incident list's rows show (``incident_clock.incident_rows``): the page reads
# only these (its export reads every column). Model instances with the texts, dates and the
# severity they do not show cost about a third of the page's read.
_LIST_ROW_FIELDS = (
    "id", "title", "confidential", "discovered_at", "status", "unit_id", "category_id",
    "unit__id", "unit__name", "category__id", "category__name",
)


def incident_list_rows(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """``incident_list``'s queryset narrowed to what the page's rows show."""
    return incidents.select_related(None).select_related("unit", "category").only(
        *_LIST_ROW_FIELDS)


_INCIDENT_ID = -2_000_000_071  # a sentinel no incident has (isms.compiled)
# An incident with what its pages show of it: the SQL built once per process.
_INCIDENT = CompiledQuery(
    lambda incident_id: Incident.objects.select_related(
        "unit", "category", "severity", "handler", "reported_by").filter(pk=incident_id),
    incident_id=_INCIDENT_ID,
)


def incident_get(*, user, pk, perm: str = access.VIEW) -> Incident:
    """One incident the user may know exists (404 otherwise); ``content_visible`` set. A write
    ``perm`` needs the content too (403 when only its existence is known). The incident is
    read by its id and the rules of ``visible_incidents`` decided on it
    (``access.visibility_of``)."""
    from .access import visibility_of

    found = _INCIDENT.objects(incident_id=pk) if isinstance(pk, int) else None
    if not found:
        raise Http404
    incident = found[0]
    visible, incident.content_visible = visibility_of(user, incident)
    if not visible:
        raise Http404
    if perm != access.VIEW:
        from .access import may_edit

        if not may_edit(user, incident):
            raise access.PermissionDenied
    return incident


def incident_obligations(*, incident: Incident) -> list[IncidentObligation]:
    return list(incident.obligations.select_related("obligation").order_by(
        "obligation__order", "pk"))


def incident_timeline(*, incident: Incident) -> QuerySet[TimelineEntry]:
    return incident.timeline.select_related("author")


def incident_actions(*, incident: Incident) -> QuerySet[IncidentAction]:
    return incident.actions.all()


def _history_label(incident: Incident, obligation_names: dict):
    """Names the records of the incident's history as their objects' ``__str__`` would, from
    the record and what the page has loaded (``str(record.instance)`` read the incident and
    the reporting obligation again for every obligation record)."""

    def label(record, names) -> str:
        model = record.instance_type
        if model is Incident:
            return record.title
        if model is IncidentObligation:
            obligation = obligation_names.get(record.obligation_id) or names.get(
                "obligation", {}).get(record.obligation_id, "")
            return f"{incident.title} – {obligation}"
        if model is IncidentAction:
            return record.description[:60]
        if model is TimelineEntry:
            return f"{record.at:%Y-%m-%d %H:%M} {record.text[:40]}"
        return str(record.instance)

    return label


def obligation_get(*, user, pk) -> IncidentObligation:
    obligation = IncidentObligation.objects.select_related("obligation", "incident").filter(
        pk=pk).first()
    if obligation is None:
        raise Http404
    incident_get(user=user, pk=obligation.incident_id, perm=access.EDIT_RECORDS)
    return obligation


def action_get(*, user, pk) -> IncidentAction:
    action = IncidentAction.objects.select_related("incident").filter(pk=pk).first()
    if action is None:
        raise Http404
    incident_get(user=user, pk=action.incident_id, perm=access.EDIT_RECORDS)
    return action


def deadline_rows(*, user, unit=None, now=None, horizon_days: int | None = None
                  ) -> QuerySet[IncidentObligation]:
    """Open obligations of the incidents ``user`` may see, nearest deadline first (the
    deadlines page). Each row has ``content_visible`` of its incident.

    Visibility and ``content_visible`` are conditions on the joined incident row (``access``'s
    rules with the path ``incident__``), not subqueries over the incidents: those were planned
    as a scan of every incident (the city-wide user's ``IN`` over all of them, and an
    ``EXISTS`` per row hashed over all of them)."""
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_active:
        return IncidentObligation.objects.none()
    rows = open_obligations()
    granted = None  # the city-wide roles': the subquery (``visible_incidents``)
    if not access.sees_all_units(user):
        granted = granted_incident_ids(user)
        rows = rows.filter(visible_q(user, "incident__", granted=granted))
    if unit is not None:
        rows = rows.filter(incident__unit=unit)
    if horizon_days is not None:
        rows = rows.filter(deadline__lt=now + dt.timedelta(days=horizon_days))
    # Only the columns the page's rows show (``incident_clock.deadline_rows``): 50 rows of four
    # models each with every text of the incident cost a third more.
    return rows.select_related("obligation", "incident", "incident__unit").only(
        "id", "incident_id", "obligation_id", "applies", "deadline", "sent_at",
        "incident__id", "incident__title", "incident__unit_id", "incident__unit__id",
        "incident__unit__name", "obligation__id", "obligation__name", "obligation__authority",
    ).annotate(
        content_visible=Case(
            When(content_q(user, "incident__", granted=granted), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("deadline", "pk")


# The start panel's two counts, on every start page: their SQL built once per process for each
# shape of the person's visibility (every incident: no values; or the incidents they handle,
# their units if any and their grants if any) and each number of ids, and prepared while the
# lists are short (``isms.compiled.CompiledVariants``). The rule is ``visible_among_q``'s.
_VISIBILITY = {"handler_id": -2_000_000_701, "unit_ids": Ids(-2_000_000_710),
               "granted": Ids(-2_100_000_000)}


def _visible_in(prefix: str, *, handler_id=None, unit_ids=None, granted=None) -> Q:
    if handler_id is None:  # every incident
        return Q()
    return visible_among_q(prefix, unit_ids=unit_ids or [], handler_id=handler_id,
                           granted=granted or [])


def _open_count(**visibility):
    # One row (no GROUP BY: a constant grouped on), 0 when there is none.
    return (Incident.objects.exclude(status=IncidentStatus.CLOSED)
            .filter(_visible_in("", **visibility))
            .annotate(one=Value(1)).values("one").annotate(n=Count("pk"))
            .order_by().values_list("n"))


def _due_counts(*, now, until, **visibility):
    return (open_obligations().filter(_visible_in("incident__", **visibility))
            .annotate(one=Value(1)).values("one").annotate(
                overdue=Count("pk", filter=Q(deadline__lt=now)),
                soon=Count("pk", filter=Q(deadline__gte=now, deadline__lt=until)),
                nearest=Min("deadline", filter=Q(deadline__gte=now)),
            ).order_by().values_list("overdue", "soon", "nearest"))


_OPEN = CompiledVariants(_open_count, prepare=True, **_VISIBILITY)
_DUE = CompiledVariants(_due_counts, prepare=True, now=dt.datetime(1901, 2, 11, tzinfo=dt.UTC),
                        until=dt.datetime(1901, 2, 12, tzinfo=dt.UTC), **_VISIBILITY)


def start_panel_figures(*, user, now=None) -> dict:
    """Open incidents, obligations due within 24 h and overdue ones, for the start page: two
    queries, compiled once (``_OPEN``, ``_DUE``). The obligations' visibility is a condition on
    the joined incident row (as in ``open_obligations_for``), not ``incident IN (visible
    incidents)``: that was planned as a scan of every obligation hashed against every visible
    incident (about twice as slow for a unit's chief at city scale, three times for the
    city-wide roles). Visibility only: whether the content may be seen changes no count."""
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_active:
        return {"open": 0, "overdue": 0, "soon": 0, "nearest": None}
    if access.sees_all_units(user):
        visibility = {}
    else:
        visibility = {"handler_id": user.pk,
                      "unit_ids": access.unit_ids_for(user, access.VIEW) or None,
                      "granted": granted_incident_ids(user) or None}  # read once for both
    [(open_count,)] = _OPEN.rows(**visibility)
    [(overdue, soon, nearest)] = _DUE.rows(
        now=now, until=now + dt.timedelta(hours=24), **visibility
    )
    return {"open": open_count, "overdue": overdue, "soon": soon, "nearest": nearest}


def units_for_quick_report(*, user) -> QuerySet[OrganisationUnit]:
    """Any active unit the person has a role in (any role: every member of staff may report);
    the city-wide security function: every operational unit."""
    if access.is_city_security_function(user):
        return OrganisationUnit.objects.operational().order_by("name")
    return OrganisationUnit.objects.filter(
        is_active=True, pk__in=Membership.objects.filter(user=user).values("unit_id")
    ).order_by("name")


def coordinators_of(*, unit) -> list:
    """Who a quick report lands with: the unit's samordnare; its chief when it has none."""
    for role in (Role.COORDINATOR, Role.CHIEF):
        people = [m.user for m in Membership.objects.filter(
            unit=unit, role=role, user__is_active=True).select_related("user")]
        if people:
            return people
    return []


def handler_choices(*, unit):
    """People who may handle the unit's incidents: those holding the edit permission through a
    role in the unit."""
    return access.unit_holders(access.EDIT_RECORDS, unit).order_by(
        "last_name", "first_name", "username")


def reference_choices() -> dict:
    return {
        "categories": IncidentCategory.objects.filter(is_active=True),
        "severities": SeverityLevel.objects.all(),
        "obligations": ReportingObligation.objects.filter(is_active=True),
    }


def _linked_incidents(field: str) -> CompiledQuery:
    return CompiledQuery(
        lambda obj_id: Incident.objects.filter(**{field: obj_id}).only("pk"), obj_id=-2_000_000_051,
        prepare=True,
    )


# The incidents linked to an object, whoever may see them: SQL built once per process, planned
# once per database session (every asset and IT-service page asks).
_LINKED = {"assets": _linked_incidents("assets"), "it_services": _linked_incidents("it_services")}


def incidents_about(*, user, field: str, obj, limit: int) -> list[Incident]:
    """The first ``limit`` incidents (newest first) concerning an IT service or information
    asset that ``user`` may see the content of (for the object panels). Which incidents
    concern it is read first, with a query built once per process: most objects have none,
    and then the visibility query (built anew for each person) is neither built nor run (nor
    an empty queryset compiled: Django builds its whole SQL before it finds it empty)."""
    ids = [i.pk for i in _LINKED[field].objects(obj_id=obj.pk)]
    if not ids:
        return []
    return list(visible_incidents(user, Incident.objects.filter(pk__in=ids)).filter(
        content_visible=True).select_related("unit").order_by("-discovered_at")[:limit])
