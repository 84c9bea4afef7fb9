"""Fixtures shared by the report tests."""

import pytest

from rapporter import services
from rapporter.models import ReportKind, ReportStatus


@pytest.fixture
def report(farsta, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report
