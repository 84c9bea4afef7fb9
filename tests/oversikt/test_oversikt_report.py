"""The yearly report opens with the dashboard (report plug-in): the unit's key figures against
the city median and the trend, or the city table; a past year shows that year's trend from the
history, never today's figures as if they were the year-end's."""

from __future__ import annotations

import pytest
from django.utils import timezone
from weasyprint import HTML

from isms import plugins
from rapporter import rendering
from rapporter.models import Report, ReportKind
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


def _html(**fields):
    return rendering.render_report_html(report=Report(pk=7, **fields), generated_at=timezone.now())


def test_the_dashboard_section_comes_first():
    sections = plugins.report_sections()
    assert sections[0].key == "oversikt"


def test_unit_report_opens_with_key_figures_and_trend(farsta, official, chief, settings):
    approved(make_asset(farsta, official), official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    year = timezone.localdate().year
    html = _html(kind=ReportKind.UNIT_YEARLY, unit=farsta, year=year)
    section = html[html.index('id="avsnitt-oversikt"'):]
    assert "Stadens median" in section and "Klassad andel" in section
    assert "<svg" in section
    HTML(string=html, base_url=str(settings.BASE_DIR)).render()  # lays out


def test_past_year_unit_report_shows_that_years_trend_only(farsta):
    year = timezone.localdate().year - 1
    html = _html(kind=ReportKind.UNIT_YEARLY, unit=farsta, year=year)
    section = html[html.index('id="avsnitt-oversikt"'):]
    section = section[:section.index("</section>")]
    assert "Stadens median" not in section
    assert f"januari {year}" in section and f"december {year}" in section


def test_city_report_opens_with_the_city_table(farsta, bromma, settings):
    year = timezone.localdate().year
    html = _html(kind=ReportKind.CITY_YEARLY, year=year)
    section = html[html.index('id="avsnitt-oversikt"'):]
    section = section[:section.index("</section>")]
    assert "Farsta stadsdelsnämnd" in section and "Bromma stadsdelsnämnd" in section
    assert "Staden: median" in section
    HTML(string=html, base_url=str(settings.BASE_DIR)).render()
