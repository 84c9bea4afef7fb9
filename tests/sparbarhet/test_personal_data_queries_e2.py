"""Mina personuppgifter and a person's page, issue 9: the notification and login counts are
read in one query, and one's own memberships once (the header's per-request read), whatever
the person did."""

import pytest
from django.urls import reverse

from nämnder import services as unit_services
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _activity(units, person, chief, n):
    for i in range(n):
        make_asset(units[i % len(units)], person, name=f"Register {person.pk}-{i}")
    for unit in units:
        unit_services.membership_add(actor=chief, user=person, unit=unit, role="auditor")


@pytest.mark.parametrize("n", [1, 12])
def test_my_personal_data_reads_memberships_and_counts_once(
    client_for, farsta, bromma, official, security_function, django_assert_max_num_queries, n
):
    _activity([farsta, bromma], official, security_function, n)
    client = client_for(official)
    client.get(reverse("sparbarhet:my_personal_data"))  # warm caches (content types)
    # session, person, permissions, memberships (the header's and the page's); the page:
    # pseudonymisation, membership history, history counts, audit counts, latest events,
    # notifications and logins (one query)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("sparbarhet:my_personal_data"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bromma" in body and "Farsta" in body
    assert "Loggade inloggningar" in body and "Notiser till personen" in body


@pytest.mark.parametrize("n", [1, 12])
def test_a_persons_page_costs_the_same_whatever_they_did(
    client_for, farsta, bromma, official, security_function, django_assert_max_num_queries, n
):
    _activity([farsta, bromma], official, security_function, n)
    client = client_for(security_function)
    url = reverse("sparbarhet:personal_data", args=[official.pk])
    client.get(url)
    # as one's own page, and the person, their memberships and the two-factor panel
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    assert "Bromma" in response.content.decode()
