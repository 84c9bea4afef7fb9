"""Issue 15: an ordered report is never lost when the broker is down or its worker is killed.

The database row (köad) is the record. A request whose broker is unreachable answers at once;
the outbox sweep sends the report later. A worker killed mid-render leaves a report the sweep
sends again; it ends klar with one archived PDF and its attempts counted.
"""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from drift import services as drift_services
from klassning.models import InformationAsset
from rapporter import services
from rapporter.models import Report, ReportKind, ReportStatus
from tests.rapporter_helpers import seed_unit
from tests.worker_helpers import (
    CLOSED_PORT_BROKER,
    archived_pdfs,
    broker,
    drop_queue,
    new_queue,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BACKGROUND_DOWN = "Rapporten är beställd och tas fram när bakgrundstjänsten är tillgänglig igen"
TIMEOUT = 120


def test_order_with_the_broker_down_answers_at_once_and_the_sweep_finishes_it_later(
    need_redis, farsta, official, chief, client_for, tmp_path
):
    unit = seed_unit(farsta, submitter=official, approver=chief)
    client = client_for(official)
    with broker(CLOSED_PORT_BROKER):
        started = time.monotonic()
        response = client.post(
            reverse("report_list"), {"kind": ReportKind.UNIT_YEARLY, "unit": unit.pk, "year": 2025}
        )
        elapsed = time.monotonic() - started
        report = Report.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "report_detail", args=[report.pk]
        )
        assert elapsed < 2, f"ordering took {elapsed:.1f} s with the broker down"
        assert report.status == ReportStatus.QUEUED and report.enqueued_at is None
        page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
        assert BACKGROUND_DOWN in page

    queue = new_queue()
    worker = None
    try:
        with broker(need_redis, queue):
            worker = start_worker(redis_url=need_redis, queue=queue, log_path=tmp_path / "w.log",
                                  name=queue)
            # Not yet overdue: the sweep leaves a fresh order alone.
            assert drift_services.background_queues_sweep()["rapporter"] == 0
            # Beat's sweep two minutes later sends it.
            later = timezone.now() + dt.timedelta(minutes=3)
            assert drift_services.background_queues_sweep(now=later)["rapporter"] == 1
            done = wait_for(lambda: Report.objects.get().is_finished or worker.poll() is not None,
                            timeout=TIMEOUT, interval=0.3)
            report.refresh_from_db()
            log = (tmp_path / "w.log").read_text(errors="replace")[-3000:]
            assert done and report.status == ReportStatus.DONE, (report.status, report.error, log)
            # Sweeping again sends nothing: the report is klar, archived once.
            assert drift_services.background_queues_sweep(now=later)["rapporter"] == 0
    finally:
        if worker is not None:
            stop(worker)
        drop_queue(need_redis, queue)
    assert report.attempts == 1 and report.enqueued_at is not None
    assert archived_pdfs() == [Path(report.file.path)]


def _large_unit(unit, official, chief, rows: int):
    unit = seed_unit(unit, submitter=official, approver=chief)
    InformationAsset.objects.bulk_create(
        InformationAsset(unit=unit, name=f"Informationsmängd {i:04d} med ett långt namn för tabellen")
        for i in range(rows)
    )
    return unit


def test_a_worker_killed_mid_render_leaves_a_report_that_ends_klar_once(
    need_redis, farsta, official, chief, tmp_path
):
    unit = _large_unit(farsta, official, chief, rows=400)
    queue = new_queue()
    first = second = None
    try:
        with broker(need_redis, queue):
            first = start_worker(redis_url=need_redis, queue=queue, log_path=tmp_path / "w1.log",
                                 name=f"{queue}-1")
            report = services.report_order(
                actor=official, kind=ReportKind.UNIT_YEARLY, unit=unit, year=2025
            )
            assert wait_for(
                lambda: Report.objects.filter(pk=report.pk, status=ReportStatus.GENERATING).exists(),
                timeout=TIMEOUT, interval=0.05,
            ), (tmp_path / "w1.log").read_text(errors="replace")[-3000:]
            time.sleep(0.5)  # well inside the render
            stop(first, kill=True)  # SIGKILL: no cleanup, the task is never acknowledged
            report.refresh_from_db()
            assert report.status == ReportStatus.GENERATING and report.attempts == 1, (
                "the render finished before the kill: make the report larger"
            )
            assert archived_pdfs() == []

            second = start_worker(redis_url=need_redis, queue=queue, log_path=tmp_path / "w2.log",
                                  name=f"{queue}-2")
            # Beat's sweep once the report has been "genereras" longer than the limit.
            later = timezone.now() + dt.timedelta(hours=1)
            assert services.reports_requeue(now=later) == 1
            wait_for(lambda: Report.objects.get(pk=report.pk).is_finished or second.poll() is not None,
                     timeout=TIMEOUT, interval=0.3)
            report.refresh_from_db()
            log = (tmp_path / "w2.log").read_text(errors="replace")[-3000:]
            assert report.status == ReportStatus.DONE, (report.status, report.error, log)
    finally:
        for worker in (first, second):
            if worker is not None:
                stop(worker)
        drop_queue(need_redis, queue)
    assert report.attempts == 2
    assert len(archived_pdfs()) == 1
    statuses = [r.status for r in report.history.order_by("history_date", "history_id")]
    assert statuses == ["queued", "generating", "queued", "generating", "done"]


def test_a_report_whose_worker_dies_every_time_is_misslyckad_with_the_reason(
    farsta, official, chief, client_for, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_ATTEMPTS = 2
    report = Report.objects.create(
        kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025, ordered_by=official,
        status=ReportStatus.GENERATING, attempts=2, started_at=timezone.now(),
    )
    later = timezone.now() + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True) as sent:
        assert services.reports_requeue(now=later) == 0
    assert sent == []
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.attempts == 2
    page = client_for(official).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "bakgrundstjänsten avbröts vid varje försök" in page
    assert "Efter 2 försök" in page
