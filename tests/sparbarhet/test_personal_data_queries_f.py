"""Mina personuppgifter at a fixed, small number of queries: the membership history names its
units and who made each change, and the latest events their units, in the queries that read
them (no query per section for the names), whatever the person did."""

import pytest
from django.urls import reverse

from klassning.models import InformationAsset
from nämnder import services as unit_services
from sparbarhet import personal_data
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _activity(units, person, chief, n):
    for i in range(n):
        unit = units[i % len(units)]
        make_asset(unit, person, name=f"Register {person.pk}-{i}")
    for unit in units:
        unit_services.membership_add(actor=chief, user=person, unit=unit, role="auditor")


@pytest.mark.parametrize("n", [1, 12])
def test_my_personal_data_costs_few_queries_at_any_size(
    client_for, farsta, bromma, official, security_function, django_assert_max_num_queries, n
):
    _activity([farsta, bromma], official, security_function, n)
    client = client_for(official)
    client.get(reverse("sparbarhet:my_personal_data"))  # warm caches (content types)
    # session, person, permissions, the header's roles; the page: pseudonymisation,
    # memberships, their history (units and who, joined), history counts, audit counts, the
    # latest events (units joined), notifications, logins (one query)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("sparbarhet:my_personal_data"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bromma" in body and security_function.get_full_name() in body


def test_the_history_and_events_name_units_and_people_as_they_are_now(
    farsta, bromma, official, chief, security_function
):
    unit_services.membership_add(actor=chief, user=official, unit=farsta, role="auditor")
    asset = make_asset(bromma, official, name="Ett register")
    data = personal_data.personal_data(person=official)
    newest = data.membership_history[0]
    assert newest["unit"] == farsta.name and newest["role"] == "Revisor"
    assert newest["by"] == chief.get_full_name()
    assert data.membership_history[-1]["by"] is None  # the fixture's: by the system
    events = {e["object_id"]: e for e in data.latest_events}
    assert events[asset.pk]["unit"] == bromma.name
    assert events[asset.pk]["object_type"] == str(InformationAsset._meta.verbose_name).capitalize()
    assert data.logins == {"logins": 0, "failures": 0}
