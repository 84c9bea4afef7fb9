"""A risk's page costs the same number of queries however many links, actions and changes the
risk has (its reads are compiled once per process and its links read in one query), and still
shows every link, action and change the reader may see."""

import pytest
from django.urls import reverse

from klassning.models import Aspect
from risk import services
from tests.klassning_helpers import make_asset, make_service
from tests.risk_helpers import make_action, make_risk

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16  # session, person, memberships and permissions, the risk, the matrix (3), its
# actions, links and link history (one each), its two histories and their people


def _busy_risk(unit, actor, n):
    assets = [make_asset(unit, actor, name=f"Informationsmängd {n}.{i}") for i in range(n)]
    it_services = [make_service(unit, actor, name=f"Tjänst {n}.{i}") for i in range(n)]
    risk = make_risk(unit, actor, title="Obehörig åtkomst", information_assets=assets[:1],
                     it_services=it_services[:1], aspects=list(Aspect.objects.all()[:n]))
    for i in range(n):
        risk.refresh_from_db()
        services.risk_update(actor=actor, risk=risk, expected_version=risk.version,
                             threat=f"Hot {i}", information_assets=assets[: i + 1],
                             it_services=it_services[: i + 1])
        make_action(risk, actor, description=f"Åtgärd {i}", responsible=actor)
    return risk


@pytest.mark.parametrize("person", ["official", "chief", "security_function"])
def test_the_page_costs_the_same_however_busy_the_risk(
    person, request, client_for, farsta, official, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(person))
    counts = []
    for n in (1, 4):
        risk = _busy_risk(farsta, official, n)
        url = reverse("risk:risk_detail", args=[risk.pk])
        client.get(url)  # warm the session
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = client.get(url)
        counts.append(len(queries.captured_queries))
        page = response.content.decode()
        for i in range(n):
            assert f"Informationsmängd {n}.{i}" in page and f"Tjänst {n}.{i}" in page
            assert f"Åtgärd {i}" in page and f"Hot {i}" in page
    assert counts[0] == counts[1]


def test_a_risk_of_another_unit_is_not_found(client_for, farsta, bromma, official, outsider):
    risk = make_risk(bromma, outsider, title="Brommas risk")
    assert client_for(official).get(
        reverse("risk:risk_detail", args=[risk.pk])).status_code == 404
    assert client_for(outsider).get(
        reverse("risk:risk_detail", args=[risk.pk])).status_code == 200
