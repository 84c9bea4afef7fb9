"""The chief's start page answers "what must I do now" (issues 9 and 13): what waits and the key
figures against the city median; the registers' sections (heatmap, incidents per month,
prioritised IT services) are on the unit's dashboard, one link away. The incident panel's
obligation figures are the deadlines page's, for every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter import selectors as incident_selectors
from incidenter.models import IncidentObligation, IncidentStatus
from tests.incidenter_helpers import report
from tests.oversikt.test_oversikt_sections_c import _risk

pytestmark = pytest.mark.django_db


def test_start_page_links_to_the_sections_instead_of_showing_them(farsta, coordinator, chief,
                                                                  client_for):
    _risk(farsta, coordinator, "Hög kvar", residual=(4, 3))
    client = client_for(chief)
    start = client.get(reverse("start")).content.decode()
    unit_url = reverse("oversikt:unit", args=[farsta.pk])
    assert f"Nyckeltal: {farsta.name}" in start  # the figures against the median stay
    assert f'href="{unit_url}"' in start
    assert 'class="dashboard-section"' not in start
    unit_page = client.get(unit_url).content.decode()
    assert f'id="section-risk_heatmap-{farsta.pk}"' in unit_page


def _direct(user, now):
    """Straight from the definitions: open obligations of the incidents ``user`` may see."""
    visible = set(incident_selectors.visible_incidents(user).values_list("pk", flat=True))
    rows = [o for o in IncidentObligation.objects.select_related("incident")
            if o.incident_id in visible and o.sent_at is None and o.applies != "not_applicable"
            and o.incident.status != IncidentStatus.CLOSED]
    upcoming = [o.deadline for o in rows if o.deadline >= now]
    return {
        "overdue": sum(o.deadline < now for o in rows),
        "soon": sum(now <= o.deadline < now + dt.timedelta(hours=24) for o in rows),
        "nearest": min(upcoming) if upcoming else None,
    }


@pytest.mark.parametrize("persona", ["chief", "official", "security_function", "outsider"])
def test_incident_panel_counts_the_obligations_the_person_may_see(
        persona, request, farsta, bromma, official, security_function):
    now = timezone.now()
    report(farsta, official, discovered_at=now - dt.timedelta(hours=2))
    report(farsta, official, discovered_at=now - dt.timedelta(days=10))
    report(bromma, security_function, discovered_at=now - dt.timedelta(days=10))
    closed = report(farsta, official, discovered_at=now - dt.timedelta(days=20))
    type(closed).objects.filter(pk=closed.pk).update(status=IncidentStatus.CLOSED)
    user = request.getfixturevalue(persona)
    figures = incident_selectors.start_panel_figures(user=user, now=now)
    expected = _direct(user, now)
    assert {k: figures[k] for k in expected} == expected
    assert figures["open"] == incident_selectors.visible_incidents(user).exclude(
        status=IncidentStatus.CLOSED).count()
    if persona == "security_function":
        assert figures["overdue"] > 0 and figures["nearest"] is not None
