"""Content-Security-Policy (issue 8, item 8): every page forbids inline script and style,
framing, plugins and foreign form targets, and the portal's own pages work under it."""

import pytest
from django.test import Client
from django.urls import reverse

from rapporter import services as report_services
from rapporter.models import ReportKind
from tests.klassning_helpers import draft, make_asset, make_service


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client_for, official):
    login = _policy(Client().get(reverse("login")))
    start = _policy(client_for(official).get(reverse("start")))
    for policy in (login, start):
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert "unsafe-inline" not in str(policy)
        assert policy["frame-ancestors"] == "'none'"
        assert policy["form-action"] == "'self'"
        assert policy["base-uri"] == "'self'"
        assert policy["object-src"] == "'none'"


# Recorded in the page before any of its scripts run (an init script is not subject to CSP).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_portal_pages_run_under_the_policy_without_violations(
    reference_data, login_page, live_server, official, chief, farsta
):
    service = make_service(farsta, chief, name="Skolplattformen")
    asset = make_asset(farsta, official, name="Elevakter", it_services=[service])
    classification = draft(asset, official, {"K": 2, "R": 1, "T": 1, "S": 1})
    report = report_services.report_order(
        actor=chief, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )
    page = login_page(chief)
    page.context.add_init_script(RECORD_VIOLATIONS)
    found = {}
    for url in [
        reverse("start"),
        reverse("unit_detail", args=[farsta.pk]),
        reverse("unit_edit", args=[farsta.pk]),
        reverse("klassning:asset_list"),
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:classification_edit", args=[classification.pk]),
        reverse("klassning:service_detail", args=[service.pk]),
        reverse("report_list"),
        reverse("report_detail", args=[report.pk]),
    ]:
        response = page.goto(live_server.url + url)
        assert response.ok, url
        assert "Content-Security-Policy" in {h.title() for h in response.headers}, url
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__csp")
        if violations:
            found[url] = violations
    assert not found
    # The classification form's script (a static file) still runs: the computed level follows
    # the chosen levels.
    page.goto(live_server.url + reverse("klassning:classification_edit", args=[classification.pk]))
    first = page.locator("select.level[data-aspect='K']").first
    first.select_option("3")
    assert "3" in page.locator("#level-K").inner_text()
