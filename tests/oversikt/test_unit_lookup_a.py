"""The unit's dashboard finds an active unit among the city's units (read for the median
anyway) and asks ``nämnder.access`` about it: the same 404s as ``get_unit_or_404``, and a
deactivated unit's dashboard still opens for whom may view it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nämnder.models import OrganisationUnit
from tests.oversikt.world import build_farsta

pytestmark = pytest.mark.django_db


def _url(unit):
    return reverse("oversikt:unit", args=[unit.pk])


def test_a_chief_opens_their_unit_and_gets_404_for_another(farsta, bromma, official,
                                                           coordinator, chief, client_for):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    client = client_for(chief)
    assert client.get(_url(farsta)).status_code == 200
    assert client.get(_url(bromma)).status_code == 404
    assert client.get(reverse("oversikt:unit", args=[2_000_000_000])).status_code == 404


def test_the_city_level_and_a_deactivated_unit_open_for_the_security_function(
        city, farsta, bromma, security_function, outsider, client_for):
    OrganisationUnit.objects.filter(pk=bromma.pk).update(is_active=False)
    client = client_for(security_function)
    for unit in (farsta, bromma, city):
        response = client.get(_url(unit))
        assert response.status_code == 200
        assert f"Översikt: {unit.name}" in response.content.decode()
    # A deactivated unit is still its own people's to view; another unit's is not.
    assert client_for(outsider).get(_url(bromma)).status_code == 200
    assert client_for(outsider).get(_url(farsta)).status_code == 404


def test_the_unit_dashboard_reads_the_unit_with_the_city_units(
        farsta, official, coordinator, chief, client_for, django_assert_max_num_queries):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    client = client_for(chief)
    assert client.get(_url(farsta)).status_code == 200  # the kept figures computed once
    # Before: 21 (the unit read on its own before the city's units).
    with django_assert_max_num_queries(20):
        assert client.get(_url(farsta)).status_code == 200
