"""The unit report's register of information assets: in the PDF in full for a small unit, only
the assets without an approved classification for a large one, and always embedded whole in the
PDF as an XLSX file (PDF/A-3), downloadable from the report's page like the PDF itself (issue 9:
a 3,000-asset unit's report must be generated in reasonable time)."""

import io
import logging

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from klassning import report as klassning_report
from rapporter import services
from rapporter.models import ReportDownload, ReportIntegrityAlarm, ReportKind, ReportStatus
from tests.rapporter_helpers import pdf_text, seed_unit

pytestmark = pytest.mark.django_db

NAME = "informationsmangder-farsta-2026.xlsx"
ASSETS = ["Elevregister", "Kartdata över Hökarängen", "Personalakter"]


@pytest.fixture
def seeded(farsta, official, chief):
    return seed_unit(farsta, submitter=official, approver=chief)


def generate(actor, unit, capture):
    with capture(execute=True):
        report = services.report_order(
            actor=actor, kind=ReportKind.UNIT_YEARLY, unit=unit, year=2026
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def register_part(text: str) -> str:
    """The PDF's text from the register's heading to the next section (Risker)."""
    start = text.rindex("Förteckning över informationsmängder")
    end = text.find("Risker", start)
    return text[start:end if end != -1 else None]


def embedded_rows(pdf: bytes) -> list[tuple]:
    files = PdfReader(io.BytesIO(pdf)).attachments
    assert list(files) == [NAME]
    return workbook_rows(files[NAME][0])


def workbook_rows(xlsx: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_small_unit_lists_every_asset_and_embeds_the_register(
    seeded, official, django_capture_on_commit_callbacks
):
    report = generate(official, seeded, django_capture_on_commit_callbacks)
    data = report.file.read()
    part = register_part(pdf_text(data))
    for name in ASSETS:
        assert name in part
    assert f"bilaga i PDF-filen: {NAME}" in part
    rows = embedded_rows(data)
    assert rows[0] == ("Informationsmängd", "Personuppgifter", "Fastställd profil",
                       "Översyn senast", "Översyn försenad")
    assert [r[0] for r in rows[1:]] == ASSETS
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Elevregister"][1] == "Känsliga personuppgifter (art. 9 GDPR)"
    assert by_name["Elevregister"][2] == "K3 R2 T2 S2"
    assert by_name["Kartdata över Hökarängen"][2] is None  # no approved classification
    assert report.parameters["attachments"] == [{"name": NAME, "rows": 3}]


def test_large_unit_lists_the_unclassified_and_the_attachment_holds_all(
    seeded, official, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(klassning_report, "REGISTER_IN_PDF_MAX", 2)
    report = generate(official, seeded, django_capture_on_commit_callbacks)
    data = report.file.read()
    part = register_part(pdf_text(data))
    assert "Enheten har 3 informationsmängder. Här listas de 1 som saknar fastställd" in part
    assert "Kartdata över Hökarängen" in part
    assert "Elevregister" not in part and "Personalakter" not in part
    assert NAME in part
    assert [r[0] for r in embedded_rows(data)[1:]] == ASSETS


def test_attachment_is_downloaded_from_the_verified_pdf_and_logged(
    seeded, official, unit_auditor, client_for, django_capture_on_commit_callbacks
):
    report = generate(official, seeded, django_capture_on_commit_callbacks)
    client = client_for(unit_auditor)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    url = reverse("report_attachment", args=[report.pk, NAME])
    assert "Bilagor i PDF-filen" in page and f'href="{url}"' in page and "(3 rader)" in page
    assert f"{NAME} (3 rader)" in page  # the history's readable parameters
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert NAME in response["Content-Disposition"]
    rows = workbook_rows(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ASSETS
    assert ReportDownload.objects.get().user == unit_auditor
    # A name the report does not record is not found; nothing more is logged.
    other = reverse("report_attachment", args=[report.pk, "hemligt.xlsx"])
    assert client.get(other).status_code == 404
    assert ReportDownload.objects.count() == 1


def test_attachment_of_a_tampered_pdf_is_refused(
    seeded, official, unit_auditor, client_for, django_capture_on_commit_callbacks, caplog
):
    report = generate(official, seeded, django_capture_on_commit_callbacks)
    with open(report.file.path, "ab") as stored:
        stored.write(b"%% manipulerad")
    with caplog.at_level(logging.ERROR, logger="rapporter.services"):
        response = client_for(unit_auditor).get(
            reverse("report_attachment", args=[report.pk, NAME])
        )
    assert response.status_code == 409
    assert "Rapporten kan inte laddas ner" in response.content.decode()
    assert not ReportDownload.objects.exists()
    assert ReportIntegrityAlarm.objects.get().user == unit_auditor


def test_other_units_official_cannot_reach_the_attachment(
    seeded, official, outsider, client_for, django_capture_on_commit_callbacks
):
    report = generate(official, seeded, django_capture_on_commit_callbacks)
    response = client_for(outsider).get(reverse("report_attachment", args=[report.pk, NAME]))
    assert response.status_code == 404
    assert not ReportDownload.objects.exists()
