"""Risks' part of ``manage.py seed_scale``: 10,000 risks (at scale 1) with their actions over
the units, inserted in bulk with the rows the services would write (a created historical
record per risk and action, levels inside the active matrix, accepted risks with the chief's
decision), deterministic from ``ctx.rng``. Runs after the organisation's and classification's
parts (it reads ``ctx.shared["members"]``)."""

from __future__ import annotations

import datetime as dt

from isms.bulk import keep_timestamps
from nämnder.models import Role, UnitKind

from . import matrix as risk_matrix
from .models import ActionStatus, Risk, RiskAction, RiskStatus, Treatment

RISKS = 10_000
BATCH = 2_000

THREATS = [
    "Obehörig åtkomst", "Avbrott hos leverantör", "Nätfiske", "Felaktig behörighet",
    "Dataförlust vid migrering", "Skadlig kod", "Felaktiga uppgifter i register",
    "Förlorad dator eller mobil", "Bristande loggning", "Utlämnande till fel mottagare",
]
OBJECTS = [
    "ärendesystemet", "skolplattformen", "lönesystemet", "e-tjänsten", "diariet",
    "personalakterna", "journalsystemet", "passersystemet", "molnlagringen", "kartdatabasen",
]


def _historical(model, obj, *, when, user_id):
    historical = model.history.model
    values = {f.attname: getattr(obj, f.attname) for f in historical.tracked_fields}
    return historical(history_date=when, history_user_id=user_id, history_type="+", **values)


def seed(*, ctx):
    rng, now = ctx.rng, ctx.now
    matrix = risk_matrix.load()
    units = sorted(
        (u for u in ctx.units.values() if u.kind != UnitKind.CITY and u.is_active),
        key=lambda u: u.short_name,
    )
    if not units:  # seed_scale runs once (nämnder.scale.is_seeded)
        return
    members = ctx.shared.get("members", {})
    likelihoods, consequences = matrix.likelihood_values, matrix.consequence_values
    today = now.date()
    risks, actions_per_risk = [], []
    for i in range(ctx.scaled(RISKS)):
        unit = units[i % len(units)]
        roles = members.get(unit.pk, {})
        people = roles.get(Role.OFFICIAL, []) + roles.get(Role.COORDINATOR, [])
        owner_id = rng.choice(people) if people else None
        chiefs = roles.get(Role.CHIEF, [])
        coordinators = roles.get(Role.COORDINATOR, [])
        lk, cq = rng.choice(likelihoods), rng.choice(consequences)
        residual = rng.random() < 0.6
        rl, rc = (max(1, lk - 1), cq) if residual else (None, None)
        status = rng.choices(
            [RiskStatus.IDENTIFIED, RiskStatus.IN_TREATMENT, RiskStatus.ACCEPTED,
             RiskStatus.CLOSED], [25, 45, 20, 10])[0]
        value = (rl * rc) if residual else lk * cq
        level = matrix.level_for(value)
        created = now - dt.timedelta(days=rng.randint(1, 900))
        risk = Risk(
            unit=unit, title=f"{rng.choice(THREATS)} – {rng.choice(OBJECTS)} ({i + 1})",
            threat="Bedömd i riskanalys.", owner_id=owner_id, inherent_likelihood=lk,
            inherent_consequence=cq, residual_likelihood=rl, residual_consequence=rc,
            treatment=Treatment.REDUCE if residual else rng.choice(
                [Treatment.ACCEPT, Treatment.TRANSFER, ""]),
            status=status, next_follow_up=today + dt.timedelta(days=rng.randint(-120, 365)),
            in_internal_control_plan=rng.random() < 0.2, created_at=created, updated_at=created,
            created_by_id=owner_id,
        )
        if risk.treatment in (Treatment.ACCEPT, Treatment.TRANSFER):
            risk.treatment_motivation = "Motiverat i riskanalysen."
        if status == RiskStatus.ACCEPTED:
            above = matrix.above_criterion(value)
            deciders = chiefs if above or not coordinators else coordinators
            risk.accepted_by_id = rng.choice(deciders) if deciders else None
            risk.accepted_at = created + dt.timedelta(days=30)
            risk.acceptance_motivation = "Kvarstående risk accepteras till nästa uppföljning."
            risk.accepted_level = level.name if level else str(value)
            risk.accepted_above_criterion = above
        risks.append(risk)
        actions_per_risk.append(rng.randint(0, 3) if residual else 0)
    with keep_timestamps(Risk, RiskAction):
        Risk.objects.bulk_create(risks, batch_size=BATCH)
    Risk.history.model.objects.bulk_create(
        [_historical(Risk, r, when=r.created_at, user_id=r.created_by_id) for r in risks],
        batch_size=BATCH,
    )
    actions = []
    for risk, n in zip(risks, actions_per_risk, strict=True):
        for _k in range(n):
            status = rng.choices(list(ActionStatus), [30, 30, 35, 5])[0]
            actions.append(RiskAction(
                risk=risk, description=f"Åtgärd för {risk.title}",
                responsible_id=risk.owner_id, status=status,
                due_date=today + dt.timedelta(days=rng.randint(-200, 300)),
                created_at=risk.created_at, updated_at=risk.created_at,
            ))
    with keep_timestamps(Risk, RiskAction):
        RiskAction.objects.bulk_create(actions, batch_size=BATCH)
    RiskAction.history.model.objects.bulk_create(
        [_historical(RiskAction, a, when=a.created_at, user_id=a.risk.created_by_id)
         for a in actions], batch_size=BATCH,
    )
    ctx.counts["risks"] = len(risks)
    ctx.counts["risk actions"] = len(actions)
    ctx.stdout.write(f"Risker: {len(risks)} risker och {len(actions)} åtgärder.")

