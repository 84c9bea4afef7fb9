"""Writes of the report archive: order, generate, mark failed, log downloads, schedule.

Every write records the acting user in the history (``_history_user``); from Celery the task
passes the orderer's id and the service loads it, so a report's history reads "ordered by X,
generated for X". Generation runs outside a long transaction: the status "genereras" is
committed first so the report page shows progress, the PDF is rendered, and the archive entry is
finished in a short transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nämnder.models import OrganisationUnit

from . import selectors
from .models import Report, ReportDownload, ReportKind, ReportStatus

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000


def _enqueue(report: Report, actor) -> None:
    """Send the generation task once the order is committed (eager without a broker)."""
    from .tasks import generate_report

    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(lambda: generate_report.delay(report.pk, actor_id))


def _order_parameters(*, kind: str, unit: OrganisationUnit | None, year: int, scheduled: bool):
    return {
        "kind": kind,
        "year": year,
        "unit_id": unit.pk if unit else None,
        "unit_name": unit.name if unit else None,
        "unit_short_name": unit.short_name if unit else None,
        "scheduled": scheduled,
    }


def _build(*, actor, kind: str, unit, year: int, scheduled: bool = False, schedule_key=None):
    if kind == ReportKind.CITY_YEARLY:
        unit = None
    elif unit is None:
        raise ValidationError({"unit": _("Välj vilken nämnd eller vilket bolag rapporten gäller.")})
    selectors.validate_report_year(year)
    report = Report(
        kind=kind, unit=unit, year=year, ordered_by=actor, scheduled=scheduled,
        schedule_key=schedule_key,
        parameters=_order_parameters(kind=kind, unit=unit, year=year, scheduled=scheduled),
    )
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def report_order(*, actor, kind: str, year: int, unit: OrganisationUnit | None = None) -> Report:
    """Order a yearly report: a new archive entry (köad) and a generation task.

    Anyone who may view the unit may order its report (auditors too: ordering a report does not
    change the unit's records); the city report only the city-wide roles.
    """
    if not selectors.can_order(user=actor, kind=kind, unit=unit):
        raise PermissionDenied
    report = _build(actor=actor, kind=kind, unit=unit, year=year)
    _enqueue(report, actor)
    return report


def report_reorder(*, actor, report: Report) -> Report:
    """Order the same report again (e.g. after a failure): always a new archive entry."""
    return report_order(actor=actor, kind=report.kind, year=report.year, unit=report.unit)


@transaction.atomic
def _start(*, report_id: int, actor) -> Report | None:
    report = Report.objects.select_for_update(of=("self",)).select_related("unit", "ordered_by").get(
        pk=report_id
    )
    if report.status == ReportStatus.DONE:
        return None  # a duplicate delivery of the task: the archive is already final
    report.status = ReportStatus.GENERATING
    report.attempts += 1
    report.started_at = timezone.now()
    report.error = ""
    report._history_user = actor
    report.save()
    return report


def _digest(fileobj) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        sha.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return sha.hexdigest(), size


@transaction.atomic
def _finish(*, report_id: int, actor, pdf, generated_at, extra_parameters: dict) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report_id)
    if report.status == ReportStatus.DONE:
        return report
    digest, size = _digest(pdf)
    report.file.save(report.download_name, File(pdf), save=False)
    report.sha256 = digest
    report.size = size
    report.status = ReportStatus.DONE
    report.finished_at = timezone.now()
    report.error = ""
    report.parameters = {**report.parameters, **extra_parameters,
                         "generated_at": generated_at.isoformat()}
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


def report_generate(*, report_id: int, actor=None) -> Report:
    """Render the report to PDF and archive it with its SHA-256, size and parameters."""
    from . import rendering

    report = _start(report_id=report_id, actor=actor)
    if report is None:
        return Report.objects.get(pk=report_id)
    generated_at = timezone.now()
    html = rendering.render_report_html(report=report, generated_at=generated_at)
    with tempfile.TemporaryFile(suffix=".pdf") as pdf:
        rendering.write_pdf(html=html, target=pdf)
        return _finish(
            report_id=report_id, actor=actor, pdf=pdf, generated_at=generated_at,
            extra_parameters=rendering.report_parameters(report=report),
        )


@transaction.atomic
def report_mark_failed(*, report_id: int, error: str, actor=None) -> Report | None:
    """The last attempt failed: the report is misslyckad with the error shown on its page."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    report.status = ReportStatus.FAILED
    report.error = (error or _("Okänt fel."))[:MAX_ERROR_LENGTH]
    report.finished_at = timezone.now()
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def report_download_record(*, user, report: Report) -> ReportDownload:
    """Log a download (the view has already checked access through the access module)."""
    if report.status != ReportStatus.DONE:
        raise ValidationError(_("Rapporten är inte klar och kan inte laddas ner."))
    download = ReportDownload(report=report, user=user, username=user.get_username())
    download.full_clean()
    download.save()
    return download


# --- Schedule (Celery beat) -------------------------------------------------------------------

def scheduled_date(year: int) -> dt.date:
    month, day = settings.REPORT_SCHEDULE_MONTH, settings.REPORT_SCHEDULE_DAY
    try:
        return dt.date(year, month, day)
    except ValueError:  # e.g. 29 February in a common year: the last day of the month
        return dt.date(year, month, 28)


def schedule_is_due(today: dt.date) -> bool:
    """On the configured date, or within the catch-up window if beat was down that day."""
    start = scheduled_date(today.year)
    return start <= today < start + dt.timedelta(days=settings.REPORT_SCHEDULE_CATCHUP_DAYS)


def _schedule_key(kind: str, unit: OrganisationUnit | None, year: int) -> str:
    return f"{kind}:{unit.pk if unit else '-'}:{year}"


def reports_order_scheduled(*, today: dt.date, force: bool = False) -> list[Report]:
    """Order every active unit's report and the city report for the previous year, once.

    Idempotent: each scheduled order has a unique key (kind, unit, year), so beat firing twice
    (or on every day of the catch-up window) orders nothing twice.
    """
    if not (force or schedule_is_due(today)):
        return []
    year = today.year - 1
    targets = [(ReportKind.UNIT_YEARLY, u) for u in selectors.scheduled_units()]
    targets.append((ReportKind.CITY_YEARLY, None))
    ordered = []
    for kind, unit in targets:
        key = _schedule_key(kind, unit, year)
        if Report.objects.filter(schedule_key=key).exists():
            continue
        try:
            with transaction.atomic():
                report = _build(
                    actor=None, kind=kind, unit=unit, year=year, scheduled=True, schedule_key=key
                )
                _enqueue(report, None)
        except (IntegrityError, ValidationError):
            logger.info("Schemalagd rapport %s finns redan", key)
            continue
        ordered.append(report)
    return ordered
