"""Reads of IT services: visible to the owning unit and to the units that use them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404

from isms.compiled import CompiledQuery, CompiledRows, CompiledVariants, Ids
from isms.history import LoadedHistory, entries_for, m2m_entries
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
    supplier: ``klassning.handover``).

    One filter on the service's own columns and its user links (``access.restrict`` on each):
    ``unit_id IN (…) OR id IN (the links of those units) OR owner_id = …``. The services of
    the owning units were a second subquery over the services (and the links one joined back
    to them), which made PostgreSQL scan every service against two hashed subplans and
    estimate ten times the rows (the chief's IT service list and supplier page)."""
    base = ITService.objects.all()
    if access.sees_all_units(user):
        return base
    links = access.restrict(
        user, ITService.user_units.through.objects.all(), unit_field="organisationunit"
    )
    visible = access.restrict(user, base) | base.filter(pk__in=links.values("itservice_id"))
    if user.is_authenticated and user.is_active:
        visible |= base.filter(owner=user)
    return visible


def _visible_among(*, service_ids, user_id, unit_ids=None):
    """:func:`_visible_services`' rule for a person who does not see every service, as one
    query on the ids ``service_ids``: owned by or used by one of the units ``unit_ids`` (the
    units they may view, ``access.unit_ids_for``), or run by them (``user_id``). Without
    ``unit_ids`` (they may view no unit): the ones they run."""
    return (
        ITService.objects.filter(visibility_q(user_id=user_id, unit_ids=unit_ids),
                                 pk__in=service_ids).order_by()
        .values_list("pk", flat=True)
    )


def visibility_q(*, user_id, unit_ids=None) -> Q:
    """:func:`_visible_services`' rule for a person who does not see every service, as a
    filter on the services with values a compiled query can take as parameters: owned by or
    used by one of the units ``unit_ids`` (the units they may view, ``access.unit_ids_for``),
    or run by them (``user_id``). Without ``unit_ids`` (they may view no unit): the ones they
    run."""
    run_by_user = Q(owner_id=user_id)
    if unit_ids is not None:
        used = ITService.user_units.through.objects.filter(organisationunit_id__in=unit_ids)
        run_by_user |= Q(unit_id__in=unit_ids) | Q(pk__in=used.values("itservice_id"))
    return run_by_user


# Asked on every asset page and IT-service page: its SQL built once per process (with the
# units the person may view or without, per number of ids), not built from querysets on every
# call.
_VISIBLE_AMONG = CompiledVariants(
    _visible_among, service_ids=Ids(-2_000_000_100), unit_ids=Ids(-1_000_000_100),
    user_id=-2_000_000_052, prepare=True,
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
        if access.sees_all_units(user):
            seen = unknown
        elif not user.is_authenticated or not user.is_active:
            seen = set()
        else:
            rows = _VISIBLE_AMONG.rows(service_ids=sorted(unknown), user_id=user.pk,
                                       unit_ids=access.unit_ids_for(user, access.VIEW) or None)
            seen = {pk for (pk,) in rows}
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
    service_id=_SERVICE_ID, prepare=True,
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


def it_service_user_unit_names(*, service) -> list[str]:
    """The names of the units that use the service, in name order (read with the service's
    link history, :func:`_service_links`: one query for the page)."""
    return _service_links(service)["users"]


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
    service_id=_SERVICE_ID, prepare=True,
)


# What ``_SERVICE_LINKS`` reads, told apart by its first column.
_USERS, _USER_LINKS, _ASSET_LINKS = 0, 1, 2


def _links_query(service_id):
    """The names of the units using the service now, and the historical link rows of its users
    and of its assets ((history id, linked id, linked name, the asset's unit)), in one UNION
    ALL: the service's page read them in three queries."""
    from simple_history.models import HistoricalRecords

    # Typed: PostgreSQL would take two untyped NULLs of one column for text.
    no_int = Cast(Value(None), output_field=BigIntegerField())
    no_text = Cast(Value(None), output_field=CharField())

    def part(kind: int, qs, history_id, linked_id, name, unit_id, sort=no_text):
        return qs.annotate(
            link_part=Value(kind, IntegerField()), link_history=history_id,
            link_id=linked_id, link_name=name, link_unit=unit_id, link_sort=sort,
        ).values_list("link_part", "link_history", "link_id", "link_name", "link_unit",
                      "link_sort")

    # Only the users' names are sorted by name (the database's collation, a costly compare):
    # the link rows' order does not matter (the history sorts what it shows).
    users = part(
        _USERS, OrganisationUnit.objects.filter(used_it_services=service_id).order_by(),
        no_int, F("pk"), F("name"), no_int, sort=F("name"),
    )
    parts = []
    for kind, field, unit in ((_USER_LINKS, "user_units", None), (_ASSET_LINKS, "assets", "unit_id")):
        model_field = ITService._meta.get_field(field)
        linked = model_field.m2m_reverse_field_name()
        rows = HistoricalRecords.m2m_models[model_field].objects.filter(history__id=service_id)
        parts.append(part(
            kind, rows.order_by(), F("history_id"), F(f"{linked}_id"), F(f"{linked}__name"),
            F(f"{linked}__{unit}") if unit else no_int,
        ))
    return users.union(*parts, all=True).order_by("link_part", "link_sort", "link_id")


_SERVICE_LINKS = CompiledRows(_links_query, service_id=_SERVICE_ID, prepare=True)


def _service_links(service) -> dict:
    """{"users": [names of the units using it, in name order], "user_links": [(history id,
    unit id, name)], "asset_links": [(history id, asset id, name, unit id)]} of ``service``:
    read once per request (kept on the service object), SQL built once per process."""
    links = getattr(service, "_isms_links", None)
    if links is None:
        links = {"users": [], "user_links": [], "asset_links": []}
        for kind, history_id, linked_id, name, unit_id, _sort in _SERVICE_LINKS.rows(
            service_id=service.pk
        ):
            if kind == _USERS:
                links["users"].append(name)
            elif kind == _USER_LINKS:
                links["user_links"].append((history_id, linked_id, name))
            else:
                links["asset_links"].append((history_id, linked_id, name, unit_id))
        service._isms_links = links
    return links


def it_service_history(*, service, user, limit: int | None = 100):
    """The IT service's own changes and its links (users, assets the user may see)."""
    # The service's unit and owner are loaded with it (``it_service_get``): their names are
    # not read again for the records that point at them.
    known = [service.unit] + ([service.owner] if service.owner_id else [])
    records = _SERVICE_RECORDS.objects(service_id=service.pk)
    entries = entries_for(
        [LoadedHistory(ITService.history.model, records)],
        label=lambda record, names: record.name, limit=limit,
        known=known,
    )
    # The links' rows read with SQL built once per process; the assets ``user`` may see by
    # ``access.restrict``'s rule, asked once (every unit for a city-wide role).
    units_seen = (
        None if access.sees_all_units(user) else frozenset(access.unit_ids_for(user, access.VIEW))
    )
    links = _service_links(service)
    rows = {
        "user_units": links["user_links"],
        "assets": [
            (history_id, pk, name)
            for history_id, pk, name, unit_id in links["asset_links"]
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
