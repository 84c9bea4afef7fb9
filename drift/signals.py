"""A worker records a heartbeat when it starts (beat records one every minute after that)."""

from celery.signals import worker_ready


@worker_ready.connect
def _worker_ready(sender=None, **kwargs):
    from django.db import close_old_connections

    from . import services

    try:
        services.heartbeat_record(worker=getattr(sender, "hostname", None) or "okänd")
    finally:
        close_old_connections()
