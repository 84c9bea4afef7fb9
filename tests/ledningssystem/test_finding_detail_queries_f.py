"""A finding's page names its audit and unit in the history from the finding itself (loaded
with it): a fixed, small number of queries whatever the finding's actions and changes."""

import datetime as dt

import pytest
from django.urls import reverse

from isms.dates import local_today
from ledningssystem import services
from ledningssystem.models import Audit, AuditKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 15])
def test_finding_detail_at_any_size(n, farsta, chief, client_for, django_assert_max_num_queries):
    today = local_today()
    audit = Audit.objects.create(kind=AuditKind.INTERNAL, title="Granskning av Farsta",
                                 unit=farsta, auditor="Revisionskontoret", scope="Allt",
                                 period_start=today, period_end=today)
    audit.units.set([farsta])
    finding = services.finding_create(actor=chief, audit=audit, unit=farsta,
                                      title="Brist i behörigheter", description="Text",
                                      severity="high", reference="")
    for i in range(n):
        services.action_create(actor=chief, finding=finding, description=f"Åtgärd {i}",
                               owner="Samordnaren", due_date=today + dt.timedelta(days=i))
    client = client_for(chief)
    url = reverse("ledningssystem:finding_detail", args=[finding.pk])
    client.get(url)  # warm caches (content types)
    # session, person, permissions, the header's roles; the page: the finding (its audit and
    # unit joined), its plan links, actions, and the three histories (finding, actions, plan
    # links), each with the records just before its window
    with django_assert_max_num_queries(10):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Granskning av Farsta" in body and farsta.name in body and f"Åtgärd {n - 1}" in body
