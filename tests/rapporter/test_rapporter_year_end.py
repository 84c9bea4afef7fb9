"""A report for a past year shows the registers on 31 December, rebuilt from the history
tables, whatever changed afterwards; the current year's report shows the state at generation."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.manager import HistoryManager

from isms.as_of import year_end
from klassning import services as klassning_services
from klassning.models import InformationAsset, PlanStatus, UnitRequirement
from klassning.report import classification_section
from nämnder import services as unit_services
from rapporter import rendering
from rapporter.models import Report, ReportKind
from rapporter.selectors import report_units
from tests.klassning_helpers import approved, make_asset
from tests.rapporter_helpers import CHIEF_NAME, seed_unit

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _backdate(when):
    """Pretend everything recorded so far happened at ``when`` (the registers' history)."""
    for model in apps.get_models():
        manager = getattr(model, "history", None)
        if model._meta.app_label in ("klassning", "namnder") and isinstance(manager, HistoryManager):
            manager.update(history_date=when)


def _html(unit, year, kind=ReportKind.UNIT_YEARLY):
    return rendering.render_report_html(
        report=Report(pk=7, kind=kind, unit=unit, year=year), generated_at=timezone.now()
    )


@pytest.fixture
def changed_after_new_year(farsta, official, chief):
    """Farsta as it was in December last year, then changed in the new year."""
    seed_unit(farsta, submitter=official, approver=chief)
    _backdate(dt.datetime(LAST_YEAR, 12, 1, 12, tzinfo=timezone.get_current_timezone()))
    farsta.refresh_from_db()
    unit_services.unit_update(actor=chief, unit=farsta, expected_version=farsta.version,
                              chief_name="Nyanställd Chef")
    kart = InformationAsset.objects.get(unit=farsta, name="Kartdata över Hökarängen")
    approved(kart, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})  # 3/3 classified now
    make_asset(farsta, official, name="Nytt register i januari")
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    klassning_services.plan_item_update(actor=chief, item=item, expected_version=item.version,
                                        status=PlanStatus.FULFILLED,
                                        evidence_note="Rutinen är införd.")
    return farsta


def test_last_years_report_shows_year_end_values(changed_after_new_year):
    html = _html(changed_after_new_year, LAST_YEAR)
    assert CHIEF_NAME in html and "Nyanställd Chef" not in html
    assert "Nytt register i januari" not in html
    assert "2/3" in html and "3/4" not in html  # two of three classified on 31 December
    assert "Uppfylld" not in html.split("Åtgärdsplan: organisatoriska krav")[1].split("</table>")[0]
    assert f"Läget vid årets slut, {LAST_YEAR}-12-31." in html
    data = classification_section(unit=changed_after_new_year, year=LAST_YEAR)
    assert data["unit_plan"].fulfilled == 0


def test_current_years_report_shows_the_state_at_generation(changed_after_new_year):
    html = _html(changed_after_new_year, LAST_YEAR + 1)
    assert "Nyanställd Chef" in html and "Nytt register i januari" in html
    assert "3/4" in html
    assert "Läget vid rapportens generering" in html


def test_city_report_lists_the_units_of_the_year_end(changed_after_new_year, make_unit):
    make_unit("nyinrattad", "Nyinrättade nämnden")  # created in the new year
    html = _html(None, LAST_YEAR, kind=ReportKind.CITY_YEARLY)
    assert "Farsta stadsdelsnämnd" in html and "Nyinrättade nämnden" not in html
    assert "Nyinrättade nämnden" in _html(None, LAST_YEAR + 1, kind=ReportKind.CITY_YEARLY)


def test_year_end_figures_cost_the_same_queries_for_more_assets(farsta, official, chief):
    seed_unit(farsta, submitter=official, approver=chief)
    _backdate(dt.datetime(LAST_YEAR, 6, 1, tzinfo=timezone.get_current_timezone()))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            data = classification_section(
                unit=None, year=LAST_YEAR, units=report_units(at=year_end(LAST_YEAR))
            )
            unit_data = classification_section(unit=farsta, year=LAST_YEAR)
            for key in ("overdue", "register", "plan_items", "service_by_requirement"):
                list(unit_data[key])
        return len(ctx), data

    before, _ = count()
    for i in range(15):
        approved(make_asset(farsta, official, name=f"Akt {i}"), official, chief,
                 {"K": 2, "R": 1, "T": 1, "S": 1})
    _backdate(dt.datetime(LAST_YEAR, 6, 1, tzinfo=timezone.get_current_timezone()))
    after, data = count()
    assert data["sums"]["assets"] == 18
    assert after == before
