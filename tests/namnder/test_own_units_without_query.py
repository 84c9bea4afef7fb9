"""The units on a chief's start page come with their memberships (``access.own_units_for``,
``selectors.dashboard_units``): the same units as the access rules give, by name, deactivated
units left out, and a permission held outside a membership still counted."""

import pytest
from django.urls import reverse

from nämnder import access, services
from nämnder.models import Role
from nämnder.selectors import dashboard_units
from risk.selectors.figures import attention_units
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The same person as a new request sees them (nothing read yet)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def two_unit_chief(make_person, make_unit, farsta):
    # "Älvsjö" sorts after "Farsta" in Swedish and in plain code points alike.
    alvsjo = make_unit("alvsjo", "Älvsjö stadsdelsnämnd")
    chief = make_person("chef.tva", alvsjo, Role.CHIEF)
    services.membership_add(actor=None, user=chief, unit=farsta, role=Role.CHIEF)
    services.membership_add(actor=None, user=chief, unit=farsta, role=Role.COORDINATOR)
    return chief, farsta, alvsjo


def test_own_units_are_the_access_rules_units_by_name_once_each(two_unit_chief):
    chief, farsta, alvsjo = two_unit_chief
    chief = _fresh(chief)
    assert access.own_units_for(chief, access.APPROVE) == [farsta, alvsjo]
    assert list(access.units_for(chief, access.APPROVE).order_by("name")) == [farsta, alvsjo]
    assert dashboard_units(user=_fresh(chief)) == [farsta, alvsjo]


def test_no_query_beyond_the_memberships_and_permissions(two_unit_chief, django_assert_num_queries):
    chief = _fresh(two_unit_chief[0])
    access.own_memberships(chief)
    access.unit_ids_for(chief, access.APPROVE)
    with django_assert_num_queries(0):
        assert len(access.own_units_for(chief, access.APPROVE)) == 2
        assert len(dashboard_units(user=chief)) == 2


def test_a_deactivated_unit_is_left_out(two_unit_chief):
    chief, farsta, alvsjo = two_unit_chief
    alvsjo.is_active = False
    alvsjo.save()
    assert access.own_units_for(_fresh(chief), access.APPROVE) == [farsta]
    assert dashboard_units(user=_fresh(chief)) == [farsta]


def test_a_permission_outside_any_membership_still_counts(make_person, farsta, bromma):
    # Joined bromma's chief group in the admin, without a membership: the access rules let
    # them approve there, so the risk panel lists bromma (one query reads it).
    person = make_person("samordnare.farsta", farsta, Role.COORDINATOR)
    person.groups.add(services.unit_group(bromma, Role.CHIEF))
    person = _fresh(person)
    assert access.can(person, access.APPROVE, bromma)
    assert access.own_units_for(person, access.APPROVE) == [bromma, farsta]
    assert attention_units(_fresh(person)) == [bromma, farsta]


def test_not_for_the_city_wide_roles(security_function):
    assert attention_units(security_function) is None


def test_the_chiefs_start_page_lists_both_units_risks(client_for, two_unit_chief, official):
    chief, farsta, alvsjo = two_unit_chief
    make_risk(farsta, official, title="Hög risk", likelihood=4, consequence=4)
    make_risk(alvsjo, chief, title="Hög risk i Älvsjö", likelihood=4, consequence=4)
    body = client_for(chief).get(reverse("start")).content.decode()
    panel = body.split('id="risk-start"', 1)[1].split("</section>", 1)[0]
    assert panel.index("Farsta stadsdelsnämnd") < panel.index("Älvsjö stadsdelsnämnd")

