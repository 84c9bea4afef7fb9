"""The yearly report's incident section (PDF through pdftotext): incidents per category, the
legal notifications on time and late with the reasons; confidential incidents counted without
content; the city report's summary columns."""

import shutil
import subprocess

import pytest

from incidenter import report as incident_report
from incidenter.models import Applicability, IncidentCategory
from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus
from tests.incidenter_helpers import CYBER, assess_all_not_applicable, local, set_obligation, update
from tests.incidenter_helpers import report as file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(farsta, coordinator, chief):
    cat = {c.code: c for c in IncidentCategory.objects.all()}
    on_time = file_report(farsta, coordinator, title="Felskickat brev",
                          discovered_at=local(2025, 3, 3, 9, 0))
    update(on_time, coordinator, category=cat["felskickad-information"])
    set_obligation(on_time, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                   sent_at=local(2025, 3, 5, 9, 0), authority_reference="IMY-2025-1")
    assess_all_not_applicable(on_time, coordinator, codes=CYBER)
    late = file_report(farsta, coordinator, title="Stulen dator",
                       discovered_at=local(2025, 6, 2, 9, 0))
    update(late, coordinator, category=cat["forlust-stold"])
    set_obligation(late, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                   sent_at=local(2025, 6, 9, 9, 0), late_reason="Datorn saknades först inte.")
    secret = file_report(farsta, chief, title="Hemlig sak om en medarbetare",
                         discovered_at=local(2025, 9, 1, 9, 0))
    update(secret, chief, category=cat["obehorig-atkomst"], confidential=True)
    set_obligation(secret, "gdpr-art33", chief, applies=Applicability.APPLIES,
                   sent_at=local(2025, 9, 8, 9, 0), late_reason="Känsligt skäl")
    return farsta


def test_section_data(year_2025):
    data = incident_report.incident_section(unit=year_2025, year=2025)
    assert data["total"] == 3 and data["confidential"] == 1
    assert data["timing"] == {"on_time": 1, "late": 2, "unsent": 0}
    names = {row["name"]: row["n"] for row in data["categories"]}
    assert names["Felskickad information"] == 1
    assert "Obehörig åtkomst" not in names  # the confidential one is counted on its own
    rows = list(data["notifications"])
    assert [r["outcome"] for r in rows] == ["I tid", "Sen", "Sen"]
    assert rows[2]["incident__title"] == "Konfidentiell incident"
    assert rows[2]["late_reason"] == "(konfidentiellt)"
    assert data["months"][2] == 1 and data["months"][5] == 1 and data["months"][8] == 1


def test_city_section_summary(year_2025, bromma):
    data = incident_report.incident_section(unit=None, year=2025, units=[year_2025, bromma])
    summary = data["summary"]
    assert summary.rows[year_2025.pk] == [3, 1, 2]
    assert summary.rows[bromma.pk] == [0, 0, 0]
    assert summary.totals == [3, 1, 2]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) saknas")
def test_yearly_pdf_lists_notifications_on_time_and_late(
        year_2025, coordinator, django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=True):
        ordered = report_services.report_order(
            actor=coordinator, kind=ReportKind.UNIT_YEARLY, unit=year_2025, year=2025)
    ordered.refresh_from_db()
    assert ordered.status == ReportStatus.DONE, ordered.error
    path = tmp_path / "r.pdf"
    path.write_bytes(ordered.file.read())
    text = " ".join(subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True,
    ).stdout.split())
    assert "Incidenter" in text
    assert "Ännu inte registrerat i portalen" not in text.split("Incidenter", 1)[1][:400]
    # Table cells wrap: look for the start of each.
    assert "Felskickat" in text and "I tid" in text
    assert ": Stulen dator" in text and "Datorn saknades" in text and "Sen" in text
    assert "Hemlig sak" not in text and "Känsligt skäl" not in text
    assert ": Konfidentiell" in text and "(konfidentiellt)" in text
