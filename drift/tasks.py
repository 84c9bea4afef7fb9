"""Celery tasks run by beat: call a service, nothing else."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, name="drift.worker_heartbeat", ignore_result=True)
def worker_heartbeat(self):
    """The worker that runs this is alive, reads the broker and writes the database."""
    services.heartbeat_record(worker=self.request.hostname or "okänd")


@shared_task(name="drift.sweep_background_queues", ignore_result=True)
def sweep_background_queues():
    return services.background_queues_sweep()
