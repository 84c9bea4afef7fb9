"""The supplier panel on an IT service's page: its suppliers read with a statement prepared once
per database session (PostgreSQL), the same rows as the queryset's; and whether the reader may
open the register (``permissions.may_read``) answered from what ``nämnder.access`` holds for
the request — no query of its own for a member of a unit."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm

from leverantorer import permissions, selectors
from leverantorer.models import Supplier
from nämnder import access

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The person as a new request loads them (nothing read for them yet)."""
    return get_user_model().objects.get(pk=user.pk)


def _as_on_a_page(user):
    """What every page has read for the person before a panel asks: the header's memberships,
    the units they may view and their permissions."""
    access.own_memberships(user)
    access.unit_ids_for(user, access.VIEW)
    access.sees_all_units(user)
    return user


def test_a_unit_member_may_read_without_a_query(chief, official, django_assert_num_queries):
    for person in (chief, official):
        user = _as_on_a_page(_fresh(person))
        with django_assert_num_queries(0):
            assert permissions.may_read(user)


def test_a_city_wide_role_may_read_without_a_query(security_function, django_assert_num_queries):
    user = _as_on_a_page(_fresh(security_function))
    with django_assert_num_queries(0):
        assert permissions.may_read(user)


def test_no_role_no_read(make_person, django_assert_num_queries):
    user = _as_on_a_page(_fresh(make_person("ingen.roll")))
    with django_assert_num_queries(0):
        assert not permissions.may_read(user)


def test_a_unit_permission_without_a_membership_is_still_asked(make_person, farsta):
    """A permission on a unit held outside a membership (a group joined in the admin, say): the
    rule is unchanged (the unit exists), asked of the database."""
    person = make_person("ingen.roll")
    assign_perm(access.VIEW, person, farsta)
    user = _as_on_a_page(_fresh(person))
    assert access.own_memberships(user) == []
    assert permissions.may_read(user)


def _plain(service):
    return list(
        selectors._annotated(Supplier.objects.filter(it_services=service)).order_by("name", "pk")
    )


def test_the_panel_reads_the_querysets_rows(make_supplier, farsta_service, bromma_service):
    make_supplier("Beta AB", it_services=[farsta_service])
    make_supplier("Alfa AB", it_services=[farsta_service, bromma_service], dpa_in_place=True,
                  dpa_signed_on=dt.date(2026, 1, 1), dpa_location="Diariet")
    make_supplier("Gamma AB", it_services=[bromma_service])
    for _ in range(2):  # the second run executes what the first prepared
        for service in (farsta_service, bromma_service):
            got = selectors.suppliers_of_service(service=service)
            want = _plain(service)
            assert [s.pk for s in got] == [s.pk for s in want]
            assert [(s.name, s.service_count, s.handles_personal_data) for s in got] == [
                (s.name, s.service_count, s.handles_personal_data) for s in want
            ]
    assert [s.name for s in selectors.suppliers_of_service(service=farsta_service)] == [
        "Alfa AB", "Beta AB"]


def test_the_panels_read_is_prepared(need_postgres, make_supplier, farsta_service,
                                     django_assert_num_queries):
    make_supplier("Alfa AB", it_services=[farsta_service])
    selectors.suppliers_of_service(service=farsta_service)
    with django_assert_num_queries(1) as queries:
        assert len(selectors.suppliers_of_service(service=farsta_service)) == 1
    assert "/* prepared statement isms_compiled_" in queries.captured_queries[0]["sql"]
