"""The Statement of Applicability in the city report: one row per unit (applicable controls,
genomförda, delvis, ej påbörjade, utan krav i planen, ej tillämpliga, ej bedömda) and a column
of the summary per unit, with the figures each unit's own SoA page shows (pdftotext); a past
year shows the statements as they were on 31 December."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.manager import HistoryManager
from weasyprint import HTML

from isms.dates import local_today
from klassning import services as klassning_services
from klassning.models import PlanStatus, UnitRequirement
from ledningssystem import selectors, services
from ledningssystem.models import AnnexAControl
from ledningssystem.report import followup_section
from rapporter import rendering
from rapporter import services as report_services
from rapporter.models import Report, ReportKind, ReportStatus
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

ORDER = ("applies", "done", "partly", "not_started", "without_plan", "excluded", "not_assessed")


@pytest.fixture
def statements(farsta, bromma, official, chief, make_person):
    """Farsta: a plan with one requirement fulfilled, one not applicable, a control excluded by
    the unit and one declared applicable without a requirement. Bromma: a smaller plan."""
    approved(make_asset(farsta, official, personal_data="sensitive"), official, chief,
             {"K": 3, "R": 2, "T": 2, "S": 2})
    fulfilled = UnitRequirement.objects.get(unit=farsta, requirement__code="K-01")  # 5.18, 5.15
    klassning_services.plan_item_update(actor=chief, item=fulfilled,
                                        expected_version=fulfilled.version,
                                        status=PlanStatus.FULFILLED, evidence_note="Rutin finns")
    ruled_out = UnitRequirement.objects.get(unit=farsta, requirement__code="K-05")  # 6.3
    klassning_services.plan_item_update(actor=chief, item=ruled_out,
                                        expected_version=ruled_out.version,
                                        status=PlanStatus.NOT_APPLICABLE, motivation="Annan kurs")
    services.statement_set(actor=chief, unit=farsta, control=AnnexAControl.objects.get(
        control_id="7.4"), applicability="excluded", justification="Inga egna lokaler.")
    unassessed = next(r["control"] for r in selectors.statement_rows(unit=farsta)
                      if r["derived"] == "not_assessed" and r["control_id"] != "7.4")
    services.statement_set(actor=chief, unit=farsta, control=unassessed, applicability="applies",
                           how_met="Juristernas bevakning.")
    bromma_official = make_person("handlaggare.bromma", bromma, "official")
    bromma_chief = make_person("chef.bromma", bromma, "chief")
    approved(make_asset(bromma, bromma_official, name="Föreningsregister"), bromma_official,
             bromma_chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    return farsta, bromma


def _text(report) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", report.file.path, "-"], capture_output=True,
                         check=True).stdout.decode()
    return " ".join(out.split())


def _row(figures) -> str:
    return " ".join(str(figures[k]) for k in ORDER)


def test_figures_per_unit_match_each_units_statement(statements):
    farsta, bromma = statements
    by_unit = selectors.statement_figures_by_unit(units=[farsta, bromma])
    for unit in (farsta, bromma):
        assert by_unit[unit.pk] == selectors.statement_figures(selectors.statement_rows(unit=unit))
    farsta_figures = by_unit[farsta.pk]
    assert farsta_figures["done"] >= 1 and farsta_figures["without_plan"] == 1
    assert farsta_figures["excluded"] >= 1
    assert sum(farsta_figures[k] for k in ("applies", "excluded", "not_assessed")) == 93
    assert farsta_figures["applies"] == sum(
        farsta_figures[k] for k in ("done", "partly", "not_started", "without_plan"))


def test_city_report_shows_the_soa_per_unit_and_in_the_summary(
    statements, security_function, django_capture_on_commit_callbacks
):
    farsta, bromma = statements
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_order(actor=security_function, year=local_today().year,
                                              kind=ReportKind.CITY_YEARLY)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    text = _text(report)
    figures = {u.pk: selectors.statement_figures(selectors.statement_rows(unit=u))
               for u in (farsta, bromma)}
    followup = text[text.index("8. Granskning och uppföljning Avser"):]
    assert "Tillämplighetsförklaring (ISO/IEC 27001:2022 bilaga A)" in followup
    assert f"Bromma stadsdelsnämnd {_row(figures[bromma.pk])}" in followup
    assert f"Farsta stadsdelsnämnd {_row(figures[farsta.pk])}" in followup
    totals = {k: figures[farsta.pk][k] + figures[bromma.pk][k] for k in ORDER}
    assert f"Totalt {_row(totals)}" in followup
    assert (f"I de 2 enheterna är {totals['applies']} kontroller tillämpliga, varav "
            f"{totals['done']} genomförda och {totals['partly']} delvis genomförda") in followup
    summary = text[text.index("Sammanfattning per enhet Läget"):
                   text.index("1. Nyckeltal och jämförelse med staden Läget")]
    # The summary's column (its header is hyphenated in the crowded table): done/applicable.
    rows = re.search(r"Bromma stadsdelsnämnd (.*) Farsta stadsdelsnämnd (.*) Totalt (.*) LIS",
                     summary)
    for values, f in ((rows[1], figures[bromma.pk]), (rows[2], figures[farsta.pk]),
                      (rows[3], totals)):
        assert f"{f['done']}/{f['applies']}" in values.split(), values


def test_city_soa_costs_a_fixed_number_of_queries(make_unit, statements):
    farsta, bromma = statements
    with CaptureQueriesContext(connection) as two:
        selectors.statement_figures_by_unit(units=[farsta, bromma])
    more = [farsta, bromma, *(make_unit(f"enhet{i}") for i in range(6))]
    with CaptureQueriesContext(connection) as eight:
        selectors.statement_figures_by_unit(units=more)
    assert len(two.captured_queries) == len(eight.captured_queries) <= 4


def _backdate(when):
    for model in apps.get_models():
        manager = getattr(model, "history", None)
        if model._meta.app_label in ("klassning", "ledningssystem", "namnder") and isinstance(
            manager, HistoryManager
        ):
            manager.update(history_date=when)


def test_a_past_years_report_shows_the_soa_on_31_december(statements, chief):
    farsta, bromma = statements
    last_year = local_today().year - 1
    before = selectors.statement_figures_by_unit(units=[farsta, bromma])
    _backdate(dt.datetime(last_year, 12, 1, 12, tzinfo=timezone.get_current_timezone()))
    # In the new year: every open requirement of Farsta fulfilled, 7.4 applies again.
    for item in UnitRequirement.objects.filter(unit=farsta, is_current=True,
                                               status=PlanStatus.NOT_STARTED):
        klassning_services.plan_item_update(actor=chief, item=item, expected_version=item.version,
                                            status=PlanStatus.FULFILLED, evidence_note="Klart")
    statement = farsta.applicability_statements.get(control__control_id="7.4")
    services.statement_set(actor=chief, unit=farsta, control=statement.control,
                           expected_version=statement.version, applicability="derived",
                           justification="", how_met="")
    now = selectors.statement_figures_by_unit(units=[farsta, bromma])
    assert now[farsta.pk] != before[farsta.pk]
    past = followup_section(unit=None, year=last_year, units=[farsta, bromma])
    rows = {r["name"]: r for r in past["soa_units"]}
    assert {k: rows[farsta.name][k] for k in before[farsta.pk]} == before[farsta.pk]
    assert past["soa_at_year_end"] and past["summary"].rows[farsta.pk] == [
        f"{before[farsta.pk]['done']}/{before[farsta.pk]['applies']}"]
    unit_past = followup_section(unit=farsta, year=last_year)
    assert unit_past["soa"] == before[farsta.pk]
    current = followup_section(unit=None, year=local_today().year, units=[farsta, bromma])
    assert {r["name"]: r["done"] for r in current["soa_units"]}[farsta.name] == now[farsta.pk]["done"]


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_the_soa_table_fits_a4_with_45_units(make_unit, settings):
    for i in range(45):
        make_unit(f"enhet-{i}", f"Styrelsen för AB Stockholms Långa Bolagsnamn Nummer {i}")
    html = rendering.render_report_html(
        report=Report(pk=3, kind=ReportKind.CITY_YEARLY, year=local_today().year),
        generated_at=timezone.now(),
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    rows = 0
    for page in document.pages:
        page_box = page._page_box
        right_edge = page_box.margin_width() - page_box.margin_right
        for box in _boxes(page_box):
            element = getattr(box, "element", None)
            if type(box).__name__ != "TableBox" or "soa-table" not in (
                element.get("class") or ""
            ):
                continue
            assert page.width < page.height  # portrait A4, as the rest of the section
            for cell in _boxes(box):
                assert cell.position_x + cell.margin_width() <= right_edge + 0.5
                if type(cell).__name__ == "TableRowGroupBox" and cell.element.tag == "tbody":
                    rows += len(cell.children)
    assert rows == 45
