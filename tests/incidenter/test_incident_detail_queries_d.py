"""An incident's page reads its obligations, timeline, actions, links and history with a fixed
number of queries, however many links and changes it has, and shows them; who may see the
incident and its content is unchanged (a confidential incident's content only to its unit's
samordnare and chef, its handler and those granted it; another unit's incident is 404)."""

import pytest
from django.urls import reverse

from incidenter import services
from tests.incidenter_helpers import report, update
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14  # session, person, permissions, memberships, the incident, its obligations,
# timeline, actions, links (one), its four histories and their people


def _busy(unit, actor, n):
    incident = report(unit, actor, title=f"Incident {n}")
    assets = [make_asset(unit, actor, name=f"Register {n}.{i}") for i in range(n)]
    it_services = [make_service(unit, actor, name=f"System {n}.{i}") for i in range(n)]
    for i in range(n):
        update(incident, actor, assets=assets[: i + 1], it_services=it_services[: i + 1],
               lessons_learned=f"Lärdom {n}.{i}")
        services.action_create(actor=actor, incident=incident, description=f"Åtgärd {n}.{i}")
    return incident


@pytest.mark.parametrize("person", ["coordinator", "chief", "security_function"])
def test_the_page_costs_the_same_however_busy_the_incident(
    person, request, client_for, farsta, coordinator, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(person))
    counts = []
    for n in (1, 4):
        incident = _busy(farsta, coordinator, n)
        url = reverse("incidenter:incident_detail", args=[incident.pk])
        client.get(url)  # warm the session
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = client.get(url)
        counts.append(len(queries.captured_queries))
        page = response.content.decode()
        for i in range(n):
            assert f"Register {n}.{i}" in page and f"System {n}.{i}" in page
            assert f"Åtgärd {n}.{i}" in page
        assert f"Lärdom {n}.{n - 1}" in page
    assert counts[0] == counts[1]


def test_who_sees_a_confidential_incident(client_for, farsta, coordinator, chief, official,
                                          outsider, security_function):
    incident = report(farsta, coordinator, title="Hemlig incident")
    update(incident, coordinator, confidential=True)
    url = reverse("incidenter:incident_detail", args=[incident.pk])
    for person in (coordinator, chief):
        assert "Hemlig incident" in client_for(person).get(url).content.decode()
    page = client_for(official).get(url).content.decode()
    assert "Hemlig incident" not in page and "Konfidentiell incident" in page
    assert client_for(outsider).get(url).status_code == 404
    services.incident_grant(actor=coordinator, incident=incident, username=outsider.username)
    assert "Hemlig incident" in client_for(outsider).get(url).content.decode()
    services.incident_grant(actor=coordinator, incident=incident, username=official.username)
    assert "Hemlig incident" in client_for(official).get(url).content.decode()
