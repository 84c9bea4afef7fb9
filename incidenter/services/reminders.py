"""Deadline reminders: before each deadline (``settings.INCIDENT_REMINDER_LEAD_HOURS``) and once
it has passed, to the incident's handler and the unit's samordnare, once per threshold.

The beat task (``incidenter.send_deadline_reminders``) loads the ids of the obligations that
have reached a threshold (:func:`due_reminder_ids`) and calls :func:`reminders_send`. Each
reminder is claimed by inserting a ``ReminderSent`` row (unique per obligation, threshold and
deadline) before notifying, in the same transaction: a rerun, a second worker or a redelivered
message finds the row and sends nothing. Thresholds passed together (the task did not run for
a day) give one reminder, the most urgent; the others are marked as passed. A changed deadline
(the discovery time was corrected) starts its own thresholds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import notifications, selectors
from ..deadlines import format_remaining
from ..models import IncidentObligation, ReminderSent

OVERDUE = "forsenad"


def lead_hours() -> list[int]:
    return sorted({int(h) for h in settings.INCIDENT_REMINDER_LEAD_HOURS if int(h) > 0},
                  reverse=True)


def thresholds_passed(deadline: dt.datetime, now: dt.datetime) -> list[str]:
    """Thresholds reached at ``now``, least urgent first: "fore-24h", "fore-4h", "forsenad"."""
    passed = [f"fore-{h}h" for h in lead_hours() if now >= deadline - dt.timedelta(hours=h)]
    if now >= deadline:
        passed.append(OVERDUE)
    return passed


def due_reminder_ids(*, now=None) -> list[int]:
    """Open obligations within the longest lead time of their deadline (or past it) that have
    not had a reminder for the most urgent threshold they have reached."""
    now = now or timezone.now()
    longest = max(lead_hours(), default=0)
    candidates = selectors.open_obligations().filter(
        deadline__lte=now + dt.timedelta(hours=longest)
    ).values_list("pk", "deadline")
    due = []
    sent = set(ReminderSent.objects.filter(
        incident_obligation_id__in=[pk for pk, _d in candidates]
    ).values_list("incident_obligation_id", "threshold", "deadline"))
    for pk, deadline in candidates:
        passed = thresholds_passed(deadline, now)
        if passed and (pk, passed[-1], deadline) not in sent:
            due.append(pk)
    return due


def _recipients(item: IncidentObligation) -> list:
    incident = item.incident
    people = {u.pk: u for u in selectors.coordinators_of(unit=incident.unit)}
    if incident.handler is not None:
        people[incident.handler.pk] = incident.handler
    return list(people.values())


def reminders_send(*, obligation_ids, now=None) -> int:
    """Send the due reminder of each obligation (at most one each); returns how many."""
    now = now or timezone.now()
    sent = 0
    items = selectors.open_obligations().filter(pk__in=list(obligation_ids)).select_related(
        "obligation", "incident", "incident__unit", "incident__handler")
    for item in items:
        passed = thresholds_passed(item.deadline, now)
        if not passed:
            continue
        try:
            with transaction.atomic():
                existing = set(ReminderSent.objects.filter(
                    Q(threshold__in=passed), incident_obligation=item, deadline=item.deadline,
                ).values_list("threshold", flat=True))
                if passed[-1] in existing:
                    continue
                ReminderSent.objects.bulk_create([
                    ReminderSent(incident_obligation=item, threshold=t, deadline=item.deadline)
                    for t in passed if t not in existing
                ])
                notifications.deadline_reminder(
                    item=item, recipients=_recipients(item), threshold=passed[-1],
                    overdue=passed[-1] == OVERDUE,
                    remaining=format_remaining(item.deadline - now),
                )
        except IntegrityError:
            continue  # another worker claimed it first
        sent += 1
    return sent
