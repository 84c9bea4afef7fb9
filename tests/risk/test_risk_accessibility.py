"""WCAG 2.1 A/AA checks (axe-core) on the risk pages: the register, the heatmap (level colours
from the configured matrix, with text), a risk, its forms."""

import pytest

from risk import services
from tests.isms.test_accessibility import violations
from tests.risk.test_risk_browser import risk_matrix  # noqa: F401 (fixture)
from tests.risk_helpers import make_action, make_risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_risk_pages_have_no_wcag_violations(risk_matrix, login_page, official, chief, farsta):  # noqa: F811
    risks = [
        make_risk(farsta, official, title=f"Risk {lk}×{cq}", likelihood=lk, consequence=cq,
                  residual_likelihood=1, residual_consequence=cq)
        for lk in (1, 2, 3, 4) for cq in (1, 2, 3, 4)
    ]
    make_action(risks[-1], official)
    services.risk_accept(actor=chief, risk=risks[0], expected_version=risks[0].version,
                         motivation="Låg risk")
    page = login_page(chief)
    problems = {}
    for url in ("/risker/", "/risker/riskkarta/", f"/risker/{risks[-1].pk}/",
                f"/risker/{risks[0].pk}/", "/risker/ny/", f"/risker/{risks[-1].pk}/acceptera/",
                f"/risker/{risks[-1].pk}/atgarder/ny/", "/risker/analyser/ny/"):
        page.goto(url)
        problems[url] = violations(page)
    assert problems == dict.fromkeys(problems, [])
