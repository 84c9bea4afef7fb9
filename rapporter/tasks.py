"""Celery tasks: load ids, call a service. Nothing else happens here.

Generation retries with exponential backoff; when the last retry fails, ``on_failure`` marks the
report misslyckad with the error (logged; shown only to the city-wide security function), and it
can be ordered again.
"""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Report


def _user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = kwargs.get("report_id", args[0] if args else None)
        actor_id = kwargs.get("actor_id", args[1] if len(args) > 1 else None)
        if report_id is not None:
            services.report_mark_failed(
                report_id=report_id, error=f"{type(exc).__name__}: {exc}", actor=_user(actor_id)
            )


@shared_task(
    bind=True, base=ReportTask, name="rapporter.generate_report",
    autoretry_for=(Exception,), dont_autoretry_for=(Report.DoesNotExist,),
    retry_backoff=settings.REPORT_RETRY_BACKOFF, retry_backoff_max=600, retry_jitter=True,
    max_retries=settings.REPORT_MAX_RETRIES, acks_late=True,
)
def generate_report(self, report_id: int, actor_id: int | None = None):
    services.report_generate(report_id=report_id, actor=_user(actor_id))


@shared_task(name="rapporter.order_scheduled_reports")
def order_scheduled_reports():
    """Daily (beat): on the configured date, order last year's reports (idempotent)."""
    ordered = services.reports_order_scheduled(today=timezone.localdate())
    return len(ordered)
