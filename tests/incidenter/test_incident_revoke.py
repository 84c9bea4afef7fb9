"""Taking back a person's access to a confidential incident: the handler's side (samordnare,
chef) sees who was granted and removes them; the person no longer sees the content."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(chief, farsta, outsider):
    incident = services.incident_quick_report(
        actor=chief, unit=farsta, description="Rör en namngiven medarbetare.",
        discovered_at=timezone.now() - dt.timedelta(hours=1),
    )
    incident = services.incident_update(
        actor=chief, incident=incident, expected_version=incident.version, confidential=True,
    )
    services.incident_grant(actor=chief, incident=incident, username=outsider.username)
    return incident


def test_chief_sees_the_grant_and_takes_it_back(client_for, chief, outsider, secret):
    detail = reverse("incidenter:incident_detail", args=[secret.pk])
    assert "Rör en namngiven medarbetare" in client_for(outsider).get(detail).content.decode()

    page = client_for(chief).get(detail).content.decode()
    revoke = reverse("incidenter:incident_revoke", args=[secret.pk, outsider.pk])
    assert revoke in page and f"Ta bort behörigheten för {outsider.username}" in page

    response = client_for(chief).post(revoke)
    assert response.status_code == 302
    assert revoke not in client_for(chief).get(detail).content.decode()
    # The outsider (another unit) no longer reaches it at all; the timeline says who removed it.
    assert client_for(outsider).get(detail).status_code == 404
    timeline = client_for(chief).get(detail).content.decode()
    assert "har inte längre behörighet att se incidenten" in timeline


def test_revoking_someone_not_granted_is_404(client_for, chief, official, secret):
    revoke = reverse("incidenter:incident_revoke", args=[secret.pk, official.pk])
    assert client_for(chief).post(revoke).status_code == 404


def test_a_granted_reader_cannot_revoke_their_own_or_others_access(client_for, outsider, secret):
    revoke = reverse("incidenter:incident_revoke", args=[secret.pk, outsider.pk])
    assert client_for(outsider).post(revoke).status_code == 403
