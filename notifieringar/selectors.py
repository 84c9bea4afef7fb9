"""Reads of notifications. A notification is personal: only its recipient ever sees it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from isms.plugins import QueueStatus

from .models import Notification


def notifications_for(*, user) -> QuerySet[Notification]:
    """The person's own notifications, newest first (page it in the view)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("unit")


# The signed-in person's unread count, loaded with them on every request (``apps.py``:
# ``isms.plugins.register_user_column``), for the menu's badge and the list's heading.
UNREAD_COLUMN = "notifieringar_unread"


def unread_count_column():
    """The unread count as a column of the query loading the person (an indexed count)."""
    return Coalesce(
        Subquery(
            Notification.objects.filter(recipient_id=OuterRef("pk"), read_at__isnull=True)
            .order_by().values("recipient_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def unread_count(*, user) -> int:
    """The person's unread notifications: as loaded with the signed-in person at the start of
    the request (no query), else counted."""
    if not user.is_authenticated:
        return 0
    loaded = getattr(user, UNREAD_COLUMN, None)
    if loaded is not None:
        return loaded
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for_user_or_404(*, user, pk) -> Notification:
    """One of the person's own notifications; anyone else's is 404 (not even its existence)."""
    return get_object_or_404(notifications_for(user=user), pk=pk)


def email_queue_status() -> QueueStatus:
    """Unsent e-mails of the last day, for the operations page."""
    row = Notification.objects.filter(
        email_sent_at__isnull=True, recipient__is_active=True,
        created_at__gte=timezone.now() - dt.timedelta(hours=24),
    ).exclude(recipient__email="").aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    return QueueStatus(waiting=row["waiting"], oldest_waiting=row["oldest"])
