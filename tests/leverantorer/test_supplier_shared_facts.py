"""A supplier that delivers IT services of several units: its facts (e.g. whether a
personuppgiftsbiträdesavtal is in place) count for all of them, so no single unit changes them;
linking one's own IT service to a supplier gives no right to edit it."""

import pytest
from django.urls import reverse

from leverantorer import services
from nämnder.models import Role
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


def edit(supplier):
    return reverse("leverantorer:supplier_edit", args=[supplier.pk])


@pytest.fixture
def bromma_editor(make_person, bromma):
    return make_person("samordnare.bromma", bromma, Role.COORDINATOR)


def test_linking_ones_own_service_gives_no_right_to_edit_a_shared_supplier(
    client_for, make_supplier, farsta_service, official, bromma_editor, bromma,
    security_function,
):
    supplier = make_supplier(name="Atea Sverige AB", actor=official, it_services=[farsta_service],
                             dpa_in_place=False)
    assert client_for(official).get(edit(supplier)).status_code == 200  # only Farsta's so far

    bromma_service = make_service(bromma, bromma_editor, name="Bygglovssystem")
    services.supplier_link_service(actor=bromma_editor, supplier=supplier, service=bromma_service)

    # Now Farsta relies on the facts too: Bromma may not change them, nor may Farsta for Bromma.
    for person in (bromma_editor, official):
        page = client_for(person).get(edit(supplier))
        assert page.status_code == 403
        post = client_for(person).post(edit(supplier), {
            "name": "Atea Sverige AB", "org_number": "", "contact": "", "dpa_in_place": "on",
            "dpa_signed_on": "2024-01-01", "dpa_location": "Diarienr 1", "notes": "",
            "version": supplier.version,
        })
        assert post.status_code == 403
    supplier.refresh_from_db()
    assert supplier.dpa_in_place is False
    assert client_for(security_function).get(edit(supplier)).status_code == 200
