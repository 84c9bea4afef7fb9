"""Incidents for ``manage.py seed_scale``: 5,000 incidents over three years (at scale 1), with
their reporting obligations, deterministic through ``ctx.rng``, inserted in bulk with one
historical record each (as the services would have written)."""

from __future__ import annotations

import datetime as dt

from nämnder.models import Role, UnitKind

from .deadlines import add_duration
from .models import (
    Applicability,
    Incident,
    IncidentCategory,
    IncidentObligation,
    IncidentStatus,
    ReportingObligation,
    SeverityLevel,
)
from .services.next_deadline import next_deadline_refresh

BATCH = 1000
INCIDENTS = 5000
DAYS = 3 * 365


def _historical(model, obj, *, when, user_id):
    historical = model.history.model
    values = {f.attname: getattr(obj, f.attname) for f in historical.tracked_fields}
    return historical(history_date=when, history_user_id=user_id, history_type="+", **values)


def seed(*, ctx) -> None:
    rng, now = ctx.rng, ctx.now
    units = sorted((u for u in ctx.units.values() if u.kind != UnitKind.CITY and u.is_active),
                   key=lambda u: u.short_name)
    if not units:
        return
    members = ctx.shared.get("members", {})
    categories = list(IncidentCategory.objects.filter(is_active=True))
    severities = list(SeverityLevel.objects.all())
    obligations = list(ReportingObligation.objects.filter(is_active=True).order_by("order"))
    statuses = [IncidentStatus.CLOSED] * 6 + [IncidentStatus.RESOLVED, IncidentStatus.INVESTIGATING,
                                                IncidentStatus.REPORTED]
    incidents, people = [], []
    for n in range(ctx.scaled(INCIDENTS)):
        unit = rng.choice(units)
        discovered = now - dt.timedelta(days=rng.uniform(0, DAYS))
        status = rng.choice(statuses) if discovered < now - dt.timedelta(days=30) else \
            rng.choice([IncidentStatus.REPORTED, IncidentStatus.INVESTIGATING])
        staff = members.get(unit.pk, {})
        handler = rng.choice(staff.get(Role.COORDINATOR) or staff.get(Role.OFFICIAL) or [None])
        reporter = rng.choice(staff.get(Role.OFFICIAL) or [None])
        category = rng.choice(categories) if categories else None
        incidents.append(Incident(
            unit=unit, title=f"Incident {n + 1}: {category.name.lower() if category else ''}",
            description="Skapad för prestandamätning.", discovered_at=discovered,
            occurred_at=discovered - dt.timedelta(hours=rng.randint(0, 48)),
            category=category, severity=rng.choice(severities) if severities else None,
            affects_confidentiality=rng.random() < 0.6, affects_availability=rng.random() < 0.3,
            handler_id=handler, reported_by_id=reporter, status=status,
            confidential=rng.random() < 0.05,
            lessons_learned="Genomgånget." if status == IncidentStatus.CLOSED else "",
            closed_at=discovered + dt.timedelta(days=20) if status == IncidentStatus.CLOSED
            else None,
        ))
        people.append(reporter)
    Incident.objects.bulk_create(incidents, batch_size=BATCH)
    Incident.history.model.objects.bulk_create(
        [_historical(Incident, i, when=i.discovered_at, user_id=p)
         for i, p in zip(incidents, people, strict=True)], batch_size=BATCH)

    rows = []
    for incident in incidents:
        personal = incident.affects_confidentiality and rng.random() < 0.4
        by_code = {}
        for obligation in obligations:
            cyber = obligation.cyber_security_act
            predecessor = by_code.get(obligation.follows_id)
            anchor = incident.discovered_at
            if predecessor is not None:
                anchor = predecessor.sent_at or predecessor.deadline
            item = IncidentObligation(
                incident=incident, obligation=obligation,
                deadline=add_duration(anchor, hours=obligation.duration_hours,
                                      months=obligation.duration_months),
            )
            applies = (personal and not cyber) or (cyber and rng.random() < 0.03)
            if incident.status == IncidentStatus.REPORTED and rng.random() < 0.7:
                item.applies = Applicability.UNASSESSED
            elif applies:
                item.applies = Applicability.APPLIES
                if item.deadline < now or incident.status == IncidentStatus.CLOSED:
                    late = rng.random() < 0.1
                    item.sent_at = item.deadline + dt.timedelta(hours=rng.randint(1, 30)) \
                        if late else item.deadline - dt.timedelta(hours=rng.randint(1, 20))
                    item.sent_at = max(item.sent_at, incident.discovered_at)
                    item.authority_reference = f"REF-{incident.pk}-{obligation.pk}"
                    item.late_reason = "Bedömningen tog längre tid än väntat." \
                        if item.sent_at > item.deadline else ""
            else:
                item.applies = Applicability.NOT_APPLICABLE
                item.motivation = "Bedömd: skyldigheten gäller inte."
            by_code[obligation.pk] = item
            rows.append(item)
    IncidentObligation.objects.bulk_create(rows, batch_size=BATCH)
    IncidentObligation.history.model.objects.bulk_create(
        [_historical(IncidentObligation, o, when=o.incident.discovered_at,
                     user_id=o.incident.handler_id) for o in rows], batch_size=BATCH)
    # The nearest open deadline kept on each incident, as the services keep it.
    next_deadline_refresh(incident_ids=[i.pk for i in incidents])
    ctx.counts["incidenter"] = len(incidents)
    ctx.counts["anmälningsskyldigheter för incidenter"] = len(rows)
