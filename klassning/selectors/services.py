"""Reads of IT services: visible to the owning unit and to the units that use them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
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
from django.utils.text import capfirst

from isms.compiled import CompiledQuery, CompiledRows, CompiledVariants, Ids
from isms.history import LoadedHistory, entries_for, m2m_entries_from
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
    """The names of the units that use the service, in name order: read with the service's
    link history when that was read first (:func:`_service_links`: one query for the page)."""
    links = getattr(service, "_isms_links", None)
    if links is not None:
        return links["users"]
    return list(
        OrganisationUnit.objects.filter(used_it_services=service).order_by("name")
        .values_list("name", flat=True)
    )


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


def _service_records(service_id):
    """The service's historical records with their person, newest first."""
    return (
        ITService.history.filter(id=service_id).select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


_SERVICE_RECORDS = CompiledQuery(
    lambda service_id, key: _service_records(service_id)[:key],
    service_id=_SERVICE_ID, prepare=True,
)


# What ``_SERVICE_LINKS`` reads, told apart by its first column.
_USERS, _USER_LINKS, _ASSET_LINKS = 0, 1, 2


def _links_query(service_id, window, newest_date, newest_id, key):
    """The names of the units using the service now (in name order), and the links that
    change within a window of its history: ``key[0]`` records newest first from the one
    ``newest_date``/``newest_id`` (the newest of those read already: a save made meanwhile
    does not move the window), of which there are ``window``; ``key[1]`` (the number of newer
    records skipped) only tells the variants apart. Rows (part, history id, linked id, name,
    the asset's unit), in one UNION ALL.

    Every record of a service holds all its links then (``m2m_fields``), and a service the
    whole city shares gets a record for each asset linked to it: hundreds of records of
    hundreds of rows. Only the rows of the links that are not in every record of the window
    leave the database (an asset linked or unlinked within it): the others are in every
    snapshot, so leaving them out changes no difference between two (``m2m_entries_from``).
    The rows are read from an index alone (``klassning`` migration 0022)."""
    from simple_history.models import HistoricalRecords

    limit, _skip = key
    records = (
        ITService.history.filter(id=service_id)
        .filter(Q(history_date__lt=newest_date) | Q(history_date=newest_date,
                                                     history_id__lte=newest_id))
        .order_by("-history_date", "-history_id").values("history_id")[:limit]
    )
    # Typed: PostgreSQL would take two untyped NULLs of one column for text.
    no_int = Cast(Value(None), output_field=BigIntegerField())

    def part(kind: int, qs, history_id, linked_id, name, unit=no_int):
        return qs.annotate(
            link_part=Value(kind, IntegerField()), link_history=history_id,
            link_id=linked_id, link_name=name, link_unit=unit,
        ).values_list("link_part", "link_history", "link_id", "link_name", "link_unit")

    def changing(kind, field, unit=None):
        model_field = ITService._meta.get_field(field)
        linked = model_field.m2m_reverse_field_name()
        rows = HistoricalRecords.m2m_models[model_field].objects.filter(history_id__in=records)
        moving = (
            rows.order_by().values(f"{linked}_id").annotate(held=Count("history_id"))
            .filter(held__lt=window).values(f"{linked}_id")
        )
        return part(
            kind, rows.filter(**{f"{linked}_id__in": moving}).order_by(), F("history_id"),
            F(f"{linked}_id"), F(f"{linked}__name"),
            F(f"{linked}__{unit}") if unit else no_int,
        )

    users = part(
        _USERS, OrganisationUnit.objects.filter(used_it_services=service_id).order_by(),
        no_int, F("pk"), F("name"),
    )
    # Only the users' names are sorted by name (the database's collation); the rows' order
    # does not matter (the history sorts what it shows).
    return users.union(
        changing(_USER_LINKS, "user_units"), changing(_ASSET_LINKS, "assets", "unit_id"),
        all=True,
    ).order_by("link_part", "link_name", "link_id")


_SERVICE_LINKS = CompiledRows(
    _links_query, service_id=_SERVICE_ID, window=-2_000_000_302,
    newest_date=dt.datetime(1901, 3, 3, tzinfo=dt.UTC), newest_id=-2_000_000_303, prepare=True,
)


def _service_links(service, *, records: int, skip: int, read: list) -> dict:
    """{"users": [names of the units using it, in name order], "user_links" / "asset_links":
    {history id: {linked id}}, "unit_names" / "asset_names": {linked id: name},
    "asset_units": {asset id: unit id}} of the links that change within the window of
    ``service``'s history :func:`it_service_history` has ``read`` (its records, newest first):
    one query, its SQL built once per process for the first window. The users' names are kept
    on the service object for ``it_service_user_unit_names``."""
    links = {"users": [], "user_links": {}, "unit_names": {}, "asset_links": {},
             "asset_names": {}, "asset_units": {}}
    values = {"window": len(read), "newest_date": read[0].history_date,
              "newest_id": read[0].history_id}
    if skip:  # a later page of the history page: the statement as the ORM builds it
        rows = list(_links_query(service.pk, key=(records, skip), **values))
    else:
        rows = _SERVICE_LINKS.rows(key=(records, 0), service_id=service.pk, **values)
    for kind, history_id, linked_id, name, unit_id in rows:
        if kind == _USERS:
            links["users"].append(name)
        elif kind == _USER_LINKS:
            links["user_links"].setdefault(history_id, set()).add(linked_id)
            links["unit_names"][linked_id] = name
        else:
            links["asset_links"].setdefault(history_id, set()).add(linked_id)
            links["asset_names"][linked_id] = name
            links["asset_units"][linked_id] = unit_id
    service._isms_links = links
    return links


def _visible_assets(user, links) -> dict:
    """The names of the assets among ``links``' that ``user`` may see (``access.restrict``'s
    rule, asked once: every unit for a city-wide role)."""
    if access.sees_all_units(user):
        return links["asset_names"]
    units = frozenset(access.unit_ids_for(user, access.VIEW))
    return {
        pk: name for pk, name in links["asset_names"].items()
        if links["asset_units"][pk] in units
    }


@dataclasses.dataclass
class ServiceHistory:
    """A window of an IT service's history (``it_service_history``): its entries, newest
    first, and whether older records remain (``has_next``)."""

    entries: list
    has_next: bool


def it_service_history(*, service, user, records: int = 10, skip: int = 0) -> ServiceHistory:
    """The IT service's own changes and its links (users, assets the user may see), from its
    newest historical records after the ``skip`` newest: ``records`` of them (one save each,
    an entry for its own fields and one for its links). Each window costs the same whatever
    the length of the history: the links are read for its records only."""
    # The service's unit and owner are loaded with it (``it_service_get``): their names are
    # not read again for the records that point at them.
    known = [service.unit] + ([service.owner] if service.owner_id else [])
    # The window's records and the one before it (its links are the first one's "before"),
    # newest first: the first window with SQL built once per process.
    if skip:
        read = list(_service_records(service.pk)[skip:skip + records + 1])
    else:
        read = _SERVICE_RECORDS.objects(key=records + 1, service_id=service.pk)
    window = read[:records][::-1]  # oldest first
    base = read[records] if len(read) > records else None
    if not window:
        return ServiceHistory(entries=[], has_next=False)
    loaded = LoadedHistory(ITService.history.model, window, before=base)
    entries = entries_for([loaded], label=lambda record, names: record.name, known=known)
    links = _service_links(service, records=records + 1, skip=skip, read=read)
    entries += m2m_entries_from(
        model=ITService, records=window, base=base,
        columns=[
            (_field_name("user_units"), links["user_links"], links["unit_names"]),
            (_field_name("assets"), links["asset_links"], _visible_assets(user, links)),
        ],
        label=lambda record: record.name,
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return ServiceHistory(entries=entries, has_next=base is not None)


def _field_name(field: str) -> str:
    return capfirst(str(ITService._meta.get_field(field).verbose_name))
