"""Reads of the operations app: workers seen, queue health, the readiness check."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from isms import plugins

from .models import WorkerHeartbeat


def worker_last_seen():
    return WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()


def worker_check() -> tuple[bool, str]:
    """``/readyz``'s "worker": some worker was seen within ``WORKER_HEARTBEAT_MAX_AGE_MINUTES``."""
    from .tasks import worker_heartbeat

    if worker_heartbeat.app.conf.task_always_eager:
        return True, "ingen arbetsprocess behövs: uppgifter körs i webbprocessen"
    last = worker_last_seen()
    if last is None:
        return False, "ingen arbetsprocess har hörts av"
    age = timezone.now() - last
    if age > dt.timedelta(minutes=settings.WORKER_HEARTBEAT_MAX_AGE_MINUTES):
        return False, f"senast sedd för {int(age.total_seconds() // 60)} minuter sedan"
    return True, f"sedd för {int(age.total_seconds())} sekunder sedan"


def workers():
    return list(WorkerHeartbeat.objects.order_by("-last_seen")[:50])


def queue_health() -> list[dict]:
    """Each registered background queue: label and what waits, runs and failed lately."""
    return [{"key": q.key, "label": q.label, "status": q.status()} for q in plugins.background_queues()]
