"""The quick report: any member of staff files it; it lands with the unit's samordnare."""

import pytest
from django.urls import reverse

from incidenter.models import Incident, IncidentStatus
from notifieringar.models import Notification

pytestmark = pytest.mark.django_db

URL = reverse("incidenter:quick_report")


def _data(unit_, **extra):
    return {"unit": unit_.pk, "description": "Jag klickade på en länk i ett konstigt mejl.",
            "discovered_at": "2026-03-28T10:00", "contact": "070-123 45 67", **extra}


@pytest.mark.parametrize("role", ["official", "unit_auditor"])
def test_plain_member_files_a_report_that_lands_with_the_samordnare(
        request, client_for, farsta, coordinator, role, django_capture_on_commit_callbacks):
    member = request.getfixturevalue(role)
    client = client_for(member)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(farsta))
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.reported_by == member and incident.status == IncidentStatus.REPORTED
    assert incident.obligations.count() == 4
    note = Notification.objects.get(recipient=coordinator)
    assert note.kind == "incident_reported"
    assert note.link == reverse("incidenter:incident_detail", args=[incident.pk])
    assert incident.history.get().history_user == member


def test_samordnare_does_not_notify_themselves(client_for, farsta, coordinator):
    client_for(coordinator).post(URL, _data(farsta))
    assert not Notification.objects.filter(recipient=coordinator).exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("description", "", "Detta fält måste fyllas i."),
    ("discovered_at", "igår", "Fyll i ett giltigt datum/tid."),
    ("discovered_at", "2099-01-01T10:00", "Upptäcktstiden kan inte ligga i framtiden."),
    ("discovered_at", "2026-03-29T02:30", "kunde inte tolkas"),  # the spring gap
    ("description", "Hej\x01", "otillåtna styrtecken"),
    ("unit", "99999999999999999999", "Välj ett giltigt alternativ"),
    ("contact", "x" * 300, "som mest 200 tecken"),
])
def test_bad_input_gives_a_swedish_error_never_500(client_for, farsta, official, field, value,
                                                   message):
    response = client_for(official).post(URL, _data(farsta, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_other_unit_is_not_a_choice(client_for, farsta, bromma, official):
    response = client_for(official).post(URL, _data(bromma))
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_security_function_reports_in_any_unit(client_for, farsta, security_function):
    response = client_for(security_function).post(URL, _data(farsta))
    assert response.status_code == 302
    assert Incident.objects.get().unit == farsta


def test_person_without_unit_may_not_report(client_for, make_person):
    assert client_for(make_person("utan.enhet")).get(URL).status_code == 403
