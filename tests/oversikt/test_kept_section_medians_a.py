"""The sections' city medians (residual risk per level, incidents per category) are kept
between requests with the key figures (``shared_reads.kept``, ``figure_cache``): a page that
finds them kept reads only its own unit's rows, and a change in any unit's register shows on
the next page, equal to a direct count."""

from __future__ import annotations

import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidenter.models import Incident, IncidentCategory
from isms import shared_reads
from oversikt import selectors
from risk import matrix as risk_matrix
from tests.oversikt.test_oversikt_sections_c import _city_medians_per_level, _incident, _risk

pytestmark = pytest.mark.django_db


def _page_section(unit, key):
    """One page's view of the section (its own scope, as a request has)."""
    with shared_reads.scope():
        data = selectors.unit_dashboards(user=None, units=[unit], todo=False)
    return {p["section"].key: p["data"] for p in data["units"][0]["sections"]}[key]


def _level_medians(data):
    return {row["level"].rank: row["median"] for row in data["levels"]}


def test_risk_level_medians_are_kept_and_follow_a_change(farsta, bromma, coordinator,
                                                         security_function):
    _risk(farsta, coordinator, "Hög kvar", residual=(4, 3))
    for i in range(2):
        _risk(bromma, security_function, f"Bromma {i}", residual=(4, 4))
    assert _level_medians(_page_section(farsta, "risk_heatmap")) == _city_medians_per_level(
        risk_matrix.load())

    # Kept: the next page reads the unit's own cells only, not every unit's.
    with CaptureQueriesContext(connection) as ctx:
        kept = _page_section(farsta, "risk_heatmap")
    cells = [q["sql"] for q in ctx.captured_queries if '"residual_consequence"' in q["sql"]
             and "GROUP BY" in q["sql"]]
    assert len(cells) == 1 and f"IN ({farsta.pk})" in cells[0]
    assert _level_medians(kept) == _city_medians_per_level(risk_matrix.load())

    for i in range(4):  # Bromma's risks at the highest level: the median moves
        _risk(bromma, security_function, f"Bromma mer {i}", residual=(4, 4))
    medians = _city_medians_per_level(risk_matrix.load())
    assert _level_medians(_page_section(farsta, "risk_heatmap")) == medians
    assert max(medians.values()) == statistics.median([0, 6])


def test_incident_medians_are_kept_and_follow_a_change(farsta, bromma, official,
                                                       security_function):
    phishing = IncidentCategory.objects.order_by("order").first()
    now = timezone.now() - timezone.timedelta(minutes=1)
    _incident(farsta, official, now, phishing)
    _incident(bromma, security_function, now, phishing)
    first = _page_section(farsta, "incidents_per_month")
    by_name = {c["name"]: c for c in first["categories"]}
    assert by_name[phishing.name]["median"] == statistics.median([1, 1])

    with CaptureQueriesContext(connection) as ctx:
        kept = _page_section(farsta, "incidents_per_month")
    grouped = [q["sql"] for q in ctx.captured_queries
               if '"incidenter_incident"' in q["sql"] and '"category_id"' in q["sql"]
               and "GROUP BY" in q["sql"]]
    assert len(grouped) == 1 and f"IN ({farsta.pk})" in grouped[0]  # the unit's months only
    assert kept["categories"] == first["categories"]
    assert kept["total_median"] == first["total_median"]

    for _i in range(4):
        _incident(bromma, security_function, now, phishing)
    assert Incident.objects.filter(unit=bromma).count() == 5
    later = _page_section(farsta, "incidents_per_month")
    by_name = {c["name"]: c for c in later["categories"]}
    assert by_name[phishing.name]["median"] == statistics.median([1, 5])
    assert later["total_median"] == statistics.median([1, 5])
