"""Writes of the report archive: order, generate, mark failed, log downloads, schedule.

Every write records the acting user in the history (``_history_user``); from Celery the task
passes the orderer's id and the service loads it, so a report's history reads "ordered by X,
generated for X". Generation runs outside a long transaction: the status "genereras" is
committed first so the report page shows progress, the PDF is rendered, and the archive entry is
finished in a short transaction of its own.

The archive is immutable: these services are the only writers of ``Report`` and none of them
changes a report once it is klar (``_assert_writable``); ``Report.save()`` and a database
trigger repeat the check as defence in depth. Downloads re-compute the stored file's SHA-256 and
refuse (and record a ``ReportIntegrityAlarm``) when it no longer matches the archive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from isms import outbox
from nämnder.models import OrganisationUnit

from . import selectors
from .models import (
    ARCHIVE_FROZEN_MESSAGE,
    Report,
    ReportDownload,
    ReportIntegrityAlarm,
    ReportKind,
    ReportStatus,
)

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000
CHUNK_SIZE = 1024 * 1024
# Downloads up to this size are verified in memory, larger ones in a temporary file.
SPOOL_MAX_SIZE = 8 * 1024 * 1024


class ReportIntegrityError(Exception):
    """The stored file of a finished report does not match its archived SHA-256."""

    def __init__(self, alarm: ReportIntegrityAlarm):
        super().__init__(f"report {alarm.report_id}: SHA-256 mismatch")
        self.alarm = alarm


def _assert_writable(report: Report) -> None:
    """The archive rule: a finished report is never written again."""
    if report.status == ReportStatus.DONE:
        raise ValidationError(ARCHIVE_FROZEN_MESSAGE)


# ``error`` of a report whose worker was lost on every attempt: the reason is shown to everyone.
WORKER_LOST_PREFIX = "WorkerLost:"


def _enqueue(report: Report, actor) -> None:
    """Send the generation task once the order is committed (eager without a broker).

    The köad row is the record (the outbox): if the broker is unreachable the order still
    stands and ``reports_requeue`` sends it later. ``enqueued_at`` is set once the broker took it.
    """
    from .tasks import generate_report

    actor_id = actor.pk if actor is not None else None
    report_id = report.pk

    def sent():
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            enqueued_at=timezone.now()
        )

    outbox.publish_on_commit(generate_report, report_id, actor_id, on_sent=sent)


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


def _check_order_limit(actor) -> None:
    """At most ``REPORT_ORDER_LIMIT_PER_HOUR`` orders per person in any hour, counted from the
    archive itself: each order renders a PDF, so a loop of orders would tie up the workers."""
    limit = settings.REPORT_ORDER_LIMIT_PER_HOUR
    if not limit or actor is None:
        return
    # One order at a time per person, so two simultaneous orders cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).exists()
    since = timezone.now() - dt.timedelta(hours=1)
    if Report.objects.filter(ordered_by=actor, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _("Du har beställt %(limit)s rapporter den senaste timmen, vilket är det högsta "
              "antalet. Vänta en stund och försök igen, eller ladda ner en rapport som redan "
              "finns i arkivet.") % {"limit": limit},
            code="order_limit",
        )


@transaction.atomic
def report_order(*, actor, kind: str, year: int, unit: OrganisationUnit | None = None) -> Report:
    """Order a yearly report: a new archive entry (köad) and a generation task.

    Anyone who may view the unit may order its report (auditors too: ordering a report does not
    change the unit's records); the city report only the city-wide roles. A person orders at
    most ``REPORT_ORDER_LIMIT_PER_HOUR`` reports an hour.
    """
    if not selectors.can_order(user=actor, kind=kind, unit=unit):
        raise PermissionDenied
    _check_order_limit(actor)
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
    _assert_writable(report)
    if (report.status == ReportStatus.GENERATING
            and report.attempts >= settings.REPORT_MAX_ATTEMPTS):
        _fail_worker_lost(report, actor)  # redelivered after the last attempt's worker died
        return None
    report.status = ReportStatus.GENERATING
    report.attempts += 1
    report.started_at = timezone.now()
    report.error = ""
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


def _digest(fileobj) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(CHUNK_SIZE), b""):
        sha.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return sha.hexdigest(), size


@transaction.atomic
def _finish(*, report_id: int, actor, pdf, generated_at, extra_parameters: dict) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report_id)
    if report.status == ReportStatus.DONE:
        return report  # a duplicate delivery finished first: keep that archive entry
    _assert_writable(report)
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
    rendered = rendering.render_report(report=report, generated_at=generated_at)
    with tempfile.TemporaryFile(suffix=".pdf") as pdf:
        rendering.write_pdf(html=rendered.html, target=pdf, attachments=rendered.attachments)
        return _finish(
            report_id=report_id, actor=actor, pdf=pdf, generated_at=generated_at,
            extra_parameters={**rendering.report_parameters(report=report),
                              "attachments": rendered.attachments_recorded},
        )


@transaction.atomic
def report_mark_failed(*, report_id: int, error: str, actor=None) -> Report | None:
    """The last attempt failed: the report is misslyckad.

    The technical error is kept on the report (and logged) for the city-wide security function;
    everyone else sees a generic message (``selectors.report_error_for``).
    """
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    _assert_writable(report)
    logger.error("Rapport %s kunde inte skapas: %s", report_id, error)
    report.status = ReportStatus.FAILED
    report.error = (error or _("Okänt fel."))[:MAX_ERROR_LENGTH]
    report.finished_at = timezone.now()
    report.full_clean()
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


@transaction.atomic
def _record_integrity_alarm(*, user, report: Report, actual: str) -> ReportIntegrityAlarm:
    alarm = ReportIntegrityAlarm(
        report=report, user=user, username=user.get_username(),
        expected_sha256=report.sha256, actual_sha256=actual,
    )
    alarm.full_clean()
    alarm.save()
    return alarm


def _verified_copy(report: Report):
    """The stored file, read once in chunks into a spooled copy, and its SHA-256 ("" if gone).

    The copy is what is served, so the bytes sent are exactly the bytes verified.
    """
    # Not a context manager: FileResponse closes the copy once it is sent.
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)  # noqa: SIM115
    sha = hashlib.sha256()
    try:
        with report.file.open("rb") as stored:
            for chunk in iter(lambda: stored.read(CHUNK_SIZE), b""):
                sha.update(chunk)
                copy.write(chunk)
    except (FileNotFoundError, OSError, ValueError):
        copy.close()
        return None, ""
    copy.seek(0)
    return copy, sha.hexdigest()


def report_download(*, user, report: Report):
    """Verify the stored file against the archive's SHA-256, log the download, return the file.

    On a mismatch (or a missing file) nothing is served: the event is recorded as a
    ``ReportIntegrityAlarm``, logged, and :class:`ReportIntegrityError` raised.
    """
    if report.status != ReportStatus.DONE or not report.file:
        raise ValidationError(_("Rapporten är inte klar och kan inte laddas ner."))
    copy, digest = _verified_copy(report)
    if copy is None or digest != report.sha256:
        if copy is not None:
            copy.close()
        alarm = _record_integrity_alarm(user=user, report=report, actual=digest)
        logger.error(
            "Integritetslarm: rapport %s, lagrad fil %s har SHA-256 %s, arkivet %s (användare %s)",
            report.pk, report.file.name, digest or "(saknas)", report.sha256, user.get_username(),
        )
        raise ReportIntegrityError(alarm)
    report_download_record(user=user, report=report)
    return copy


class ReportAttachmentMissing(Exception):
    """The report records no attachment by that name, or its PDF does not hold it."""


def report_attachment(*, user, report: Report, name: str) -> bytes:
    """A file embedded in the archived PDF (``parameters["attachments"]``, e.g. a unit's whole
    register of assets), read from the verified copy: the same integrity check and the same
    download record as the PDF itself (``report_download``)."""
    from pypdf import PdfReader

    if name not in {a.get("name") for a in report.parameters.get("attachments", ())}:
        raise ReportAttachmentMissing(name)
    copy = report_download(user=user, report=report)
    with copy:
        contents = PdfReader(copy).attachments.get(name)
    if not contents:
        raise ReportAttachmentMissing(name)
    return contents[0]


# --- The outbox sweep (beat, through ``isms.plugins.register_background_queue``) ----------

def _fail_worker_lost(report: Report, actor) -> None:
    logger.error("Rapport %s: arbetsprocessen avbröts vid alla %s försök", report.pk, report.attempts)
    report.status = ReportStatus.FAILED
    report.error = (
        f"{WORKER_LOST_PREFIX} arbetsprocessen avbröts under alla {report.attempts} försök"
    )
    report.finished_at = timezone.now()
    report.full_clean()
    report._history_user = actor
    report.save()


def _overdue(now) -> Q:
    queued_before = now - dt.timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER)
    stale_before = now - dt.timedelta(seconds=settings.REPORT_STALE_AFTER)
    return (
        # never taken by the broker (it was down when the report was ordered)
        Q(status=ReportStatus.QUEUED, enqueued_at__isnull=True, created_at__lt=queued_before)
        # taken long ago but never started: the message was lost (e.g. Redis lost its data)
        | Q(status=ReportStatus.QUEUED, enqueued_at__lt=stale_before)
        # started and never finished: its worker was killed
        | Q(status=ReportStatus.GENERATING, started_at__lt=stale_before)
    )


@transaction.atomic
def _requeue_one(*, report_id: int, now) -> bool:
    report = (
        Report.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(_overdue(now), pk=report_id).select_related("ordered_by").first()
    )
    if report is None:
        return False  # finished meanwhile, or another sweep holds it
    actor = report.ordered_by
    if report.status == ReportStatus.GENERATING:
        if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail_worker_lost(report, None)
            return False
        logger.warning("Rapport %s: arbetsprocessen avbröts (försök %s); köas igen",
                       report.pk, report.attempts)
        report.status = ReportStatus.QUEUED
        report.enqueued_at = None
        report.full_clean()
        report._history_user = None
        report.save()
    _enqueue(report, actor)
    return True


def reports_requeue(*, now=None) -> int:
    """Send again every report the broker never got, lost, or whose worker died.

    Idempotent: each report is locked while it is looked at, a task arriving twice finds the
    report klar and does nothing (``_start``/``_finish``), so nothing is archived twice. A
    report whose worker died ``REPORT_MAX_ATTEMPTS`` times is marked misslyckad instead.
    """
    now = now or timezone.now()
    ids = list(Report.objects.filter(_overdue(now)).order_by("pk").values_list("pk", flat=True)[:500])
    return sum(_requeue_one(report_id=pk, now=now) for pk in ids)


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
