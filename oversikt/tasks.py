"""Celery tasks run by beat: call a service, nothing else."""

from __future__ import annotations

from celery import shared_task

from . import trend_cache


@shared_task(name="oversikt.fill_closed_months", ignore_result=True)
def fill_closed_months():
    trend_cache.fill_closed_months()
