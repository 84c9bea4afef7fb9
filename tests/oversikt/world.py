"""A Farsta with something waiting in every register, for the dashboard tests (through the
services, as the registers' own tests build theirs)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from isms.dates import local_today
from klassning import services as klassning_services
from klassning.models import UnitRequirement
from ledningssystem import services as ledning_services
from tests.incidenter_helpers import report
from tests.klassning_helpers import approved, draft, make_asset
from tests.ledningssystem.helpers import audit_with_finding, decided
from tests.risk_helpers import make_risk


def submitted(asset, actor, levels=None):
    c = draft(asset, actor, levels or {"K": 1, "R": 1, "T": 1, "S": 1})
    return klassning_services.classification_submit(
        actor=actor, classification=c, expected_version=c.version
    )


def build_farsta(*, farsta, official, coordinator, chief):
    """One approved and one submitted classification, an overdue plan requirement, a risk above
    the criterion, an incident whose deadlines are near, a steering document past review, a
    finding with an overdue action, and a staff count with no training done."""
    yesterday = local_today() - dt.timedelta(days=1)
    approved(make_asset(farsta, official, name="Elevregister"), official, chief,
             {"K": 2, "R": 1, "T": 1, "S": 1})
    submitted(make_asset(farsta, official, name="Personalakter"), official)
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).order_by("pk").first()
    UnitRequirement.objects.filter(pk=item.pk).update(due_date=yesterday)
    make_risk(farsta, coordinator, title="Dataläcka", likelihood=4, consequence=4)
    make_risk(farsta, coordinator, title="Liten risk", likelihood=1, consequence=1)
    report(farsta, official, discovered_at=timezone.now() - dt.timedelta(hours=60))
    decided(farsta, coordinator, next_review=yesterday)
    audit_with_finding(farsta, coordinator)
    ledning_services.staff_count_set(actor=coordinator, unit=farsta, year=local_today().year,
                                     count=10)
