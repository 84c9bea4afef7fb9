"""A supplier's page (issue 9): its IT services, its history and whether the reader may change
it are read with SQL built once per process and, on PostgreSQL, statements prepared once per
database session. The same answers as the querysets they replace: the services each reader
may see (their units', the ones their units use, the ones they run; all for a city-wide role)
page by page in name order, the history of the supplier and of its links to those services
(every record read once), whether every delivered service is the reader's to change, and
whether the risk panel offers *Registrera risk*."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from isms.history import entries_for, historical_records, m2m_entries
from klassning import selectors as klassning_selectors
from klassning.models import ITService
from leverantorer import permissions, selectors, services
from leverantorer.models import Supplier
from nämnder.models import Role
from risk import selectors as risk_selectors
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(farsta, bromma, official, make_person, security_function):
    """A supplier of 30 services: Farsta's, Bromma's (two used by Farsta, one run by Farsta's
    official), linked and unlinked over time."""
    bromma_editor = make_person("samordnare.bromma", bromma, Role.COORDINATOR)
    farsta_services = [make_service(farsta, official, name=f"Farsta {i:02}") for i in range(14)]
    used = [make_service(bromma, bromma_editor, name=f"Bromma använd {i}", user_units=[farsta])
            for i in range(2)]
    run = make_service(bromma, bromma_editor, name="Bromma driven")
    ITService.objects.filter(pk=run.pk).update(owner=official)
    other = [make_service(bromma, bromma_editor, name=f"Bromma {i:02}") for i in range(13)]
    supplier = services.supplier_create(actor=security_function, name="Atea Sverige AB")
    for service in [*farsta_services, *used, run, *other]:
        services.supplier_link_service(actor=security_function, supplier=supplier, service=service)
    services.supplier_unlink_service(actor=security_function, supplier=supplier,
                                     service=farsta_services[0])
    services.supplier_unlink_service(actor=security_function, supplier=supplier, service=other[0])
    supplier = Supplier.objects.get(pk=supplier.pk)
    for n in range(3):
        supplier = services.supplier_update(actor=security_function, supplier=supplier,
                                            expected_version=supplier.version,
                                            contact=f"avtal{n}@atea.se")
    return supplier


READERS = ["security_function", "city_auditor", "official", "chief", "unit_auditor", "outsider"]


@pytest.mark.parametrize("reader", READERS)
def test_the_pages_of_services_each_reader_sees(request, world, reader):
    user = request.getfixturevalue(reader)
    supplier = selectors.supplier_get(user=user, pk=world.pk)
    expected = Paginator(selectors.supplier_services(user=user, supplier=supplier), 25)
    for _ in range(2):  # the second run executes what the first prepared
        got = Paginator(selectors.supplier_service_page_items(user=user, supplier=supplier,
                                                              per_page=25), 25)
        assert got.count == expected.count and got.num_pages == expected.num_pages
        for number in expected.page_range:
            want = list(expected.page(number))
            page = list(got.page(number))
            assert [s.pk for s in page] == [s.pk for s in want]
            assert [(s.unit.name, s.owner_id and s.owner.username) for s in page] == [
                (s.unit.name, s.owner_id and s.owner.username) for s in want]


def test_who_sees_which_services(world, official, outsider, security_function):
    def names(user):
        supplier = selectors.supplier_get(user=user, pk=world.pk)
        items = selectors.supplier_service_page_items(user=user, supplier=supplier, per_page=25)
        return [s.name for s in items[0:items.count()]]

    assert names(official) == [
        "Bromma använd 0", "Bromma använd 1", "Bromma driven",
        *(f"Farsta {i:02}" for i in range(1, 14)),
    ]
    assert names(outsider) == [
        *(f"Bromma {i:02}" for i in range(1, 13)), "Bromma använd 0", "Bromma använd 1",
        "Bromma driven",
    ]
    assert len(names(security_function)) == 28


def _reference_history(*, supplier, user, limit):
    """The history as it was read before: the supplier's records through the queryset, its
    links through ``m2m_entries``' own reads narrowed by ``service_visibility``."""
    entries = entries_for([historical_records(Supplier).filter(id=supplier.pk)],
                          label=lambda record, names: record.name, limit=limit)
    entries += m2m_entries(instance=supplier, label=lambda record: record.name,
                           fields={"it_services": klassning_selectors.service_visibility(user)})
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit] if limit else entries


def _shown(entries):
    return [(e.date, e.user, e.action, e.object_type, e.object_label, e.reason,
             [(c.field, c.old, c.new) for c in e.changes]) for e in entries]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("limit", [2, 4, 50, None])
