"""Celery tasks: take ids, call a service."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="notifieringar.send_emails", max_retries=5, acks_late=True)
def send_notification_emails(self, notification_ids: list[int], retry: bool = True) -> int:
    """E-mail the given notifications that have not been sent (a rerun sends nothing twice).

    ``retry=False`` (the outbox sweep): on failure, leave them for the next sweep."""
    try:
        return services.notifications_send_email(notification_ids=notification_ids)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager or not retry:
            # Embedded default (no worker): never make the person who approved wait for
            # retries. The notifications stay unsent in the portal; the error is logged.
            logger.warning("Notiser kunde inte skickas med e-post: %s", exc)
            return 0
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)
