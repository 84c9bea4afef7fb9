"""The unit dashboard's trend over twelve months: classified share and plan fulfilment at each
month's end, rebuilt from the history (``isms.as_of``), drawn as server-rendered SVG with a text
alternative and a data table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from isms.charts import line_chart
from isms.dates import add_months, local_today
from klassning.models import Classification, InformationAsset, UnitRequirement
from oversikt import selectors
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


def _back_date(moment):
    for model in (InformationAsset, Classification, UnitRequirement):
        model.history.all().update(history_date=moment)


def test_trend_is_rebuilt_from_history(farsta, official, chief):
    today = local_today()
    first = add_months(today.replace(day=1), -3)
    moment = timezone.make_aware(dt.datetime(first.year, first.month, 2, 12))
    approved(make_asset(farsta, official, name="Gammal"), official, chief,
             {"K": 1, "R": 1, "T": 1, "S": 1})
    _back_date(moment)
    make_asset(farsta, official, name="Ny")  # this month: one of two classified
    trend = selectors.unit_trend(unit=farsta, today=today)
    classified = [row["values"][0] for row in trend["rows"]]
    assert classified == [None] * 8 + [100, 100, 100, 50]
    fulfilment = [row["values"][1] for row in trend["rows"]]
    assert fulfilment[:8] == [None] * 8 and fulfilment[8] == 0  # a plan, nothing fulfilled yet
    assert "från – i" in trend["summary"] and "till 50 %" in trend["summary"]


def test_trend_on_the_unit_dashboard(farsta, official, chief, client_for):
    approved(make_asset(farsta, official), official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    body = client_for(chief).get(reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "<figcaption>" in body
    assert "Utvecklingen per månad (diagrammets värden)" in body
    assert body.count('<th scope="row">') >= 12


def test_line_chart_tells_series_apart_without_colour():
    svg = line_chart(["jan", "feb", "mar"], [("Klassad andel", [10, None, 30]),
                                              ("Uppfyllda krav", [5, 6, 7])], title="T <x>")
    assert "<title>T &lt;x&gt;</title>" in svg
    assert "<circle" in svg and "<rect" in svg  # one marker shape per series
    assert 'stroke-dasharray="6 4"' in svg  # and a dash pattern
    assert "Klassad andel" in svg and "Uppfyllda krav" in svg  # a legend in text
    assert "style=" not in svg  # the Content-Security-Policy forbids inline styles
    # A month with nothing to count is a gap, not a zero.
    assert svg.count("<polyline") == 1
