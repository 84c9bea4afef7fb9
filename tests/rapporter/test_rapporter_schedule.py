"""Celery beat: every active unit's and the city's report for the previous year, once."""

import datetime as dt

import pytest

from nämnder import services as unit_services
from rapporter import services, tasks
from rapporter.models import Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


def test_schedule_orders_previous_year_once(
    farsta, bromma, city, make_unit, django_capture_on_commit_callbacks
):
    closed = make_unit("nedlagd", "Nedlagd nämnd")
    unit_services.unit_update(actor=None, unit=closed, expected_version=closed.version,
                              is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.reports_order_scheduled(today=dt.date(2026, 1, 15))
    assert len(first) == 3
    assert {(r.kind, r.unit_id) for r in first} == {
        (ReportKind.UNIT_YEARLY, farsta.pk), (ReportKind.UNIT_YEARLY, bromma.pk),
        (ReportKind.CITY_YEARLY, None),
    }
    assert all(r.year == 2025 and r.scheduled and r.ordered_by is None for r in first)
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DONE}
    # Beat fires again (the same day, or within the catch-up window): nothing new.
    assert services.reports_order_scheduled(today=dt.date(2026, 1, 15)) == []
    assert services.reports_order_scheduled(today=dt.date(2026, 1, 17)) == []
    assert Report.objects.count() == 3


def test_a_manual_order_does_not_block_the_scheduled_one(farsta, official):
    services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025)
    ordered = services.reports_order_scheduled(today=dt.date(2026, 1, 15))
    assert [r.kind for r in ordered] == [ReportKind.UNIT_YEARLY, ReportKind.CITY_YEARLY]


def test_not_due_outside_the_configured_date(farsta, settings):
    assert services.reports_order_scheduled(today=dt.date(2026, 1, 14)) == []
    assert services.reports_order_scheduled(today=dt.date(2026, 3, 1)) == []
    settings.REPORT_SCHEDULE_MONTH, settings.REPORT_SCHEDULE_DAY = 2, 1
    assert len(services.reports_order_scheduled(today=dt.date(2026, 2, 1))) == 2


def test_daily_beat_task_checks_the_date(farsta, monkeypatch):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: dt.date(2026, 6, 1))
    assert tasks.order_scheduled_reports() == 0
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: dt.date(2026, 1, 15))
    assert tasks.order_scheduled_reports() == 2
    assert tasks.order_scheduled_reports() == 0


def test_beat_schedule_is_configured(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["rapporter-arliga-uppfoljningar"]
    assert entry["task"] == "rapporter.order_scheduled_reports"
    assert tasks.order_scheduled_reports.name == entry["task"]
