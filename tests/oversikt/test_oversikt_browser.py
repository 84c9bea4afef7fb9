"""The chief's dashboard in a real browser: the chief logs in, sees a to-do item, follows it,
does it, and the item is gone; axe-core finds no WCAG 2.1 AA violations on both dashboards.

The login goes through ``login_page`` (tests/conftest.py) only, so a second login step (e.g. a
one-time code for privileged roles) is added there once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.isms.test_accessibility import violations
from tests.klassning_helpers import make_asset
from tests.oversikt.world import build_farsta, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODO = "Klassningar att fastställa: 1"


@pytest.fixture
def all_reference_data(reference_data):
    """The registers' seeded reference data (gone with the flush of transactional tests)."""
    from importlib import import_module

    from django.apps import apps

    for name in ("risk.migrations.0002_msb_matrix", "incidenter.migrations.0002_reference_data",
                 "incidenter.migrations.0004_cyber_security_act_obligations",
                 "ledningssystem.migrations.0002_reference_data",
                 "oversikt.migrations.0002_seed_rules"):
        import_module(name).seed(apps, None)


def test_chief_follows_a_todo_item_and_it_disappears(reference_data, login_page, official, chief,
                                                     farsta):
    submitted(make_asset(farsta, official, name="Elevakter"), official)
    page = login_page(chief)
    page.set_default_timeout(10_000)
    expect(page.get_by_role("heading", name="Att göra")).to_be_visible()
    page.get_by_role("link", name=TODO).click()
    expect(page.get_by_role("link", name="Elevakter")).to_be_visible()
    page.get_by_role("link", name="Elevakter").click()
    page.get_by_role("link", name="Version 1", exact=True).click()
    page.get_by_label("Jag har granskat bedömningarna").check()
    page.get_by_role("button", name="Fastställ klassningen").click()
    expect(page.get_by_text("Klassningen är fastställd")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Att göra")).to_be_visible()
    expect(page.get_by_role("link", name=TODO)).to_have_count(0)
    expect(page.get_by_role("cell", name="100 %").first).to_be_visible()  # classified share


def test_dashboards_have_no_wcag_violations(all_reference_data, login_page, official, coordinator,
                                            chief, security_function, farsta, bromma,
                                            live_server):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    problems = {}
    page = login_page(chief)
    for url in (reverse("start"), reverse("oversikt:unit", args=[farsta.pk])):
        assert page.goto(live_server.url + url).ok, url
        problems[url] = violations(page)
    page = login_page(security_function)
    for url in (reverse("start"), reverse("oversikt:city"),
                reverse("oversikt:city") + "?sort=-classified"):
        assert page.goto(live_server.url + url).ok, url
        problems[url] = violations(page)
    assert {url: found for url, found in problems.items() if found} == {}
