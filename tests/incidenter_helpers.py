"""Scenario builders for the incident tests (through the services)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from incidenter import services
from incidenter.models import Applicability, IncidentObligation

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def report(unit, actor, *, description="En e-post med personuppgifter skickades fel.",
           discovered_at=None, **extra):
    return services.incident_quick_report(
        actor=actor, unit=unit, description=description,
        discovered_at=discovered_at or timezone.now() - dt.timedelta(hours=1), **extra,
    )


def update(incident, actor, **fields):
    incident.refresh_from_db()
    return services.incident_update(actor=actor, incident=incident,
                                    expected_version=incident.version, **fields)


def obligation(incident, code) -> IncidentObligation:
    return IncidentObligation.objects.select_related("obligation", "incident").get(
        incident=incident, obligation__code=code)


def set_obligation(incident, code, actor, **fields):
    item = obligation(incident, code)
    return services.obligation_update(actor=actor, item=item, expected_version=item.version,
                                      **fields)


CYBER = ("csl-tidig-varning", "csl-incidentanmalan", "csl-slutrapport")


def assess_all_not_applicable(incident, actor, codes=("gdpr-art33", *CYBER)):
    for code in codes:
        set_obligation(incident, code, actor, applies=Applicability.NOT_APPLICABLE,
                       motivation="Bedömd: gäller inte.")
