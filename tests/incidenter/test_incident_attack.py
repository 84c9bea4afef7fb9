"""Adversarial input and need-to-know probes of the incident pages: odd input gives a Swedish
form error (never a 500); nothing of a confidential incident's content reaches those who only
know that it exists."""

import pytest
from django.urls import reverse

from incidenter.forms import IncidentForm
from incidenter.models import Incident
from tests.incidenter_helpers import report

pytestmark = pytest.mark.django_db


def _edit_data(incident) -> dict:
    form = IncidentForm(instance=incident)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif hasattr(field.widget, "format_value") and name.endswith("_at"):
            data[name] = field.widget.format_value(value) or ""
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("field", ["assets", "it_services", "suppliers"])
@pytest.mark.parametrize("value", ["9" * 5000, "²", "99999999999999999999"])
def test_edit_with_odd_ids_in_a_multiple_choice_is_a_form_error(farsta, coordinator, client_for,
                                                                field, value):
    incident = report(farsta, coordinator)
    data = {**_edit_data(incident), field: [value]}
    response = client_for(coordinator).post(
        reverse("incidenter:incident_edit", args=[incident.pk]), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()
    incident.refresh_from_db()
    assert incident.version == 1 or not getattr(incident, field).exists()


@pytest.mark.parametrize("discovered_at", [
    "2026-03-29T02:30",  # the spring gap in Stockholm
    "2026-10-25T02:30",  # the ambiguous autumn hour
    "0001-01-01T00:00", "9999-12-31T23:59", "2026-13-01T00:00", "²026-01-01T00:00",
])
def test_quick_report_odd_times_never_500(farsta, official, client_for, discovered_at):
    response = client_for(official).post(reverse("incidenter:quick_report"), {
        "unit": farsta.pk, "description": "Något hände", "discovered_at": discovered_at,
        "contact": "",
    })
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Incident.objects.exists()


@pytest.mark.parametrize("at", ["0001-01-01T00:00", "9999-12-31T23:59", "2026-03-29T02:30"])
def test_timeline_odd_times_never_500(farsta, coordinator, client_for, at):
    incident = report(farsta, coordinator)
    response = client_for(coordinator).post(
        reverse("incidenter:timeline_add", args=[incident.pk]), {"at": at, "text": "Händelse"})
    assert response.status_code == 302


@pytest.mark.parametrize("field", ["discovered_at", "occurred_at"])
def test_edit_with_year_one_is_a_form_error(farsta, coordinator, client_for, field):
    incident = report(farsta, coordinator)
    data = {**_edit_data(incident), field: "0001-01-01T00:00"}
    response = client_for(coordinator).post(
        reverse("incidenter:incident_edit", args=[incident.pk]), data)
    assert response.status_code == 200
    assert "från år 1900" in response.content.decode()


@pytest.fixture
def secret_incident(farsta, chief):
    from incidenter.services import action_create
    from tests.incidenter_helpers import update

    incident = report(farsta, chief, description="Hemlig text om Kalle", title="Hemlig rubrik")
    incident = update(incident, chief, confidential=True)
    action_create(actor=chief, incident=incident, description="Hemlig åtgärd")
    return incident


def test_existence_only_reaches_no_content_page_by_id(client_for, official, secret_incident):
    """The obligation, action, summary and grant pages reached by id: 403 for someone who only
    knows that the incident exists, and no content in the XLSX export."""
    from incidenter.models import IncidentAction

    client = client_for(official)
    item = secret_incident.obligations.first()
    action = IncidentAction.objects.get(incident=secret_incident)
    for url in (reverse("incidenter:obligation_edit", args=[item.pk]),
                reverse("incidenter:obligation_summary", args=[item.pk]),
                reverse("incidenter:action_edit", args=[action.pk]),
                reverse("incidenter:action_create", args=[secret_incident.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Hemlig" not in response.content.decode()
    for url, data in (
        (reverse("incidenter:incident_grant", args=[secret_incident.pk]),
         {"username": official.username}),
        (reverse("incidenter:timeline_add", args=[secret_incident.pk]),
         {"at": "2026-01-01T10:00", "text": "x"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert not secret_incident.timeline.filter(text__contains=official.username).exists()
    xlsx = client.get(reverse("incidenter:incident_list") + "?format=xlsx")
    body = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "Hemlig" not in text and "Konfidentiell incident" in text


def test_a_granted_reader_cannot_grant_further(client_for, make_person, bromma, chief,
                                               secret_incident):
    from incidenter import services

    reader = make_person("granskare.bromma", bromma)
    third = make_person("tredje.bromma", bromma)
    services.incident_grant(actor=chief, incident=secret_incident, username=reader.username)
    client = client_for(reader)
    assert "Hemlig rubrik" in client.get(
        reverse("incidenter:incident_detail", args=[secret_incident.pk])).content.decode()
    response = client.post(reverse("incidenter:incident_grant", args=[secret_incident.pk]),
                           {"username": third.username})
    assert response.status_code == 403
    assert client_for(third).get(
        reverse("incidenter:incident_detail", args=[secret_incident.pk])).status_code == 404
