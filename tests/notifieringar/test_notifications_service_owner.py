"""A new technical requirement notifies the IT service's owner (riktlinje point 8): one
notification and one e-mail for what one approval adds, none for a recompute that adds nothing,
none for a service without an owner."""

import pytest
from django.core import mail

from klassning import services
from notifieringar.models import Notification, NotificationKind
from nämnder.models import Role
from tests.handover_helpers import build
from tests.klassning_helpers import approved, make_asset, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_person, bromma):
    person = make_person("forvaltare.bromma", bromma, Role.OFFICIAL)
    person.email = "forvaltare@example.se"
    person.save(update_fields=["email"])
    return person


def test_owner_is_told_once_of_the_requirements_an_approval_adds(
    farsta, bromma, official, chief, make_person, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handover = build(
            farsta=farsta, bromma=bromma, official=official, chief=chief,
            make_person=make_person, owner=owner,
        )
    notes = Notification.objects.filter(recipient=owner, kind=NotificationKind.REQUIREMENT_ADDED)
    assert notes.count() == 1
    note = notes.get()
    assert "Skolplattformen" in note.title and "K-09" in note.body
    assert note.link == f"/it-tjanster/{handover.service.pk}/"
    assert [m.to for m in mail.outbox if "Skolplattformen" in m.subject] == [[owner.email]]

    # Recomputing with nothing new tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.plans_recompute_for_service(actor=chief, service=handover.service)
    assert notes.count() == 1


def test_service_without_owner_notifies_nobody(farsta, official, chief):
    service = make_service(farsta, chief, name="Utan ägare", user_units=[farsta])
    approved(make_asset(farsta, official, name="Akter", it_services=[service]), official, chief,
             {"K": 2, "R": 1, "T": 1, "S": 1})
    assert not Notification.objects.filter(kind=NotificationKind.REQUIREMENT_ADDED).exists()
