"""A supplier's page lists the IT services it delivers a page at a time (a supplier of every
unit's services rendered all of them), with the unlink buttons of the services the reader may
change, and says how many more it delivers in units the reader cannot see."""

import re

import pytest
from django.urls import reverse

from isms.views import PAGE_SIZE
from leverantorer import services
from nämnder.models import Role
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


def _services(page: str) -> list[str]:
    return re.findall(r'<td><a href="/[^"]*it-tjanster/\d+/">([^<]+)</a></td>', page)


def _supplier(farsta, bromma, official, make_person, n_farsta, n_bromma):
    editor = make_person("samordnare.bromma", bromma, Role.COORDINATOR)
    mine = [make_service(farsta, official, name=f"Farsta {i:03}") for i in range(n_farsta)]
    theirs = [make_service(bromma, editor, name=f"Bromma {i:03}") for i in range(n_bromma)]
    supplier = services.supplier_create(actor=official, name="Tieto Evry Sverige AB",
                                        it_services=mine)
    for service in theirs:
        services.supplier_link_service(actor=editor, supplier=supplier, service=service)
    return supplier


def test_the_services_come_a_page_at_a_time(client_for, official, farsta, bromma, make_person):
    supplier = _supplier(farsta, bromma, official, make_person, PAGE_SIZE + 3, 2)
    client = client_for(official)
    url = reverse("leverantorer:supplier_detail", args=[supplier.pk])
    first = client.get(url).content.decode()
    assert _services(first) == [f"Farsta {i:03}" for i in range(PAGE_SIZE)]
    assert "Sida 1 av 2" in first
    assert "Leverantören levererar också 2 it-tjänster i enheter" in first
    assert first.count("Ta bort kopplingen till Farsta") == PAGE_SIZE
    unlink = reverse("leverantorer:supplier_unlink", args=[supplier.pk, supplier.it_services.get(
        name="Farsta 000").pk])
    assert f'action="{unlink}"' in first
    last = client.get(url + "?sida=2").content.decode()
    assert _services(last) == [f"Farsta {i:03}" for i in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert "Leverantören levererar också 2 it-tjänster i enheter" in last


def test_the_security_function_sees_every_service(client_for, official, farsta, bromma,
                                                  make_person, security_function):
    supplier = _supplier(farsta, bromma, official, make_person, 3, 2)
    page = client_for(security_function).get(
        reverse("leverantorer:supplier_detail", args=[supplier.pk])).content.decode()
    assert _services(page) == ["Bromma 000", "Bromma 001", "Farsta 000", "Farsta 001",
                               "Farsta 002"]
    assert "i enheter som du inte har behörighet till" not in page


@pytest.mark.parametrize("n", [3, 60])
def test_the_page_costs_the_same_whatever_the_supplier_delivers(
    n, client_for, official, farsta, bromma, make_person, security_function,
    django_assert_max_num_queries, without_object_panels,
):
    supplier = _supplier(farsta, bromma, official, make_person, n, n)
    url = reverse("leverantorer:supplier_detail", args=[supplier.pk])
    for person in (official, security_function):
        client = client_for(person)
        client.get(reverse("leverantorer:supplier_list"))
        with django_assert_max_num_queries(20):
            page = client.get(url + "?sida=2").content.decode()
        assert len(_services(page)) <= PAGE_SIZE
