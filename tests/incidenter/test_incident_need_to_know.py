"""Need-to-know: a confidential incident's content is seen by its handler, the unit's samordnare
and chef and people granted access; others in the unit and auditors see that it exists, its
dates and obligation status; other units get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter import selectors, services
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db

SECRET = "Hemlig beskrivning om en namngiven medarbetare"
TITLE = "Obehörig åtkomst av namngiven medarbetare"


@pytest.fixture
def confidential(farsta, chief, official, make_person):
    from nämnder.models import Role

    handler = make_person("handlaggare2.farsta", farsta, Role.OFFICIAL)
    incident = report(farsta, chief, description=SECRET, title=TITLE)
    return update(incident, chief, handler=handler, confidential=True)


@pytest.fixture
def granted(make_person, bromma, confidential, chief):
    person = make_person("dataskyddsombud", bromma)
    services.incident_grant(actor=chief, incident=confidential, username=person.username)
    return person


CONTENT = ["handler", "coordinator", "chief", "granted"]
EXISTENCE = ["official", "unit_auditor", "city_auditor", "security_function"]


def _person(request, persona, confidential):
    if persona == "handler":
        return confidential.handler
    return request.getfixturevalue(persona)


@pytest.mark.parametrize("persona", CONTENT)
def test_content_visible(request, client_for, confidential, persona):
    person = _person(request, persona, confidential)
    url = reverse("incidenter:incident_detail", args=[confidential.pk])
    page = client_for(person).get(url).content.decode()
    assert SECRET in page and TITLE in page
    listing = client_for(person).get(reverse("incidenter:incident_list")).content.decode()
    assert TITLE in listing


@pytest.mark.parametrize("persona", EXISTENCE)
def test_only_existence_visible(request, client_for, confidential, persona):
    person = _person(request, persona, confidential)
    client = client_for(person)
    response = client.get(reverse("incidenter:incident_detail", args=[confidential.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in page and TITLE not in page
    assert "Konfidentiell incident" in page
    assert "Anmälan av personuppgiftsincident" in page  # obligation status is shown
    assert timezone.localtime(confidential.discovered_at).strftime("%Y-%m-%d") in page
    listing = client.get(reverse("incidenter:incident_list")).content.decode()
    assert TITLE not in listing and "Konfidentiell incident" in listing
    export = client.get(reverse("incidenter:incident_list") + "?format=csv")
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert TITLE not in csv and "Konfidentiell incident" in csv
    deadlines = client.get(reverse("incidenter:deadlines")).content.decode()
    assert TITLE not in deadlines and "Konfidentiell incident" in deadlines
    # Searching or filtering by category does not reveal it either.
    found = client.get(reverse("incidenter:incident_list") + "?q=namngiven").content.decode()
    assert "Konfidentiell incident" not in found
    # And nothing can be changed.
    assert client.get(reverse("incidenter:incident_edit", args=[confidential.pk])
                      ).status_code == 403


def test_outsider_gets_404(client_for, confidential, outsider):
    client = client_for(outsider)
    assert client.get(reverse("incidenter:incident_detail", args=[confidential.pk])
                      ).status_code == 404
    assert "Konfidentiell" not in client.get(reverse("incidenter:incident_list")).content.decode()


def test_non_confidential_incident_content_for_the_unit(client_for, farsta, official,
                                                         unit_auditor, outsider):
    incident = report(farsta, official, description="Skrivaren på plan 3 är trasig.")
    url = reverse("incidenter:incident_detail", args=[incident.pk])
    assert "Skrivaren på plan 3" in client_for(unit_auditor).get(url).content.decode()
    assert client_for(outsider).get(url).status_code == 404


def test_selector_is_the_one_place(confidential, official, chief, granted):
    rows = {i.pk: i.content_visible for i in selectors.visible_incidents(official)}
    assert rows == {confidential.pk: False}
    assert selectors.visible_incidents(chief).get().content_visible
    assert selectors.visible_incidents(granted).get().content_visible


def test_only_role_holders_grant(confidential, official):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.incident_grant(actor=official, incident=confidential, username="chef.farsta")


def test_grant_is_written_to_the_timeline(confidential, granted):
    assert confidential.timeline.filter(text__contains=granted.username).exists()
