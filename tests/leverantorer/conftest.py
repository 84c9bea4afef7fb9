"""Suppliers for the leverantorer tests, created through the services."""

import pytest

from leverantorer import services
from tests.klassning_helpers import make_asset, make_service


@pytest.fixture
def make_supplier(db):
    def make(name="Tieto Evry Sverige AB", actor=None, it_services=(), **fields):
        return services.supplier_create(actor=actor, name=name, it_services=it_services, **fields)

    return make


@pytest.fixture
def farsta_service(farsta, official):
    """Farsta's IT service handling personal data."""
    service = make_service(farsta, official, name="Procapita IFO", supplier="Tieto Evry")
    make_asset(farsta, official, name="Ekonomiskt bistånd", personal_data="sensitive",
               it_services=[service])
    return service


@pytest.fixture
def bromma_service(bromma, make_person):
    from nämnder.models import Role

    editor = make_person("samordnare.bromma", bromma, Role.COORDINATOR)
    return make_service(bromma, editor, name="Bygglovssystem")
