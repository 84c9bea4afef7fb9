"""Attack/review (issue 14): the form for a new action on a confidential incident shows the
incident's title (its content: the audit log hides it from whom may not read it), so opening it
is a read like the action's edit form."""

import pytest
from django.urls import reverse

from nämnder.models import Role
from sparbarhet.models import AuditEvent, EventKind
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db


@pytest.fixture
def confidential(farsta, chief, make_person):
    handler = make_person("handlaggare2.farsta", farsta, Role.OFFICIAL)
    incident = report(farsta, chief, description="Hemligt", title="Läckt elevregister")
    return update(incident, chief, handler=handler, confidential=True)


def test_the_new_action_form_of_a_confidential_incident_is_logged(
    client_for, confidential, coordinator
):
    response = client_for(coordinator).get(
        reverse("incidenter:action_create", args=[confidential.pk])
    )
    assert response.status_code == 200 and "Läckt elevregister" in response.content.decode()
    event = AuditEvent.objects.filter(kind=EventKind.READ).get()
    assert (event.object_type, event.object_id, event.actor_id) == (
        "incidenter.incident", confidential.pk, coordinator.pk
    )


def test_a_refused_new_action_form_logs_nothing(client_for, confidential, official):
    assert client_for(official).get(
        reverse("incidenter:action_create", args=[confidential.pk])
    ).status_code in (403, 404)
    assert not AuditEvent.objects.filter(kind=EventKind.READ).exists()
