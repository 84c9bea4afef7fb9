"""Reads of IT services: visible to the owning unit and to the units that use them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from isms.compiled import CompiledQuery, CompiledRows
from isms.history import BoundHistory, entries_for, m2m_entries
from nämnder import access
from nämnder.models import OrganisationUnit

from ..models import ITService

# --- IT services -------------------------------------------------------------------------------

def active_unit_count() -> int:
    return OrganisationUnit.objects.operational().count()


def majority(active_units: int) -> int:
    """A service used by more than this many active units is prioritised: more than half of
    the active units (the riktlinje's principle)."""
    return active_units // 2


def _half_of_active_units():
    """Half the active units (integer division), as an uncorrelated subquery the database
    evaluates once per query: no separate count query on every page that marks services."""
    count = (
        OrganisationUnit.objects.operational().order_by().annotate(one=Value(1))
        .values("one").annotate(n=Count("pk")).values("n")
    )
    return ExpressionWrapper(
        Coalesce(Subquery(count), Value(0)) / Value(2), output_field=IntegerField(),
    )


def _active_user_count():
    """The number of active units using the service, as a subquery per row: a list page
    ordered by name and cut to 25 rows counts the links of those 25 only (a join of every
    service with its users, grouped, made PostgreSQL count the links of all 1,000 services for
    each page and for its row count)."""
    links = (
        ITService.user_units.through.objects
        .filter(itservice_id=OuterRef("pk"), organisationunit__is_active=True)
        .order_by().values("itservice_id").annotate(n=Count("organisationunit_id")).values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), Value(0))


