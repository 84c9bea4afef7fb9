"""Limits on the report pages (issue 8, item 8): an oversized upload to the verify form gets a
Swedish form error without being stored, and ordering reports is limited per person and hour."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rapporter import services
from rapporter.models import Report, ReportKind

pytestmark = pytest.mark.django_db

TOO_LARGE = "Filen är för stor (högst 1 MB)"


def test_verify_form_refuses_a_too_large_file_with_a_swedish_error(
    report, official, client_for, settings
):
    settings.REPORT_VERIFY_MAX_SIZE = 1024 * 1024
    url = reverse("report_verify", args=[report.pk])
    big = SimpleUploadedFile("stor.pdf", b"%PDF" + b"x" * (1024 * 1024))
    response = client_for(official).post(url, {"file": big})
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    small = SimpleUploadedFile("liten.pdf", b"%PDF-1.7 liten")
    response = client_for(official).post(url, {"file": small})
    assert response.status_code == 200 and "Filen stämmer inte med arkivet." in response.content.decode()


def test_the_verify_form_still_checks_the_csrf_token(report, official, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(official)
    response = strict.post(
        reverse("report_verify", args=[report.pk]),
        {"file": SimpleUploadedFile("liten.pdf", b"%PDF")},
    )
    assert response.status_code == 403


def test_upload_limit_skips_the_file_once_it_passes_the_limit():
    from django.core.files.uploadhandler import SkipFile

    from rapporter.forms import UploadSizeLimit

    limit = UploadSizeLimit(max_size=10)
    assert limit.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(SkipFile):
        limit.receive_data_chunk(b"123456", 5)
    assert limit.exceeded


def test_ordering_is_limited_per_person_and_hour(farsta, bromma, official, outsider, client_for, settings):
    settings.REPORT_ORDER_LIMIT_PER_HOUR = 3
    for _ in range(3):
        services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025)
    with pytest.raises(ValidationError):
        services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025)
    response = client_for(official).post(
        reverse("report_list"), {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk, "year": 2025}
    )
    assert response.status_code == 400
    assert "Du har beställt 3 rapporter den senaste timmen" in response.content.decode()
    assert Report.objects.filter(ordered_by=official).count() == 3
    # Someone else still may.
    services.report_order(actor=outsider, kind=ReportKind.UNIT_YEARLY, unit=bromma, year=2025)
    # Ordering again from a report's page is the same order: refused with a message, no 500.
    report = Report.objects.filter(ordered_by=official).first()
    response = client_for(official).post(reverse("report_reorder", args=[report.pk]), follow=True)
    assert response.status_code == 200
    assert "Du har beställt 3 rapporter den senaste timmen" in response.content.decode()
    assert Report.objects.filter(ordered_by=official).count() == 3
    # An hour later the orders no longer count.
    Report.objects.filter(ordered_by=official).update(
        created_at=timezone.now() - dt.timedelta(hours=1, minutes=1)
    )
    services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025)
