"""The registers' sections of the chief's dashboard in a real browser: axe-core finds no WCAG
2.1 AA violations with a heatmap, an incident chart and prioritised services on the page."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from tests.isms.test_accessibility import violations
from tests.oversikt import test_oversikt_browser as browser
from tests.oversikt import test_oversikt_sections_c as sections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The fixtures of the other dashboard tests, shared here.
all_reference_data = browser.all_reference_data
risks, incidents, services = sections.risks, sections.incidents, sections.services


@pytest.mark.usefixtures("all_reference_data", "risks", "incidents", "services")
def test_sections_have_no_wcag_violations(login_page, chief, farsta, live_server):
    page = login_page(chief)
    problems = {}
    for url in (reverse("oversikt:unit", args=[farsta.pk]),):
        assert page.goto(live_server.url + url).ok, url
        assert page.locator(f"#section-prioritised_services-{farsta.pk}").count() == 1
        problems[url] = violations(page)
        if shots := os.environ.get("SECTIONS_SCREENSHOT_DIR"):
            page.screenshot(path=f"{shots}/{url.strip('/').replace('/', '-') or 'start'}.png",
                            full_page=True)
    assert {url: found for url, found in problems.items() if found} == {}
