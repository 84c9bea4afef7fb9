"""Report pages: access through the access module (404), downloads logged, verify form, errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporter import services
from rapporter.models import Report, ReportDownload, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_report(security_function, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            actor=security_function, kind=ReportKind.CITY_YEARLY, year=2025
        )
    report.refresh_from_db()
    return report


def download_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_other_units_official_gets_404_for_page_download_and_status(report, outsider, client_for):
    client = client_for(outsider)
    for name in ("report_detail", "report_download", "report_status"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.post(reverse("report_reorder", args=[report.pk])).status_code == 404
    page = client.get(reverse("report_list"))
    assert page.status_code == 200 and f"/rapporter/{report.pk}/" not in page.content.decode()
    assert not ReportDownload.objects.exists()


def test_unit_auditor_and_city_auditor_can_download_and_it_is_logged(
    report, unit_auditor, city_auditor, client_for
):
    for user in (unit_auditor, city_auditor):
        response = client_for(user).get(reverse("report_download", args=[report.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert download_bytes(response) == report.file.open("rb").read()
    log = list(ReportDownload.objects.order_by("downloaded_at", "id"))
    assert [d.user for d in log] == [unit_auditor, city_auditor]
    page = client_for(unit_auditor).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "revisor.farsta" in page and "revisor.stad" in page


def test_city_report_only_for_city_wide_roles(city_report, official, chief, city_auditor, client_for):
    for user in (official, chief):
        assert client_for(user).get(reverse("report_detail", args=[city_report.pk])).status_code == 404
    assert client_for(city_auditor).get(
        reverse("report_download", args=[city_report.pk])
    ).status_code == 200


def test_verify_form_says_match_and_mismatch(report, unit_auditor, client_for):
    client = client_for(unit_auditor)
    url = reverse("report_verify", args=[report.pk])
    data = report.file.open("rb").read()
    good = client.post(url, {"file": SimpleUploadedFile("rapport.pdf", data)})
    assert good.status_code == 200
    assert "Filen stämmer med arkivet." in good.content.decode()
    bad = client.post(url, {"file": SimpleUploadedFile("rapport.pdf", data + b"%")})
    assert "Filen stämmer inte med arkivet." in bad.content.decode()
    missing = client.post(url, {})
    assert missing.status_code == 400 and "Välj en fil att kontrollera." in missing.content.decode()


def test_order_through_the_page_and_swedish_errors(
    farsta, official, client_for, django_capture_on_commit_callbacks
):
    client = client_for(official)
    url = reverse("report_list")
    page = client.get(url)
    assert page.status_code == 200 and "Beställ rapport" in page.content.decode()
    assert "Hela staden" not in page.content.decode()  # no city report for a unit official
    bad = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk, "year": 1800})
    assert bad.status_code == 400 and "Ange ett år från 2024." in bad.content.decode()
    bad = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk, "year": "tjugo"})
    assert bad.status_code == 400 and "Ange året med fyra siffror" in bad.content.decode()
    bad = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "year": 2025})
    assert bad.status_code == 400 and "Välj vilken nämnd" in bad.content.decode()
    bad = client.post(url, {"kind": ReportKind.CITY_YEARLY, "year": 2025})
    assert bad.status_code == 400 and not Report.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk, "year": 2025})
    report = Report.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("report_detail", args=[report.pk])
    detail = client.get(ok["Location"]).content.decode()
    assert "Klar" in detail and report.sha256 in detail and "Ladda ner PDF" in detail


def test_queued_report_page_polls_with_a_static_script(farsta, official, client_for):
    report = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )  # not committed: the task never ran, the report stays köad
    page = client_for(official).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Köad" in page and "js/report-status.js" in page and "<script>" not in page
    status = client_for(official).get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "queued" and status["label"] == "Köad"
    assert client_for(official).get(reverse("report_download", args=[report.pk])).status_code == 404


def test_failed_report_shows_error_and_can_be_ordered_again_from_the_page(
    farsta, official, client_for, django_capture_on_commit_callbacks
):
    report = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )
    services.report_mark_failed(report_id=report.pk, error="RuntimeError: inget minne")
    client = client_for(official)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Misslyckad" in page and "Beställ igen" in page
    assert "Rapporten kunde inte skapas." in page and "inget minne" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_reorder", args=[report.pk]))
    new = Report.objects.exclude(pk=report.pk).get()
    assert response["Location"] == reverse("report_detail", args=[new.pk])
    assert new.status == ReportStatus.DONE


def test_archive_export_respects_access(report, city_report, official, outsider, client_for):
    body = b"".join(
        client_for(official).get(reverse("report_list") + "?format=csv").streaming_content
    ).decode()
    assert report.sha256 in body and city_report.sha256 not in body
    assert client_for(official).get(reverse("report_list") + "?format=pdf").status_code == 404
    body = b"".join(
        client_for(outsider).get(reverse("report_list") + "?format=csv").streaming_content
    ).decode()
    assert report.sha256 not in body
    xlsx = client_for(official).get(reverse("report_list") + "?format=xlsx")
    assert xlsx.status_code == 200


def test_unit_page_links_to_its_reports(farsta, official, client_for):
    page = client_for(official).get(reverse("unit_detail", args=[farsta.pk])).content.decode()
    assert f"/rapporter/?enhet={farsta.pk}" in page
