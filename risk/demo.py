"""Demo risks for ``manage.py seed_demo`` (idempotent): a handful of realistic municipal risks
per demo unit, some accepted by the chief, some with overdue actions. Through the services with
the demo users as actors, so the history shows who did what."""

from __future__ import annotations

import datetime as dt

from isms.dates import local_today
from klassning.models import Aspect, InformationAsset, ITService

from . import services
from .models import ActionStatus, Risk, RiskStatus, ScopeKind, Treatment

# (unit, title, threat, vulnerability, aspects, (L, C), (residual L, C) or None, treatment,
#  motivation, asset or service name, actions [(description, days from today, status)],
#  accept by chief?)
RISKS = [
    ("farsta", "Obehörig åtkomst till akter inom ekonomiskt bistånd",
     "Medarbetare eller utomstående tar del av sekretessbelagda uppgifter.",
     "Behörigheter följs inte upp när medarbetare byter uppdrag.", "KS", (3, 4), (2, 4),
     Treatment.REDUCE, "", "Ekonomiskt bistånd",
     [("Inför kvartalsvis behörighetsuppföljning i Procapita.", -30, ActionStatus.IN_PROGRESS),
      ("Logganalys av åtkomst till skyddade personuppgifter.", 60, ActionStatus.PLANNED)],
     True),
    ("farsta", "Avbrott i skolplattformen under terminsstart",
     "Leverantörens driftstörning eller överbelastning.", "Ingen reservrutin för närvaro.",
     "T", (3, 3), (2, 2), Treatment.REDUCE, "", "Skolplattformen förskola",
     [("Ta fram reservrutin för närvarorapportering på papper.", -10, ActionStatus.PLANNED)],
     False),
    ("farsta", "Nätfiske mot medarbetare i förskolan",
     "Riktade nätfiskeförsök via e-post.", "Låg medvetenhet, delade konton på surfplattor.",
     "KR", (4, 2), None, Treatment.ACCEPT,
     "Utbildning pågår i hela staden; resterande risk bedöms som låg för verksamheten.",
     None, [], False),
    ("bromma", "Felaktiga beslut i bygglovsärenden",
     "Handläggare arbetar i fel version av ett ärende.", "Bristande versionshantering.",
     "R", (2, 3), (1, 3), Treatment.REDUCE, "", "Bygglovsärenden",
     [("Utbilda handläggare i versionshantering.", 45, ActionStatus.PLANNED)], False),
    ("bromma", "Leverantör lämnar ut uppgifter till underleverantör utan avtal",
     "Underbiträde anlitas utan personuppgiftsbiträdesavtal.", "Avtalet saknar krav på "
     "godkännande av underbiträden.", "K", (2, 4), (2, 3), Treatment.TRANSFER,
     "Krav på godkännande av underbiträden förs in i avtalet vid förlängning.", None,
     [("Omförhandla personuppgiftsbiträdesavtalet.", -60, ActionStatus.IN_PROGRESS)], True),
]

ACTORS = {"farsta": "samordnare.farsta", "bromma": "handlaggare.bromma"}
CHIEFS = {"farsta": "chef.farsta", "bromma": "chef.bromma"}


def _analysis(unit, actor):
    return services.analysis_create(
        actor=actor, unit=unit, title="Årlig riskanalys informationssäkerhet",
        analysed_on=local_today() - dt.timedelta(days=40), scope_kind=ScopeKind.PROCESS,
        scope_description="Verksamhetens informationshantering inför internkontrollplanen.",
        method="Workshop enligt MSB:s metodstöd", participants="Samordnare\nEnhetschefer",
    )


def seed(*, units, users, stdout):
    created = 0
    aspects = {a.code: a for a in Aspect.objects.all()}
    analyses = {}
    for (short, title, threat, vuln, aspect_codes, (lk, cq), residual, treatment, motivation,
         target, actions, accept) in RISKS:
        unit = units.get(short)
        actor = users.get(ACTORS[short]) or users.get(CHIEFS[short])
        if unit is None or actor is None or Risk.objects.filter(unit=unit, title=title).exists():
            continue
        if short not in analyses:
            analyses[short] = _analysis(unit, actor)
        assets = list(InformationAsset.objects.filter(unit=unit, name=target)) if target else []
        its = list(ITService.objects.filter(unit=unit, name=target)) if target else []
        risk = services.risk_create(
            actor=actor, unit=unit, analysis=analyses[short], title=title, threat=threat,
            vulnerability=vuln, consequence_description="Se hot och sårbarhet.",
            aspects=[aspects[c] for c in aspect_codes if c in aspects], information_assets=assets,
            it_services=its, owner=users.get(CHIEFS[short]), inherent_likelihood=lk,
            inherent_consequence=cq, treatment=treatment, treatment_motivation=motivation,
            residual_likelihood=residual[0] if residual else None,
            residual_consequence=residual[1] if residual else None,
            status=RiskStatus.IN_TREATMENT if actions else RiskStatus.IDENTIFIED,
            next_follow_up=local_today() + dt.timedelta(days=-15 if accept else 90),
            in_internal_control_plan=accept,
        )
        for description, days, status in actions:
            services.action_create(
                actor=actor, risk=risk, description=description, responsible=actor,
                due_date=local_today() + dt.timedelta(days=days), status=status,
            )
        if accept and CHIEFS[short] in users:
            services.risk_accept(
                actor=users[CHIEFS[short]], risk=risk, expected_version=risk.version,
                motivation="Beslut i ledningsgruppen: kvarstående risk accepteras till nästa "
                           "uppföljning.",
            )
        created += 1
    stdout.write(f"Risker: {created} nya risker i demodata.")
