"""The yearly PDF's risk section: heatmaps (inherent and residual) and the accepted risks with
who accepted them; the city report's summary has the risk columns per unit."""

import pytest
from django.utils import timezone

from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus
from risk import report, services
from tests.rapporter_helpers import pdf_text
from tests.risk_helpers import make_action, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def risks(farsta, official, chief):
    accepted = make_risk(farsta, official, title="Avbrott i skolplattformen", likelihood=3,
                         consequence=4)
    services.risk_accept(actor=chief, risk=accepted, expected_version=accepted.version,
                         motivation="Beslut i ledningsgruppen")
    reduced = make_risk(farsta, official, title="Nätfiske mot förskolan", likelihood=4,
                        consequence=4, residual_likelihood=2, residual_consequence=2,
                        treatment="reduce")
    make_action(reduced, official, days=-3)
    return accepted, reduced


def _order(actor, capture, **kw):
    with capture(execute=True):
        r = report_services.report_order(actor=actor, year=timezone.localdate().year, **kw)
    r.refresh_from_db()
    assert r.status == ReportStatus.DONE, r.error
    return pdf_text(r.file.read())


def _section(text):
    start = text.index("Riskmatris: MSB 4×4")
    return text[start:text.index("Incidenter", start)]


def test_unit_pdf_risk_section_shows_heatmap_and_accepted_risks(
    risks, farsta, official, django_capture_on_commit_callbacks
):
    text = _order(official, django_capture_on_commit_callbacks, kind=ReportKind.UNIT_YEARLY,
                  unit=farsta)
    section = _section(text)
    assert "Ännu inte registrerat i portalen" not in section
    assert "Inneboende risk" in section and "Kvarstående risk" in section
    assert "Extremt hög" in section and "Försumbar" in section  # the matrix's cells and scale
    assert "Accepterade risker" in section
    assert "Avbrott i skolplattformen" in section and "Chef Farsta" in section
    assert "Beslut i ledningsgruppen" in section
    assert "Nätfiske mot förskolan" in section  # a top risk
    assert "1 försenade åtgärder" in section


def test_section_data_counts(risks, farsta):
    data = report.risk_section(unit=farsta, year=timezone.localdate().year)
    inherent = {(c["likelihood"], c["consequence"]): c["count"]
                for row in data["inherent"] for c in row["cells"]}
    assert inherent[(3, 4)] == 1 and inherent[(4, 4)] == 1 and sum(inherent.values()) == 2
    residual = {(c["likelihood"], c["consequence"]): c["count"]
                for row in data["residual"] for c in row["cells"]}
    assert sum(residual.values()) == 1 and residual[(2, 2)] == 1
    accepted = list(data["accepted"])
    assert [r["accepted_by_name"] for r in accepted] == ["Chef Farsta"]


def test_past_year_is_rebuilt_from_history(risks, farsta):
    data = report.risk_section(unit=farsta, year=2020)
    assert data["total"] == 0 and list(data["accepted"]) == []


def test_city_summary_has_a_row_per_unit(risks, farsta, bromma):
    data = report.risk_section(unit=None, year=timezone.localdate().year, units=[farsta, bromma])
    assert data["summary"].rows[farsta.pk] == [2, 1, 1, 0]
    assert data["summary"].rows[bromma.pk] == [0, 0, 0, 0]
    assert data["sums"]["total"] == 2


def test_changes_section_counts_risk_history(risks, farsta):
    from rapporter.sections import changes

    data = changes.changes_section(unit=farsta, year=timezone.localdate().year)
    by_register = {r["register"]: r for r in data["by_register"]}
    assert by_register["Risker"]["created"] == 2 and by_register["Risker"]["changed"] == 1
    assert by_register["Riskåtgärder"]["created"] == 1
