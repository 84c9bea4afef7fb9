"""A risk's page lists and narrates its links only to the IT services and information assets
the reader may see: a unit's people lose a service their unit no longer uses (its name in
neither the links nor the history), the city-wide security function sees every one."""

import pytest
from django.urls import reverse

from tests.klassning_helpers import make_asset, make_service
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db

SERVICE = "Brommas ekonomisystem"
ASSET = "Farstas elevregister"


@pytest.fixture
def risk(farsta, bromma, official, outsider):
    service = make_service(bromma, outsider, name=SERVICE, user_units=[farsta])
    asset = make_asset(farsta, official, name=ASSET)
    risk = make_risk(farsta, official, title="Fel mottagare av utbetalning",
                     it_services=[service], information_assets=[asset])
    service.user_units.remove(farsta)  # Farsta no longer uses it: its people stop seeing it
    return risk


def _page(client_for, person, risk) -> str:
    response = client_for(person).get(reverse("risk:risk_detail", args=[risk.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_unit_member_sees_only_visible_links(client_for, official, risk):
    page = _page(client_for, official, risk)
    assert SERVICE not in page
    assert ASSET in page


def test_city_security_function_sees_every_link(client_for, security_function, risk):
    page = _page(client_for, security_function, risk)
    assert page.count(SERVICE) >= 2  # the link and the history entry
    assert ASSET in page


def test_chief_of_the_unit_sees_the_same_as_its_members(client_for, chief, risk):
    page = _page(client_for, chief, risk)
    assert SERVICE not in page and ASSET in page