def test_the_history_is_the_same(request, world, reader, limit):
    user = request.getfixturevalue(reader)
    supplier = selectors.supplier_get(user=user, pk=world.pk)
    for _ in range(2):
        got = selectors.supplier_history(supplier=supplier, user=user, limit=limit)
        assert _shown(got) == _shown(_reference_history(supplier=supplier, user=user,
                                                        limit=limit))
    if limit == 50:
        changes = [c for e in got for c in e.changes]
        assert any(c.new == "avtal2@atea.se" and c.old == "avtal1@atea.se" for c in changes)


def test_editable_units_and_may_edit(world, farsta, official, chief, unit_auditor,
                                     security_function, city_auditor, outsider):
    for user in (official, chief, unit_auditor, security_function, city_auditor, outsider):
        assert sorted(permissions.editable_unit_ids(user)) == sorted(
            permissions.editable_units(user).values_list("pk", flat=True))
    assert permissions.may_edit(security_function, world)
    assert not permissions.may_edit(official, world)  # Bromma's services too
    only_farsta = services.supplier_create(
        actor=official, name="Tieto Evry Sverige AB",
        it_services=list(ITService.objects.filter(unit=farsta)[:2]),
    )
    for _ in range(2):
        assert permissions.may_edit(type(official).objects.get(pk=official.pk), only_farsta)
        assert not permissions.may_edit(type(outsider).objects.get(pk=outsider.pk), only_farsta)
    farsta.__class__.objects.filter(pk=farsta.pk).update(is_active=False)  # read-only
    fresh = type(official).objects.get(pk=official.pk)
    assert permissions.editable_unit_ids(fresh) == []
    for user in (security_function, city_auditor):  # the security function keeps every unit
        fresh_user = type(user).objects.get(pk=user.pk)
        assert sorted(permissions.editable_unit_ids(fresh_user)) == sorted(
            permissions.editable_units(fresh_user).values_list("pk", flat=True))
    assert not permissions.may_edit(fresh, only_farsta)


def test_may_register_a_risk_as_before(farsta, official, chief, unit_auditor, city_auditor,
                                       security_function, outsider):
    users = (official, chief, unit_auditor, city_auditor, security_function, outsider)
    for user in users:
        assert risk_selectors.may_register_any(user=user) == (
            risk_selectors.units_for_new_records(user=user).exists())
    farsta.__class__.objects.filter(pk=farsta.pk).update(is_active=False)
    for user in users:
        fresh = type(user).objects.get(pk=user.pk)
        assert risk_selectors.may_register_any(user=fresh) == (
            risk_selectors.units_for_new_records(user=fresh).exists())


@pytest.mark.parametrize("reader", ["security_function", "official"])
def test_the_page_reads_are_prepared(need_postgres, request, world, reader, client_for,
                                     django_assert_max_num_queries, without_object_panels):
    user = request.getfixturevalue(reader)
    client = client_for(user)
    url = reverse("leverantorer:supplier_detail", args=[world.pk])
    client.get(url)
    # session, person, permissions, header's roles; the supplier, the visible services (a
    # city-wide role: a page of them, counted with the supplier; others: their ids, then a
    # page of them), editable units (a city-wide role), whether the reader may change it
    # (a unit role), the supplier's records and their links
    with django_assert_max_num_queries(10) as queries:
        response = client.get(url)
    assert response.status_code == 200
    own = [q["sql"] for q in queries.captured_queries if '"leverantorer_' in q["sql"]]
    assert len(own) >= 4
    assert all("/* prepared statement isms_" in sql for sql in own), own


def test_a_statement_per_page_whatever_its_length(world, farsta, official, security_function):
    """The city-wide page's compiled reads are one per page number (the first few), not one per
    length of a last page: a session holds a bounded number of statements."""
    from django.db import connections

    farsta_services = list(ITService.objects.filter(unit=farsta).order_by("pk"))
    for n in (1, 3, 7):
        supplier = services.supplier_create(actor=official, name=f"Leverantör {n} AB",
                                            it_services=farsta_services[:n])
        supplier = selectors.supplier_get(user=security_function, pk=supplier.pk)
        page = Paginator(selectors.supplier_service_page_items(
            user=security_function, supplier=supplier, per_page=25), 25).page(1)
        assert [s.name for s in page] == [s.name for s in farsta_services[:n]]
    supplier = selectors.supplier_get(user=security_function, pk=world.pk)
    items = selectors.supplier_service_page_items(user=security_function, supplier=supplier,
                                                  per_page=25)
    assert len(Paginator(items, 25).page(2)) == 3
    keys = set(selectors._DELIVERED._plans[connections["default"]])
    assert {(0, 25), (25, 50)} <= keys <= {(0, 25), (25, 50), (50, 75), (75, 100)}
