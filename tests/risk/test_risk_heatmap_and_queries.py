"""The heatmap's counts are the register's: every cell's link opens the register on exactly
that many risks. The register and the heatmap cost a fixed number of queries, 5 or 500 risks."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from risk import matrix as risk_matrix
from risk import selectors
from tests.risk_helpers import generate_risks

pytestmark = pytest.mark.django_db

MAX_QUERIES = 24  # session, user, memberships and permissions, the matrix (3), the filter
# form's choices, the page and its count, the navigation's badge


def _cells(html):
    """(href, count) of every linked cell of the page's heatmaps."""
    return [
        (href.replace("&amp;", "&"), int(n))
        for href, n in re.findall(r'<a href="([^"]+)"><span class="count">(\d+)</span>', html)
    ]


def _register_count(client, href):
    body = client.get(href).content.decode()
    match = re.search(r"(\d+) risk(?:er)? ·", body)
    return int(match.group(1))


def test_heatmap_counts_match_the_register(client_for, official, farsta):
    risks = generate_risks(farsta, 120, owner=official)
    client = client_for(official)
    html = client.get(reverse("risk:risk_heatmap")).content.decode()
    cells = _cells(html)
    inherent = Counter((r.inherent_likelihood, r.inherent_consequence) for r in risks)
    residual = Counter((r.residual_likelihood, r.residual_consequence) for r in risks
                       if r.residual_likelihood is not None)
    assert sum(n for href, n in cells if "assessment" not in href) == sum(inherent.values())
    assert sum(n for href, n in cells if "assessment" in href) == sum(residual.values())
    assert len(cells) >= 10
    for href, n in cells:
        assert _register_count(client, href) == n, href


def test_heatmap_filtered_counts_match_filtered_register(client_for, official, farsta):
    generate_risks(farsta, 80, owner=official, seed=7)
    client = client_for(official)
    query = f"status=in_treatment&unit={farsta.pk}"
    html = client.get(reverse("risk:risk_heatmap") + "?" + query).content.decode()
    cells = _cells(html)
    total = _register_count(client, reverse("risk:risk_list") + "?" + query)
    assert sum(n for href, n in cells if "assessment" not in href) == total
    for href, n in cells:
        assert "status=in_treatment" in href
        assert _register_count(client, href) == n


def test_heatmap_counts_by_selector():
    m = risk_matrix.load()
    grid = m.grid({(4, 4): 3})
    assert grid[0]["step"].value == 4 and grid[0]["cells"][3]["count"] == 3
    assert grid[0]["cells"][3]["level"].name == "Extremt hög"


def test_outsider_heatmap_counts_nothing_of_farsta(client_for, outsider, farsta, official):
    generate_risks(farsta, 20, owner=official)
    html = client_for(outsider).get(reverse("risk:risk_heatmap")).content.decode()
    assert _cells(html) == []
    assert selectors.heatmap_counts(selectors.visible_risks(outsider)) == {}


@pytest.mark.parametrize("n", [5, 500])
def test_register_and_heatmap_query_counts_are_flat(
    n, client_for, official, coordinator, farsta, django_assert_max_num_queries, monkeypatch
):
    # The start page with the risk panel only: every other app's panel has its own budget.
    from isms import plugins

    monkeypatch.setattr(
        plugins, "_start_panels", [p for p in plugins._start_panels if p.key == "risk"]
    )
    generate_risks(farsta, n, owner=official)
    client = client_for(coordinator)
    client.get(reverse("risk:risk_list"))  # warm the session
    for url in (
        reverse("risk:risk_list"),
        reverse("risk:risk_list") + "?overdue=on&sort=uppfoljning&level=3",
        reverse("risk:risk_list") + "?sida=2",
        reverse("risk:risk_heatmap"),
        reverse("risk:analysis_list"),
        reverse("start"),
    ):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", [5, 200])
def test_detail_query_count_is_flat(
    n, client_for, official, farsta, django_assert_max_num_queries
):
    from risk import services
    from risk.models import Risk
    from tests.risk_helpers import make_action

    risk = generate_risks(farsta, 1, owner=official)[0]
    risk = Risk.objects.get(pk=risk.pk)
    for i in range(n // 20):
        make_action(risk, official, description=f"Åtgärd {i}")
        risk = services.risk_update(actor=official, risk=risk, expected_version=risk.version,
                                    title=f"Risk v{i}")
    client = client_for(official)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("risk:risk_detail", args=[risk.pk])).status_code == 200
