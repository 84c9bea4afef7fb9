"""The yearly report's incident section: incidents discovered during the year per category
and month, and the legal notifications that fell due, on time or late with the reasons.
Registered in ``IncidenterConfig.ready()`` (order 50, replacing the placeholder "incidenter").

The report is read by everyone who sees the unit (auditors too), so a confidential incident is
counted (in its own row, not under its category) and its notifications listed by number and
dates only: never its title, category or the reason given for a late notification.
"""

from __future__ import annotations

from django.db.models import Count, F, Min, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from isms.aggregates import per_unit
from isms.dates import year_bounds
from isms.plugins import SummaryPart

from .models import Applicability, Incident, IncidentObligation

CHUNK = 500


def _incidents(year: int):
    start, end = year_bounds(year)
    return Incident.objects.filter(discovered_at__gte=start, discovered_at__lt=end)


def _categories(incidents) -> list[dict]:
    rows = list(
        incidents.filter(confidential=False).values("category__name")
        .annotate(n=Count("id")).order_by("category__order", "category__name")
    )
    out = [{"name": r["category__name"] or _("Ej kategoriserad"), "n": r["n"]} for r in rows]
    confidential = incidents.filter(confidential=True).count()
    if confidential:
        out.append({"name": _("Konfidentiella (kategori redovisas inte)"), "n": confidential})
    return out


def _months(incidents) -> list[int]:
    counts = dict(
        incidents.annotate(m=ExtractMonth("discovered_at")).values("m")
        .annotate(n=Count("id")).values_list("m", "n")
    )
    return [counts.get(m, 0) for m in range(1, 13)]


def _notifications(incidents, now):
    """Applicable obligations of the year's incidents: sent on time, sent late, or not sent
    (with its deadline passed)."""
    return IncidentObligation.objects.filter(
        incident__in=incidents, applies=Applicability.APPLIES,
    ).filter(Q(sent_at__isnull=False) | Q(deadline__lt=now))


def _notification_rows(qs):
    hidden = _("Konfidentiell incident")
    for row in qs.order_by("deadline", "pk").values(
        "incident_id", "incident__title", "incident__confidential", "obligation__name",
        "obligation__authority", "deadline", "sent_at", "late_reason",
    ).iterator(chunk_size=CHUNK):
        confidential = row["incident__confidential"]
        if confidential:
            row["incident__title"] = hidden
            row["late_reason"] = _("(konfidentiellt)") if row["late_reason"] else ""
        sent = row["sent_at"]
        row["outcome"] = (
            _("Ej skickad") if sent is None
            else _("I tid") if sent <= row["deadline"] else _("Sen")
        )
        row["late"] = sent is None or sent > row["deadline"]
        yield row


def _timing(qs) -> dict:
    return qs.aggregate(
        on_time=Count("id", filter=Q(sent_at__isnull=False, sent_at__lte=F("deadline"))),
        late=Count("id", filter=Q(sent_at__gt=F("deadline"))),
        unsent=Count("id", filter=Q(sent_at__isnull=True)),
    )


def notification_deadlines(*, year: int, unit_ids, now):
    """The earliest deadline after ``now`` of an applicable notification not sent yet (the
    year's incidents of ``unit_ids``): the moment :func:`unit_counts` next changes by the clock
    alone (such a notification then counts as late). None when there is none. One query."""
    return IncidentObligation.objects.filter(
        incident__in=_incidents(year).filter(unit_id__in=unit_ids),
        applies=Applicability.APPLIES, sent_at__isnull=True, deadline__gte=now,
    ).aggregate(first=Min("deadline"))["first"]


def unit_counts(*, incidents=None, notifications=None, year: int | None = None, now=None,
                unit_ids=None) -> tuple[dict, dict]:
    """Per unit: ``{id: {"n"}}`` incidents discovered during the year and ``{id: {"on_time",
    "late"}}`` its legal notifications that fell due (late: sent late, or not sent by the
    deadline). Two grouped queries; the city report's summary and the dashboards
    (``incidenter.dashboard``) share this one definition."""
    now = now or timezone.now()
    if incidents is None:
        incidents = _incidents(year)
        if unit_ids is not None:
            incidents = incidents.filter(unit_id__in=unit_ids)
    if notifications is None:
        notifications = _notifications(incidents, now)
    counts = per_unit(incidents, "unit_id", n=Count("id"))
    timing = per_unit(
        notifications, "incident__unit_id",
        on_time=Count("id", filter=Q(sent_at__isnull=False, sent_at__lte=F("deadline"))),
        late=Count("id", filter=Q(sent_at__gt=F("deadline")) | Q(sent_at__isnull=True)),
    )
    return counts, timing


def incident_section(*, unit, year: int, units=None) -> dict:
    now = timezone.now()
    incidents = _incidents(year)
    if unit is not None:
        incidents = incidents.filter(unit_id=unit.pk)
        notifications = _notifications(incidents, now)
        return {
            "is_city": False,
            "total": incidents.count(),
            "confidential": incidents.filter(confidential=True).count(),
            "categories": _categories(incidents),
            "months": _months(incidents),
            "timing": _timing(notifications),
            "notifications": _notification_rows(notifications),
        }
    units = list(units or [])
    notifications = _notifications(incidents, now)
    counts, timing = unit_counts(incidents=incidents, notifications=notifications)
    summary = SummaryPart(columns=[_("Incidenter"), _("Anmälningar i tid"),
                                   _("Anmälningar sena/ej skickade")])
    totals = [0, 0, 0]
    for u in units:
        values = [counts.get(u.pk, {}).get("n", 0), timing.get(u.pk, {}).get("on_time", 0),
                  timing.get(u.pk, {}).get("late", 0)]
        summary.rows[u.pk] = values
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    summary.totals = totals
    return {
        "is_city": True,
        "total": incidents.count(),
        "confidential": incidents.filter(confidential=True).count(),
        "categories": _categories(incidents),
        "months": _months(incidents),
        "timing": _timing(notifications),
        "notifications": _notification_rows(notifications.filter(
            Q(sent_at__gt=F("deadline")) | Q(sent_at__isnull=True))),
        "summary": summary,
    }
