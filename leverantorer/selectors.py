"""Reads of the supplier register. Suppliers are city-wide: everyone with a role reads them
(``permissions.may_read``); the IT services a supplier delivers are narrowed to the ones the
reader may see, through ``klassning.selectors``. Other apps read suppliers only through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Replace
from django.http import Http404

from isms.compiled import CompiledQuery, CompiledRows, CompiledVariants, Ids
from isms.history import LoadedHistory, entries_for, historical_records, m2m_entries, m2m_rows
from klassning import selectors as klassning_selectors
from klassning.models import PersonalData
from nämnder import access

from . import permissions
from .models import Supplier

# Kinds of personal data for which an IT service's supplier is a personuppgiftsbiträde.
PERSONAL_DATA = [v for v in PersonalData.values if v != PersonalData.NONE]


class DpaFilter:
    MISSING_NEEDED = "saknas-kravs"  # no agreement, delivers a service handling personal data
    MISSING = "saknas"
    IN_PLACE = "finns"


def handles_personal_data():
    """Exists: the supplier delivers an IT service that handles information with personal data
    (any information asset linked to it holds personuppgifter)."""
    links = Supplier.it_services.through.objects.filter(
        supplier=OuterRef("pk"), itservice__assets__personal_data__in=PERSONAL_DATA,
    )
    return Exists(links)


def _service_count():
    """How many IT services the supplier delivers: a count per supplier (a subquery: a list
    page's 25 rows only), not a join and GROUP BY over the whole register, so the paginator's
    count stays a plain COUNT(*). A link is unique per (supplier, IT service)."""
    links = (
        Supplier.it_services.through.objects.filter(supplier=OuterRef("pk")).order_by()
        .values("supplier").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


def _annotated(qs: QuerySet[Supplier]) -> QuerySet[Supplier]:
    return qs.annotate(
        service_count=_service_count(),
        handles_personal_data=handles_personal_data(),
    )


def supplier_list(
    *, user, q: str = "", dpa: str = "", active: str = ""
) -> QuerySet[Supplier]:
    """The register for ``user`` (nothing without a role), with ``service_count`` (IT services
    delivered, city-wide) and ``handles_personal_data``; searched on name and organisation
    number (with or without the dash)."""
    if not permissions.may_read(user):
        return Supplier.objects.none()
    qs = _annotated(Supplier.objects.all())
    if q:
        match = Q(name__icontains=q) | Q(org_number__icontains=q)
        digits = q.replace("-", "").strip()
        if digits.isascii() and digits.isdigit():
            qs = qs.annotate(org_digits=Replace("org_number", Value("-"), Value("")))
            match |= Q(org_digits__icontains=digits[-10:] if len(digits) == 12 else digits)
        qs = qs.filter(match)
    if dpa == DpaFilter.MISSING_NEEDED:
        qs = qs.filter(dpa_in_place=False, handles_personal_data=True)
    elif dpa == DpaFilter.MISSING:
        qs = qs.filter(dpa_in_place=False)
    elif dpa == DpaFilter.IN_PLACE:
        qs = qs.filter(dpa_in_place=True)
    if active == "aktiva":
        qs = qs.filter(is_active=True)
    elif active == "inaktiva":
        qs = qs.filter(is_active=False)
    return qs.order_by("name", "pk")


_SUPPLIER_ID = -2_000_000_072  # a sentinel no supplier has (isms.compiled)
_MAX_ID = 2**63 - 1
# The supplier with its counts, on its page and its forms (every view): SQL built once per
# process and, on PostgreSQL, prepared once per database session (its subqueries cost more to
# plan than to run).
_SUPPLIER = CompiledQuery(
    lambda supplier_id: _annotated(Supplier.objects.filter(pk=supplier_id)),
    supplier_id=_SUPPLIER_ID, prepare=True,
)


def supplier_get(*, user, pk) -> Supplier:
    """One supplier for ``user``: 404 if there is none (or ``user`` has no role anywhere)."""
    if not permissions.may_read(user):
        raise Http404
    try:
        pk = int(pk)
    except (ValueError, TypeError, OverflowError, ValidationError):
        raise Http404 from None
    found = _SUPPLIER.objects(supplier_id=pk) if 0 < pk <= _MAX_ID else []
    if not found:
        raise Http404
    return found[0]


_UNSET = object()


def supplier_services(*, user, supplier, visible=_UNSET) -> QuerySet:
    """The IT services ``supplier`` delivers that ``user`` may see (with their owning unit and
    owner), by name: the supplier's page shows them a page at a time. ``visible``: the IT
    services ``user`` may see (``klassning.selectors.service_visibility``: None for all), when
    read already."""
    from klassning.models import ITService

    if visible is _UNSET:
        visible = klassning_selectors.service_visibility(user)
    services = ITService.objects.all() if visible is None else visible
    return services.filter(suppliers=supplier).select_related("unit", "owner").order_by(
        "name", "pk")


def _delivered(*, supplier_id, key):
    start, stop = key
    from klassning.models import ITService

    return ITService.objects.filter(suppliers=supplier_id).select_related(
        "unit", "owner").order_by("name", "pk")[start:stop]


# A page of the IT services a supplier delivers, for a reader who sees them all: SQL built
# once per process and prepared once per database session, per page (the first few pages
# only: a statement per page number would pile up without a bound).
_DELIVERED = CompiledQuery(_delivered, supplier_id=_SUPPLIER_ID, prepare=True)
COMPILED_PAGES = 4


class _Delivered:
    """``supplier_services`` for a reader who sees every IT service, as the paginator takes
    it: its count is the supplier's (``service_count``, read with it: no ``COUNT`` query) and
    a page's rows are a compiled read (the first ``COMPILED_PAGES`` pages)."""

    def __init__(self, supplier, per_page: int):
        self.supplier, self.per_page = supplier, per_page

    def count(self) -> int:
        total = getattr(self.supplier, "service_count", None)
        return self.supplier.it_services.count() if total is None else total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            return list(self._queryset())[index]
        start, stop = index.start or 0, index.stop
        if stop is not None and start % self.per_page == 0 and 0 <= start < stop <= (
            start + self.per_page
        ) and start < COMPILED_PAGES * self.per_page:
            # A whole page's read (one statement per page, whatever the page's length), cut to
            # the slice asked for (the last page's).
            rows = _DELIVERED.objects(
                supplier_id=self.supplier.pk, key=(start, start + self.per_page)
            )
            return rows[: stop - start]
        return list(self._queryset()[index])

    def _queryset(self):
        return supplier_services(user=None, supplier=self.supplier, visible=None)


class _VisibleDelivered:
    """``supplier_services`` for a reader who does not see every IT service, as the paginator
    takes it: the ids of the services they may see, in the page's order (one compiled read),
    and a page's rows read by their ids."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        from klassning.models import ITService

        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        rows = {s.pk: s for s in ITService.objects.filter(pk__in=ids).select_related(
            "unit", "owner")} if ids else {}
        found = [rows[pk] for pk in ids if pk in rows]
        return found if isinstance(index, slice) else found[0]


def _visible_delivered(*, supplier_id, user_id, unit_ids=None):
    from klassning.models import ITService

    return ITService.objects.filter(
        klassning_selectors.visibility_q(user_id=user_id, unit_ids=unit_ids),
        suppliers=supplier_id,
    ).order_by("name", "pk").values_list("pk")


_USER_ID = -2_000_000_073  # a sentinel no person has
_UNIT_IDS = Ids(-1_000_000_200)  # sentinels no unit has
# The ids of the IT services a supplier delivers that a reader who does not see every one may
# see (``klassning``'s rule, ``visibility_q``: with the units they may view, or without if none),
# by name: its SQL built once per process (per number of units) and prepared once per database
# session (a person's few units).
_VISIBLE_DELIVERED = CompiledVariants(
    _visible_delivered, supplier_id=_SUPPLIER_ID, unit_ids=_UNIT_IDS, user_id=_USER_ID,
    prepare=True,
)


def supplier_service_page_items(*, user, supplier, per_page: int):
    """``supplier_services`` for the paginator of the supplier's page (``per_page`` a page):
    the same rows in the same order, with SQL built once per process. A reader who sees every
    IT service (a city-wide role) reads a page and counts with the supplier; anyone else reads
    the ids of the services they may see, then a page of them."""
    if access.sees_all_units(user):
        return _Delivered(supplier, per_page)
    if not user.is_authenticated or not user.is_active:
        return _VisibleDelivered([])
    rows = _VISIBLE_DELIVERED.rows(supplier_id=supplier.pk, user_id=user.pk,
                                   unit_ids=access.unit_ids_for(user, access.VIEW) or None)
    return _VisibleDelivered([pk for (pk,) in rows])


def hidden_service_count(*, supplier, visible: int) -> int:
    """How many IT services ``supplier`` delivers in units the reader cannot see, given how
    many they can (``visible``): a count, never names."""
    total = getattr(supplier, "service_count", None)
    if total is None:
        total = supplier.it_services.count()
    return max(total - visible, 0)


def linkable_services(*, user, supplier, q: str = "", limit: int = 50) -> tuple[list, bool]:
    """IT services ``user`` may link to ``supplier`` (they may change them) and that are not
    linked yet, matching ``q``; at most ``limit``, and whether there were more."""
    units = permissions.editable_units(user)
    qs = (
        klassning_selectors.it_service_list(user=user, q=q)
        .filter(unit__in=units.values("pk"))
        .exclude(pk__in=supplier.it_services.values("pk"))
        .select_related("unit")
    )
    rows = list(qs[: limit + 1])
    return rows[:limit], len(rows) > limit


def linkable_service_choices(*, user, supplier):
    """The queryset a link form validates a posted IT service against."""
    units = permissions.editable_units(user)
    return (
        klassning_selectors.it_service_list(user=user)
        .filter(unit__in=units.values("pk"))
        .exclude(pk__in=supplier.it_services.values("pk"))
    )


_SERVICE_ID = -2_000_000_071  # a sentinel no IT service has (isms.compiled)
# The suppliers of one IT service, on its page's panel (every view): SQL built once per process
# and, on PostgreSQL, prepared once per database session (its two subqueries per supplier cost
# ~2.5 ms to plan and ~0.3 ms to run, on the most-linked service).
_SERVICE_SUPPLIERS = CompiledQuery(
    lambda service_id: _annotated(Supplier.objects.filter(
        pk__in=Supplier.it_services.through.objects.filter(itservice_id=service_id)
        .values("supplier_id")
    )).order_by("name", "pk"),
    service_id=_SERVICE_ID, prepare=True,
)


def suppliers_of_service(*, service) -> list[Supplier]:
    """The suppliers that deliver ``service`` (a page the reader may already see)."""
    return _SERVICE_SUPPLIERS.objects(service_id=service.pk)


# The supplier's page reads its history on every view: every record of the supplier (its
# changes are diffed from the newest ones, its links from all of them) and the IT services
# linked in each record, with SQL built once per process and prepared once per database session.
_SUPPLIER_RECORDS = CompiledQuery(
    lambda supplier_id: historical_records(Supplier).filter(id=supplier_id)
    .select_related("history_user").order_by("history_date", "history_id"),
    supplier_id=_SUPPLIER_ID, prepare=True,
)

# Every IT service linked in each of the supplier's records: ``(history id, service id, its
# name)``, for a reader who sees every IT service (the city-wide roles).
_LINK_ROWS = CompiledRows(
    lambda supplier_id: m2m_rows(Supplier, "it_services", supplier_id),
    supplier_id=_SUPPLIER_ID, prepare=True,
)


def _visible_link_rows(*, supplier_id, user_id, unit_ids=None):
    from klassning.models import ITService

    visible = ITService.objects.filter(
        klassning_selectors.visibility_q(user_id=user_id, unit_ids=unit_ids)
    ).values("pk")
    return m2m_rows(Supplier, "it_services", supplier_id).filter(itservice__in=visible)


# The same for a reader who does not see every IT service: only the services they may see.
_VISIBLE_LINK_ROWS = CompiledVariants(
    _visible_link_rows, supplier_id=_SUPPLIER_ID, unit_ids=_UNIT_IDS, user_id=_USER_ID,
    prepare=True,
)


def _link_rows(*, user, supplier) -> list[tuple]:
    """The rows ``m2m_entries`` reads for the supplier's links to the IT services ``user``
    may see (``klassning``'s rule, compiled): all of them for a city-wide role."""
    if access.sees_all_units(user):
        return _LINK_ROWS.rows(supplier_id=supplier.pk)
    if not user.is_authenticated or not user.is_active:
        return []
    return _VISIBLE_LINK_ROWS.rows(supplier_id=supplier.pk, user_id=user.pk,
                                   unit_ids=access.unit_ids_for(user, access.VIEW) or None)


def supplier_history(*, supplier, user, limit: int | None = 50):
    """The supplier's changes and its links to the IT services ``user`` may see. Every record
    is read once, for both (``isms.history.LoadedHistory``)."""
    records = _SUPPLIER_RECORDS.objects(supplier_id=supplier.pk)
    entries = entries_for(
        [LoadedHistory(type(records[0]), records)] if records else [],
        label=lambda record, names: record.name,
        limit=limit,
    )
    entries += m2m_entries(
        instance=supplier,
        fields={"it_services": None},  # the rows read are only the visible ones
        label=lambda record: record.name,
        records=records,
        rows={"it_services": _link_rows(user=user, supplier=supplier)},
    )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


def supplier_choices(*, user) -> QuerySet[Supplier]:
    """Active suppliers for another register's form (e.g. a risk's "berörda leverantörer"):
    everyone with a role may pick among them; nothing without a role."""
    if not permissions.may_read(user):
        return Supplier.objects.none()
    return Supplier.objects.filter(is_active=True).order_by("name", "pk")