def with_prioritised(qs: QuerySet[ITService], *, active_units: int | None = None) -> QuerySet:
    """Annotate ``user_count`` and ``is_prioritised``: used by more than half of the active
    units (the riktlinje's principle), computed, never stored. ``active_units``: the number
    of active units when the caller has it; else counted inside the same query."""
    half = _half_of_active_units() if active_units is None else Value(majority(active_units))
    return qs.annotate(user_count=_active_user_count()).annotate(
        is_prioritised=Case(
            When(user_count__gt=half, then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        )
    )


def prioritised_service_ids(*, active_units: int | None = None) -> QuerySet:
    """The ids of the prioritised services (:func:`with_prioritised`'s rule) from the links
    alone, as a subquery: one grouped pass over the user links instead of a join of every
    service with its users (the dashboards)."""
    active = active_unit_count() if active_units is None else active_units
    return (
        ITService.user_units.through.objects.filter(organisationunit__is_active=True)
        .values("itservice_id").annotate(n=Count("organisationunit_id"))
        .filter(n__gt=majority(active)).values("itservice_id")
    )


def service_visibility(user) -> QuerySet[ITService] | None:
    """The IT services ``user`` may see, as a plain queryset (no ``with_prioritised``
    annotations: for ``pk__in`` filters, where the annotations' grouping joins only cost), or
    None when ``user`` sees every IT service (a city-wide role): nothing to filter on."""
    if access.sees_all_units(user):
        return None
    return _visible_services(user)


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


def visible_service_ids(user, ids) -> set[int]:
    """Which of the services ``ids`` ``user`` may see (:func:`_visible_services`): no query
    when that is every service (the city-wide roles), else one for the ids not asked about
    before in this request (the answers are kept on the user object, as
    ``access.unit_ids_for`` keeps the units)."""
    ids = set(ids)
    if not ids:
        return ids
    known = getattr(user, "_isms_visible_services", None)
    if known is None:
        known = user._isms_visible_services = {}
    unknown = ids - known.keys()
    if unknown:
        visible = _visible_services(user)
        if not visible.query.has_filters():
            seen = unknown
        else:
            seen = set(visible.filter(pk__in=sorted(unknown)).values_list("pk", flat=True))
        known.update((pk, pk in seen) for pk in unknown)
    return {pk for pk in ids if known[pk]}


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


_SERVICE_ID = -2_000_000_051  # a sentinel no service has (isms.compiled)
# One IT service with its unit, owner and prioritisation: its SQL (the prioritisation's
# subqueries) built once per process, not on every view of a service's pages.
_SERVICE = CompiledQuery(
    lambda service_id: with_prioritised(
        ITService.objects.select_related("unit", "owner").filter(pk=service_id)
    ),
    service_id=_SERVICE_ID,
)


def it_service_get(*, user, pk, perm: str = access.VIEW) -> ITService:
    """404 if the user's units neither own nor use it (``visible_service_ids``: no query for
    the city-wide roles); 403 on a write without ``perm`` on the owning unit."""
    try:
        found = _SERVICE.objects(service_id=int(pk))
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not found or not visible_service_ids(user, [found[0].pk]):
        raise Http404
    service = found[0]
    if perm != access.VIEW and not access.can(user, perm, service.unit):
        raise PermissionDenied
    return service


_USER_UNIT_NAMES = CompiledRows(
    lambda service_id: OrganisationUnit.objects.filter(used_it_services=service_id)
    .order_by("name").values_list("name"),
    service_id=_SERVICE_ID,
)


def it_service_user_unit_names(*, service) -> list[str]:
    """The names of the units that use the service, in name order (SQL built once per
    process: the service's page reads them on every view)."""
    return [name for (name,) in _USER_UNIT_NAMES.rows(service_id=service.pk)]


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


_SERVICE_RECORDS = CompiledQuery(
    lambda service_id: ITService.history.filter(id=service_id).select_related("history_user")
    .order_by("history_date", "history_id"),
    service_id=_SERVICE_ID,
)


def _link_rows(field: str, *extra: str) -> CompiledRows:
    """The service's historical link rows of ``field``: (history id, linked id, linked name,
    *``extra`` columns of the linked object), SQL built once per process."""
    from simple_history.models import HistoricalRecords

    model_field = ITService._meta.get_field(field)
    linked = model_field.m2m_reverse_field_name()
    return CompiledRows(
        lambda service_id: HistoricalRecords.m2m_models[model_field].objects
        .filter(history__id=service_id)
        .values_list("history_id", f"{linked}_id", f"{linked}__name",
                     *(f"{linked}__{column}" for column in extra)),
        service_id=_SERVICE_ID,
    )


_USER_LINKS = _link_rows("user_units")
_ASSET_LINKS = _link_rows("assets", "unit_id")


class _RecordsRead(BoundHistory):
    """What ``entries_for`` reads of the service's records (``CompiledHistory``: the newest
    ``window`` and the record just before them), taken from all of them read already (oldest
    first, for the link history): no second read of the same records."""

    def __init__(self, records):
        self.records = records

    @property
    def model(self):
        return ITService.history.model

    def load(self, window):
        if window is None or len(self.records) <= window:
            return list(self.records), {}
        shown, before = self.records[-window:], self.records[-window - 1]
        shown[0].prev_history_id = before.history_id
        return shown, {before.history_id: before}


def it_service_history(*, service, user, limit: int | None = 100):
    """The IT service's own changes and its links (users, assets the user may see)."""
    # The service's unit and owner are loaded with it (``it_service_get``): their names are
    # not read again for the records that point at them.
    known = [service.unit] + ([service.owner] if service.owner_id else [])
    records = _SERVICE_RECORDS.objects(service_id=service.pk)
    entries = entries_for(
        [_RecordsRead(records)], label=lambda record, names: record.name, limit=limit,
        known=known,
    )
    # The links' rows read with SQL built once per process; the assets ``user`` may see by
    # ``access.restrict``'s rule, asked once (every unit for a city-wide role).
    units_seen = (
        None if access.sees_all_units(user) else frozenset(access.unit_ids_for(user, access.VIEW))
    )
    rows = {
        "user_units": _USER_LINKS.rows(service_id=service.pk),
        "assets": [
            (history_id, pk, name)
            for history_id, pk, name, unit_id in _ASSET_LINKS.rows(service_id=service.pk)
            if units_seen is None or unit_id in units_seen
        ],
    }
    entries += m2m_entries(
        instance=service, fields={"user_units": None, "assets": None},
        records=records, rows=rows,
        label=lambda record: record.name,
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries
