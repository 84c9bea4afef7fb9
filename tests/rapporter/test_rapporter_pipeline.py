"""Ordering a report, eager generation, the archive (SHA-256), failure and re-ordering."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rapporter import services
from rapporter.models import Report, ReportKind, ReportStatus
from tests.rapporter_helpers import (
    CHIEF_NAME,
    COORDINATOR_NAME,
    SECTION_HEADINGS,
    pdf_text,
    seed_unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(farsta, official, chief):
    return seed_unit(farsta, submitter=official, approver=chief)


def order(actor, unit, capture, year=2025, kind=ReportKind.UNIT_YEARLY):
    with capture(execute=True):
        report = services.report_order(actor=actor, kind=kind, unit=unit, year=year)
    report.refresh_from_db()
    return report


def test_order_generates_pdf_with_every_section_and_known_figures(
    seeded, official, django_capture_on_commit_callbacks
):
    report = order(official, seeded, django_capture_on_commit_callbacks, year=2026)
    assert report.status == ReportStatus.DONE, report.error
    assert report.attempts == 1 and report.ordered_by == official
    data = report.file.read()
    text = pdf_text(data)
    for heading in SECTION_HEADINGS:
        assert heading in text
    assert "Innehåll" in text
    # A section whose register app is not installed says so; with every register installed,
    # none does.
    from isms.plugins import report_sections

    placeholders = [s for s in report_sections() if not s.recorded]
    assert ("Ännu inte registrerat i portalen" in text) == bool(placeholders)
    assert "Farsta stadsdelsnämnd" in text and "2026" in text
    assert CHIEF_NAME in text and COORDINATOR_NAME in text
    assert "Elevregister" in text and "Kartdata över Hökarängen" in text
    assert "2/3" in text  # two of three assets have an approved classification
    assert "K3 R2 T2 S2" in text
    assert "Handlaggare" in text  # who ordered it (first name of the persona)
    assert "Sida 3 av" in text


def test_archive_stores_sha256_size_and_parameters(
    seeded, official, django_capture_on_commit_callbacks
):
    report = order(official, seeded, django_capture_on_commit_callbacks)
    data = report.file.read()
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.size == len(data)
    assert report.parameters["unit_id"] == seeded.pk and report.parameters["year"] == 2025
    assert report.parameters["isms_version"]
    assert {s["key"] for s in report.parameters["sections"]} >= {"organisation", "risker"}


def test_finished_report_is_immutable_and_a_new_order_is_a_new_report(
    seeded, official, django_capture_on_commit_callbacks
):
    report = order(official, seeded, django_capture_on_commit_callbacks)
    report.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        report.save()
    # Generating again does not touch the archive.
    report.refresh_from_db()
    before = (report.file.name, report.sha256)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.file.name, report.sha256) == before
    again = order(official, seeded, django_capture_on_commit_callbacks)
    assert again.pk != report.pk and again.file.name != report.file.name


def test_history_records_the_orderer(seeded, official, django_capture_on_commit_callbacks):
    report = order(official, seeded, django_capture_on_commit_callbacks)
    records = list(report.history.order_by("history_date", "history_id"))
    assert [r.status for r in records] == ["queued", "generating", "done"]
    assert all(r.history_user == official for r in records)


def test_city_report_has_one_row_per_unit_and_totals(
    seeded, bromma, security_function, django_capture_on_commit_callbacks
):
    # The current year: the registers at generation (a past year shows 31 December's state).
    report = order(security_function, None, django_capture_on_commit_callbacks,
                   kind=ReportKind.CITY_YEARLY, year=timezone.localdate().year)
    assert report.status == ReportStatus.DONE, report.error
    text = pdf_text(report.file.read())
    assert "Sammanfattning per enhet" in text
    assert "Farsta stadsdelsnämnd" in text and "Bromma stadsdelsnämnd" in text
    assert "Totalt" in text
    for heading in SECTION_HEADINGS:
        assert heading in text


def test_who_may_order(farsta, official, unit_auditor, outsider, city_auditor):
    assert services.report_order(actor=unit_auditor, kind=ReportKind.UNIT_YEARLY, unit=farsta,
                                 year=2025)
    with pytest.raises(PermissionDenied):
        services.report_order(actor=outsider, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025)
    with pytest.raises(PermissionDenied):
        services.report_order(actor=official, kind=ReportKind.CITY_YEARLY, year=2025)
    assert services.report_order(actor=city_auditor, kind=ReportKind.CITY_YEARLY, year=2025)


def test_year_out_of_range_is_a_validation_error(farsta, official):
    with pytest.raises(ValidationError) as info:
        services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=1999)
    assert "year" in info.value.message_dict


def test_failure_retries_then_marks_failed_and_can_be_ordered_again(
    farsta, official, monkeypatch, django_capture_on_commit_callbacks
):
    from rapporter import rendering

    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise RuntimeError("WeasyPrint kraschade")

    monkeypatch.setattr(rendering, "write_pdf", broken)
    report = order(official, farsta, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert "WeasyPrint kraschade" in report.error
    assert len(calls) == report.attempts == 1 + services.settings.REPORT_MAX_RETRIES
    assert not report.file

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_reorder(actor=official, report=report)
    again.refresh_from_db()
    assert again.pk != report.pk and again.status == ReportStatus.DONE
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FAILED
