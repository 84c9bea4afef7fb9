"""The units a person holds each permission on (``access.unit_ids_for``): the same units as
guardian's ``get_objects_for_user`` gives, read in one query for all of a request's
permissions (a page asks for viewing and for editing, an object panel again)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm, get_objects_for_user

from nämnder import access, services
from nämnder.models import OrganisationUnit, Role

PERMS = [access.VIEW, access.EDIT_RECORDS, access.APPROVE, access.MANAGE_MEMBERS,
         access.CHANGE_UNIT]


def _guardian(user, perm):
    return sorted(get_objects_for_user(
        user, perm, klass=OrganisationUnit, accept_global_perms=True, with_superuser=True,
    ).values_list("pk", flat=True))


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
def test_same_units_as_guardian_for_unit_roles_and_a_direct_grant(
    make_person, farsta, bromma, make_unit
):
    kista = make_unit("kista")
    person = make_person("två.roller", farsta, Role.OFFICIAL)
    services.membership_add(actor=None, user=person, unit=bromma, role=Role.CHIEF)
    assign_perm(access.VIEW, person, kista)  # a direct object permission counts too
    user = _fresh(person)
    for perm in PERMS:
        assert access.unit_ids_for(user, perm) == _guardian(_fresh(person), perm), perm
    assert access.unit_ids_for(user, access.VIEW) == sorted([farsta.pk, bromma.pk, kista.pk])
    assert access.unit_ids_for(user, access.EDIT_RECORDS) == sorted([farsta.pk, bromma.pk])


@pytest.mark.django_db
def test_all_of_a_requests_unit_permissions_cost_one_query(
    make_person, farsta, bromma, django_assert_num_queries
):
    person = make_person("chef.två", farsta, Role.CHIEF)
    services.membership_add(actor=None, user=person, unit=bromma, role=Role.COORDINATOR)
    user = _fresh(person)
    user.get_all_permissions()  # the global permissions (read with the person on a request)
    with django_assert_num_queries(1):
        for perm in PERMS:
            access.unit_ids_for(user, perm)
        assert access.can(user, access.EDIT_RECORDS, bromma)


@pytest.mark.django_db
def test_city_wide_roles_and_superusers_hold_every_unit(
    security_function, city_auditor, farsta, bromma, django_user_model
):
    boss = django_user_model.objects.create_superuser("root", "root@example.org", "x-pass-123")
    everything = sorted(OrganisationUnit.objects.values_list("pk", flat=True))
    for person in (security_function, city_auditor, boss):
        user = _fresh(person)
        assert access.unit_ids_for(user, access.VIEW) == everything
        for perm in PERMS:
            assert access.unit_ids_for(user, perm) == _guardian(_fresh(person), perm), perm
