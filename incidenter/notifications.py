"""Texts of the incident notifications (sent through ``notifieringar.services.notify``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifieringar.services import notify

KIND_REPORTED = "incident_reported"
KIND_DEADLINE = "incident_deadline"


def incident_reported(*, incident, recipients) -> list[int]:
    """A quick report lands with the unit's samordnare. The text names no content: the
    incident may be marked confidential later, and e-mail leaves the portal."""
    return notify(
        recipients=recipients, kind=KIND_REPORTED,
        title=_("Ny incident rapporterad i %(unit)s") % {"unit": incident.unit.name},
        body=_(
            "En incident har rapporterats och väntar på att kompletteras och bedömas. "
            "Fristerna för anmälan till myndigheter (t.ex. 72 timmar till IMY för en "
            "personuppgiftsincident) räknas från upptäckten, %(discovered)s."
        ) % {"discovered": timezone.localtime(incident.discovered_at).strftime("%Y-%m-%d %H:%M")},
        link=reverse("incidenter:incident_detail", args=[incident.pk]), unit=incident.unit,
        dedupe_key=f"incident-rapporterad:{incident.pk}",
    )


def deadline_reminder(*, item, recipients, threshold: str, overdue: bool, remaining: str
                      ) -> list[int]:
    """Before a deadline and when it has passed; the obligation and the time, never the
    incident's content."""
    incident = item.incident
    deadline = timezone.localtime(item.deadline).strftime("%Y-%m-%d %H:%M")
    values = {"obligation": item.obligation.name, "authority": item.obligation.authority,
              "deadline": deadline, "remaining": remaining, "unit": incident.unit.name,
              "number": incident.pk}
    if overdue:
        title = _("Fristen har passerat: %(obligation)s (incident %(number)s)") % values
        body = _(
            "Fristen för %(obligation)s till %(authority)s för incident %(number)s i %(unit)s "
            "gick ut %(deadline)s. Skicka anmälan snarast och ange skälen till förseningen, "
            "eller bedöm att skyldigheten inte gäller och motivera det."
        ) % values
    else:
        title = _("%(remaining)s kvar: %(obligation)s (incident %(number)s)") % values
        body = _(
            "Fristen för %(obligation)s till %(authority)s för incident %(number)s i %(unit)s "
            "går ut %(deadline)s (om %(remaining)s). Skicka anmälan i tid, eller bedöm att "
            "skyldigheten inte gäller och motivera det."
        ) % values
    return notify(
        recipients=recipients, kind=KIND_DEADLINE, title=title, body=body,
        link=reverse("incidenter:incident_detail", args=[incident.pk]), unit=incident.unit,
        dedupe_key=f"incident-frist:{item.pk}:{threshold}:{int(item.deadline.timestamp())}",
    )
