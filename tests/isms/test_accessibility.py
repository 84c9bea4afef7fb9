"""WCAG 2.1 A/AA checks with axe-core in Debian's Chromium, on the pages people use most.

axe-core finds what a machine can (labels, names, contrast, landmarks, headings, ARIA); a
keyboard walk-through and a screen reader are still needed for the rest.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from nämnder.models import Membership
from rapporter import services as report_services
from rapporter.models import ReportKind
from tests.klassning_helpers import approved, make_asset, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def violations(page) -> list[str]:
    # Through the DevTools protocol, not a <script> tag: the portal's Content-Security-Policy
    # refuses inline scripts, and the pages are checked as served, with that policy.
    page.evaluate(_axe_source() + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
    ]


def test_main_pages_have_no_wcag_violations(
    reference_data, browser, live_server, login_page, official, chief, farsta
):
    service = make_service(farsta, chief, name="Skolplattformen")
    asset = make_asset(farsta, official, name="Elevakter", it_services=[service])
    classification = approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    report = report_services.report_order(
        actor=chief, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=classification.approved_at.year
    )
    membership = Membership.objects.filter(unit=farsta).first()
    assert membership is not None

    anonymous = browser.new_context(locale="sv-SE").new_page()
    anonymous.goto(live_server.url + reverse("login"))
    problems = {"/logga-in/": violations(anonymous)}
    anonymous.context.close()

    page = login_page(chief)
    urls = [
        reverse("start"),
        reverse("unit_list"),
        reverse("unit_detail", args=[farsta.pk]),
        reverse("unit_edit", args=[farsta.pk]),
        reverse("unit_history", args=[farsta.pk]),
        reverse("membership_add", args=[farsta.pk]),
        reverse("klassning:asset_list"),
        reverse("klassning:asset_create"),
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:classification_detail", args=[classification.pk]),
        reverse("klassning:service_list"),
        reverse("klassning:service_detail", args=[service.pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
        reverse("report_list"),
        reverse("report_detail", args=[report.pk]),
    ]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.ok, url
        problems[url] = violations(page)
    # A form with errors: the error summary and field errors must be accessible too.
    page.goto(live_server.url + reverse("unit_edit", args=[farsta.pk]))
    page.get_by_label("E-post, chef").fill("inte-en-adress")
    page.get_by_role("button", name="Spara").click()
    problems["form with errors"] = violations(page)

    found = {url: v for url, v in problems.items() if v}
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)
