"""An incident's page costs the same number of queries however long its history is (each
obligation record read its incident and reporting obligation again), names its history's
records as before, and the deadlines page shows a confidential incident's title only to those
who may see its content."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter import services
from incidenter.models import Applicability
from tests.incidenter_helpers import CYBER, report, set_obligation, update

pytestmark = pytest.mark.django_db


def _busy(incident, actor, n):
    """``n`` rounds of work: obligations assessed back and forth, timeline entries, actions."""
    codes = ("gdpr-art33", *CYBER)
    for i in range(n):
        for code in codes:
            set_obligation(incident, code, actor, applies=Applicability.NOT_APPLICABLE
                           if i % 2 == 0 else Applicability.APPLIES,
                           motivation=f"Bedömning {i}")
        services.timeline_add(actor=actor, incident=incident, text=f"Händelse {i}",
                              at=timezone.now() - dt.timedelta(minutes=i))
        services.action_create(actor=actor, incident=incident, description=f"Åtgärd {i}")
    update(incident, actor, lessons_learned=f"Lärdom {n}")


@pytest.mark.parametrize("n", [1, 6])
def test_the_page_costs_the_same_whatever_its_history(
    n, client_for, farsta, coordinator, chief, django_assert_max_num_queries
):
    incident = report(farsta, coordinator, title="Felskickat mejl")
    _busy(incident, coordinator, n)
    for person in (coordinator, chief):
        client = client_for(person)
        client.get(reverse("incidenter:incident_list"))  # warm the session
        with django_assert_max_num_queries(24):
            response = client.get(reverse("incidenter:incident_detail", args=[incident.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        # The obligation records are named as the obligation's __str__ names them.
        assert "Felskickat mejl – " in page
        assert f"Händelse {n - 1}" in page and f"Åtgärd {n - 1}" in page


def test_deadlines_show_a_confidential_title_to_its_content_readers_only(
    client_for, farsta, coordinator, official, unit_auditor
):
    update(report(farsta, coordinator, title="Hemlig incident"), coordinator, confidential=True)
    report(farsta, coordinator, title="Vanlig incident")
    url = reverse("incidenter:deadlines")
    for person, sees in ((coordinator, True), (official, False), (unit_auditor, False)):
        page = client_for(person).get(url).content.decode()
        assert "Vanlig incident" in page
        assert ("Hemlig incident" in page) is sees, person
        assert ("Konfidentiell incident" in page) is not sees, person


def test_deadlines_of_another_unit_are_not_shown(client_for, farsta, coordinator, outsider,
                                                 security_function):
    report(farsta, coordinator, title="Farstas incident")
    assert "Farstas incident" not in client_for(outsider).get(
        reverse("incidenter:deadlines")).content.decode()
    assert "Farstas incident" in client_for(security_function).get(
        reverse("incidenter:deadlines")).content.decode()
