"""Parts of the unit dashboard written in Python rather than with template tags per cell give
the same HTML as the templates did: the residual-risk heatmap's rows (``risk.dashboard
.heatmap_rows_html``, the body of ``risk/_heatmap_table.html``)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from oversikt import selectors
from tests.oversikt.test_oversikt_sections_c import risks  # noqa: F401 (fixture)

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
