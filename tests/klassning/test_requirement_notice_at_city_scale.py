"""The "new requirements on your IT service" notice when many requirements arrive at once with
city-scale ids (found by ``seed_scale``): its de-duplication key grew with every item and its
id, and past 200 characters the approval that caused it failed."""

import pytest

from klassning import notifications as events
from klassning.models import ITService, Requirement, RequirementKind, ServiceRequirement
from notifieringar.models import Notification

pytestmark = pytest.mark.django_db


def test_many_new_requirements_with_long_ids_notify_the_owner_once(farsta, official, chief):
    service = ITService.objects.create(name="Delad tjänst", kind="system", unit=farsta,
                                       owner=official)
    requirements = list(Requirement.objects.filter(kind=RequirementKind.TECHNICAL))
    assert len(requirements) > 20
    items = ServiceRequirement.objects.bulk_create([
        ServiceRequirement(pk=1_000_000_000 + i, it_service=service, requirement=r)
        for i, r in enumerate(requirements)
    ])
    events.service_requirements_added(actor=chief, service=service, items=items)
    events.service_requirements_added(actor=chief, service=service, items=items)
    notice = Notification.objects.get(recipient=official)
    assert str(len(requirements)) in notice.body
