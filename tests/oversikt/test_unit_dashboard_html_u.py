"""Parts of the unit dashboard written in Python rather than with template tags per cell give
the same HTML as the templates did: the residual-risk heatmap's rows (``risk.dashboard
.heatmap_rows_html``, the body of ``risk/_heatmap_table.html``), the prioritised IT services'
rows and the incident categories' rows; the report (``in_report``) keeps the templates' loops."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from oversikt import selectors
from tests.oversikt.test_oversikt_sections_c import (  # noqa: F401 (fixtures)
    incidents,
    risks,
    services,
)

pytestmark = pytest.mark.django_db


def _heatmap(data, **extra):
    return render_to_string("risk/_heatmap_table.html", {
        "matrix": data["matrix"], "rows": data["rows"], "caption": "Kvarstående <risk>",
        "links": True, **extra,
    })


def test_the_heatmap_rows_in_python_are_the_templates(risks, farsta):  # noqa: F811
    data = selectors.unit_dashboards(user=None, units=[farsta], todo=False)
    part = {p["section"].key: p["data"] for p in data["units"][0]["sections"]}["risk_heatmap"]
    assert sum(c["count"] for row in part["rows"] for c in row["cells"]) >= 2
    template = _heatmap(part)
    assert "risker, visa dem" in template and "&amp;likelihood=" in template
    assert _heatmap(part, body_html=part["rows_html"]) == template


def _sections(unit):
    data = selectors.unit_dashboards(user=None, units=[unit], todo=False)
    return {p["section"].key: p for p in data["units"][0]["sections"]}


def _both(part, html_key, **extra):
    """The section's template with the rows written in Python, and with the template's loop."""
    assert part["data"][html_key]
    context = {"section": part["section"], "unit": part["unit"], **extra}
    name = part["section"].template
    looped = {k: v for k, v in part["data"].items() if k != html_key}
    return (render_to_string(name, {**context, "data": part["data"]}),
            render_to_string(name, {**context, "data": looped}))


def test_the_service_rows_in_python_are_the_templates(services, farsta):  # noqa: F811
    part = _sections(farsta)["prioritised_services"]
    assert len(part["data"]["services"]) == 3
    python, template = _both(part, "rows_html")
    assert python == template
    assert "(enheten själv)" in python and 'class="warning"' in python
    in_report = _both(part, "rows_html", in_report=True)
    assert in_report[0] == in_report[1] and "<a href" not in in_report[0].split("<tbody>")[1]


def test_the_category_rows_in_python_are_the_templates(incidents, farsta):  # noqa: F811
    part = _sections(farsta)["incidents_per_month"]
    assert any(c["url"] for c in part["data"]["categories"])
    assert any(not c["url"] for c in part["data"]["categories"])
    python, template = _both(part, "categories_html")
    assert python == template
    in_report = _both(part, "categories_html", in_report=True)
    assert in_report[0] == in_report[1]


def test_kept_month_labels_follow_the_language():
    import datetime as dt

    from django.utils import formats, translation

    from isms.dates import date_label

    day = dt.date(2026, 3, 1)
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            for fmt in ("M", "F Y"):
                assert date_label(day, fmt) == formats.date_format(day, fmt)
    with translation.override("en"):
        assert date_label(day, "F Y") == "March 2026"
