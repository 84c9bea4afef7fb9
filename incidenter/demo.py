"""Demo incidents for ``manage.py seed_demo`` (idempotent, through the services): a personal
data breach notified to IMY on time, a phishing attempt under investigation with its clocks
running, a closed supplier outage, and a confidential incident."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import (
    ActionStatus,
    Applicability,
    Incident,
    IncidentCategory,
    IncidentStatus,
    SeverityLevel,
)

MARK = "[demo]"


def _report(*, unit, actor, title, description, discovered_at, contact=""):
    incident = services.incident_quick_report(
        actor=actor, unit=unit, description=description, discovered_at=discovered_at,
        contact=contact, title=f"{title} {MARK}",
    )
    return incident


def _set(incident, actor, **fields):
    return services.incident_update(actor=actor, incident=incident,
                                    expected_version=incident.version, **fields)


def _obligation(incident, code, actor, **fields):
    item = incident.obligations.get(obligation__code=code)
    return services.obligation_update(actor=actor, item=item, expected_version=item.version,
                                      **fields)


def _not_applicable(incident, actor, codes, motivation):
    for code in codes:
        _obligation(incident, code, actor, applies=Applicability.NOT_APPLICABLE,
                    motivation=motivation)


def seed(*, units, users, stdout):
    if Incident.objects.filter(title__endswith=MARK).exists():
        stdout.write("Incidenter: demodata finns redan.")
        return
    farsta, bromma = units["farsta"], units["bromma"]
    official, coordinator = users["handlaggare.farsta"], users["samordnare.farsta"]
    chief = users["chef.farsta"]
    now = timezone.now()
    cat = {c.code: c for c in IncidentCategory.objects.all()}
    sev = {s.value: s for s in SeverityLevel.objects.all()}
    cyber = ["csl-tidig-varning", "csl-incidentanmalan", "csl-slutrapport"]

    # 1. A personal data breach: an e-mail with a client's case sent to the wrong recipient,
    #    notified to IMY within 72 hours, closed with lessons learned.
    discovered = now - dt.timedelta(days=40)
    breach = _report(
        unit=farsta, actor=official, title="Utredning skickad till fel mottagare",
        description="En utredning om ekonomiskt bistånd skickades med e-post till fel "
                    "mottagare (samma efternamn).",
        discovered_at=discovered, contact="08-508 00 000",
    )
    breach = _set(
        breach, coordinator, category=cat["felskickad-information"], severity=sev[3],
        affects_confidentiality=True, handler=coordinator, status=IncidentStatus.RESOLVED,
        data_subjects="1 sökande och 2 barn", records_affected="1 utredning (ca 12 sidor)",
        consequences="Känsliga uppgifter om ekonomi och familjeförhållanden röjda för en "
                     "obehörig person.",
        measures="Mottagaren har bekräftat att e-posten raderats. Den registrerade informerad.",
        root_cause="Autokomplettering av e-postadress.",
        lessons_learned="Stäng av autokomplettering för externa adresser; använd säker e-post.",
    )
    _obligation(breach, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                sent_at=discovered + dt.timedelta(hours=30), authority_reference="IMY-2026-1234")
    _not_applicable(breach, coordinator, cyber,
                    "Ingen betydande incident enligt cybersäkerhetslagen: en felskickad e-post.")
    services.action_create(actor=coordinator, incident=breach,
                           description="Stäng av autokomplettering för externa adresser.",
                           responsible="It-avdelningen", status=ActionStatus.DONE)
    breach.refresh_from_db()
    services.incident_close(actor=coordinator, incident=breach, expected_version=breach.version)

    # 2. Phishing under investigation: clocks running (discovered 20 hours ago).
    phishing = _report(
        unit=farsta, actor=official, title="Nätfiske mot lönehandläggare",
        description="Flera medarbetare fick e-post som liknade lönesystemets inloggning. En "
                    "medarbetare angav sina uppgifter.",
        discovered_at=now - dt.timedelta(hours=20),
    )
    _set(phishing, coordinator, category=cat["natfiske"], severity=sev[2],
         affects_confidentiality=True, affects_integrity=True, handler=coordinator,
         status=IncidentStatus.INVESTIGATING)

    # 3. A confidential incident: concerns a named employee's access to protected data.
    confidential = _report(
        unit=farsta, actor=chief, title="Misstänkt obehörig åtkomst till skyddade uppgifter",
        description="Loggkontroll visar att en namngiven medarbetare öppnat akter med skyddade "
                    "personuppgifter utan koppling till sina ärenden.",
        discovered_at=now - dt.timedelta(days=3),
    )
    _set(confidential, chief, category=cat["obehorig-atkomst"], severity=sev[3],
         affects_confidentiality=True, handler=coordinator, confidential=True,
         status=IncidentStatus.INVESTIGATING)

    # 4. Bromma: a supplier's outage, just reported.
    _report(
        unit=bromma, actor=users["handlaggare.bromma"], title="Driftavbrott hos leverantör",
        description="Ärendehanteringssystemet för stadsmiljö gick inte att nå under fyra "
                    "timmar på grund av ett avbrott hos leverantören.",
        discovered_at=now - dt.timedelta(hours=5),
    )
    stdout.write("Incidenter: 4 demoincidenter (en konfidentiell, en anmäld till IMY).")
