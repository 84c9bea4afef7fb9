"""Every write on notifications, and the e-mail that goes with them.

``notify()`` is the one entry point for other apps: it stores one notification per recipient
(at most one per recipient and ``dedupe_key``) in the caller's transaction and, once that
transaction commits, hands the new ids to a Celery task that sends the e-mails. The task claims
each notification with a conditional ``UPDATE`` before sending, so a rerun of the task, a
redelivered message or two workers never send the same e-mail twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from isms import outbox

from .models import Notification

logger = logging.getLogger(__name__)


def _one_line(text: str, limit: int) -> str:
    """Titles become e-mail subjects: no line breaks (a header injection), bounded length."""
    return " ".join(str(text).split())[:limit]


@transaction.atomic
def notify(
    *, recipients: Iterable, kind: str, title: str, body: str, link: str = "",
    unit=None, dedupe_key: str,
) -> list[int]:
    """Notify each of ``recipients`` (users) once about one event; returns the new ids.

    A recipient who already has a notification with ``dedupe_key`` gets nothing new. Inactive
    users are skipped. ``link`` is a path in the portal. The e-mails are sent after the commit
    of the surrounding transaction (nothing is sent if it rolls back).
    """
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    already = set(
        Notification.objects.filter(recipient_id__in=people, dedupe_key=dedupe_key)
        .values_list("recipient_id", flat=True)
    )
    title = _one_line(title, 200)
    new = []
    for pk in sorted(set(people) - already):
        notification = Notification(
            recipient_id=pk, unit=unit, kind=kind, title=title, body=body, link=link,
            dedupe_key=dedupe_key,
        )
        # Recipient and unit are objects the caller already holds: no lookup per row.
        notification.full_clean(
            exclude=["recipient", "unit"], validate_unique=False, validate_constraints=False
        )
        new.append(notification)
    if not new:
        return []
    # A concurrent call for the same event may have won the race: skip those rows quietly.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(
        Notification.objects.filter(
            recipient_id__in=[n.recipient_id for n in new], dedupe_key=dedupe_key,
            email_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    from .tasks import send_notification_emails

    # The notification rows are the record: a broker that is down delays the e-mail (the sweep,
    # ``notifications_requeue_email``, sends it later) and never fails the request.
    outbox.publish_on_commit(send_notification_emails, ids)
    return ids


def _absolute(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def _email_for(notification: Notification, connection) -> EmailMessage:
    recipient = notification.recipient
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Hej %(name)s!") % {"name": recipient.get_full_name() or recipient.username},
            "",
            notification.body,
            "",
        ]
        if notification.link:
            lines += [_("Öppna i portalen: %(url)s") % {"url": _absolute(notification.link)}, ""]
        lines += [
            "-- ",
            _(
                "Meddelandet kommer från LIS, Stockholms stads portal för informationssäkerhet. "
                "Alla dina notiser finns under Mina notiser: %(url)s"
            ) % {"url": _absolute(reverse("notifieringar:notification_list"))},
        ]
        subject = _("LIS: %(title)s") % {"title": notification.title}
    return EmailMessage(
        subject=_one_line(subject, 250), body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email], connection=connection,
    )


def notifications_send_email(*, notification_ids: Iterable[int]) -> int:
    """Send the e-mail of each notification not yet sent; returns how many were sent.

    Runs outside a transaction on purpose: each claim (``email_sent_at`` set by a conditional
    ``UPDATE … WHERE email_sent_at IS NULL``) commits at once, so whoever claims a row first is
    the only one who sends it. If sending fails, the claim is released and the error raised (the
    task retries). A worker killed between claim and send loses that e-mail rather than sending
    it twice; the notification is still in the portal.
    """
    pending = list(
        Notification.objects.filter(pk__in=list(notification_ids), email_sent_at__isnull=True)
        .exclude(recipient__email="").filter(recipient__is_active=True)
        .select_related("recipient")
    )
    if not pending:
        return 0
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            claimed = Notification.objects.filter(
                pk=notification.pk, email_sent_at__isnull=True
            ).update(email_sent_at=timezone.now())
            if not claimed:
                continue
            try:
                _email_for(notification, connection).send()
            except Exception:
                Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
                raise
            sent += 1
    logger.info("Skickade %s notiser med e-post", sent)
    return sent


def notification_mark_read(*, actor, notification: Notification) -> None:
    """The recipient marks one notification as read (nobody else may)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notifications_delete_for(*, recipient) -> int:
    """Remove every notification addressed to ``recipient``: a person who has left and is
    pseudonymised (``sparbarhet.services_people``). Their texts may name the person, and they
    are read by nobody else. Returns how many were removed."""
    deleted, _by_model = Notification.objects.filter(recipient=recipient).delete()
    return deleted


# E-mails not sent after this long are left unsent (the notification is still in the portal).
EMAIL_SWEEP_WINDOW = dt.timedelta(hours=24)


def _email_pending(now):
    return Notification.objects.filter(
        email_sent_at__isnull=True, recipient__is_active=True,
        created_at__lt=now - dt.timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER),
        created_at__gte=now - EMAIL_SWEEP_WINDOW,
    ).exclude(recipient__email="")


def notifications_requeue_email(*, now=None) -> int:
    """The outbox sweep (beat): send again the e-mails of the last day still unsent (the broker
    was down, or the mail server). Sending claims each row, so nothing is sent twice; the
    sweep's task does not retry by itself: the next sweep is its retry."""
    from .tasks import send_notification_emails

    ids = list(_email_pending(now or timezone.now()).order_by("pk").values_list("pk", flat=True)[:500])
    if ids:
        outbox.publish(send_notification_emails, ids, retry=False)
    return len(ids)
