"""Celery tasks run by beat: call a service, nothing else."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="sparbarhet.verify_audit_trail", ignore_result=True)
def verify_audit_trail():
    services.trail_verify()
