"""The yearly PDF's "Styrdokument" and "Utbildning" sections show real figures (pdftotext),
for a unit and in the city report's summary."""

import datetime as dt
import shutil
import subprocess

import pytest

from isms.dates import local_today
from ledningssystem import services
from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus

from .helpers import audit_with_finding, course, decided

pytestmark = pytest.mark.django_db


def _text(report) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", report.file.path, "-"], capture_output=True,
                         check=True).stdout.decode()
    return " ".join(out.split())


def _seed(unit, actor):
    decided(unit, actor, "lokal-anvisning", title="Lokal anvisning för Farsta")
    decided(unit, actor, "incidentrutin", title="Incidentrutin Farsta")
    year = local_today().year
    services.staff_count_set(actor=actor, unit=unit, year=year, count=8)
    for i in range(6):
        services.completion_create(actor=actor, unit=unit, person=f"p{i}@example.se",
                                   course=course(), completed_on=local_today() - dt.timedelta(days=i))
    audit_with_finding(unit, actor)


def _order(actor, capture, **kw):
    with capture(execute=True):
        report = report_services.report_order(actor=actor, year=local_today().year, **kw)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def test_unit_report_sections_show_real_figures(farsta, chief, django_capture_on_commit_callbacks):
    _seed(farsta, chief)
    text = _text(_order(chief, django_capture_on_commit_callbacks, kind=ReportKind.UNIT_YEARLY,
                        unit=farsta))
    styr = text[text.index("3. Styrdokument Läget"):text.index("4. Informationsklassning Läget")]
    assert "Ännu inte registrerat" not in styr
    assert "Lokal anvisning för Farsta" in styr and "Incidentrutin Farsta" in styr
    assert "2 1 beslutade lokala styrdokument obligatoriska styrdokument saknas" in styr
    assert "Saknas (inget beslutat dokument): Rutin för behörighetsuppföljning" in styr
    utb = text[text.index("7. Utbildning Avser"):text.index("8. Granskning och uppföljning Avser")]
    assert "Ännu inte registrerat" not in utb
    assert "75 % 6" in utb and "8 medarbetare" in utb  # 6 of 8
    assert "Intern granskning" in text  # the follow-up section


def test_city_report_summarises_per_unit(farsta, bromma, chief, security_function,
                                         django_capture_on_commit_callbacks):
    _seed(farsta, chief)
    text = _text(_order(security_function, django_capture_on_commit_callbacks,
                        kind=ReportKind.CITY_YEARLY))
    # Summary per unit: required documents missing (Farsta 1, Bromma 3), its training share.
    summary = text[text.index("Sammanfattning per enhet Läget"):text.index("1. Nyckeltal och jämförelse med staden Läget")]
    assert "Bromma stadsdelsnämnd Nej Nej Nej 3 0" in summary
    assert "Farsta stadsdelsnämnd Nej Nej Nej 1 0" in summary and "75 %" in summary
    assert "0/2 enheter har alla obligatoriska lokala styrdokument beslutade" in text
    utb = text[text.index("7. Utbildning Avser"):text.index("8. Granskning och uppföljning Avser")]
    assert "75 %" in utb and "6/8" in utb
