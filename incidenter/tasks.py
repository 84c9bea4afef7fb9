"""Celery tasks: load ids, call a service."""

from celery import shared_task

from . import services


@shared_task(name="incidenter.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Beat: reminders before each reporting deadline and when it has passed (once each)."""
    return services.reminders_send(obligation_ids=services.due_reminder_ids())
