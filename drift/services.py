"""Writes of the operations app: a worker's heartbeat, the outbox sweep."""

from __future__ import annotations

import logging

from django.utils import timezone

from isms import plugins

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_record(*, worker: str, now=None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker[:200], defaults={"last_seen": now or timezone.now()}
    )
    return heartbeat


def background_queues_sweep(*, now=None) -> dict[str, int]:
    """Run every registered queue's sweep: send again what the broker never got or a killed
    worker left. One failing sweep does not stop the others."""
    now = now or timezone.now()
    sent = {}
    for queue in plugins.background_queues():
        if queue.sweep is None:
            continue
        try:
            sent[queue.key] = queue.sweep(now=now)
        except Exception:
            logger.exception("Svepet för %s misslyckades", queue.key)
    return sent
