"""The risk journey in a real browser (Playwright on Debian's Chromium): a samordnare
registers a risk with an action from the register page, the chief accepts it, and the heatmap
cell links to it."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from risk.models import Risk, RiskStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def risk_matrix(reference_data):
    """The flush of a transactional test removes the seeded matrix: seed it again."""
    import_module("risk.migrations.0002_msb_matrix").seed(apps, None)


def test_risk_journey(risk_matrix, login_page, coordinator, chief, farsta):
    # The samordnare registers a risk from the register page ...
    page = login_page(coordinator)
    page.set_default_timeout(10_000)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Risker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riskregister")
    page.get_by_role("link", name="Registrera risk").click()
    page.get_by_label(re.compile(r"^Rubrik")).fill("Obehörig åtkomst till elevakter")
    page.get_by_label("Hot/orsak").fill("Delade konton på surfplattor")
    page.get_by_label("Konfidentialitet").check()
    page.get_by_label(re.compile(r"^Sannolikhet \*")).select_option("3")
    page.get_by_label(re.compile(r"^Konsekvens \*")).select_option("4")
    page.get_by_label("Riskägare").select_option(label=f"Chef Farsta ({chief.username})")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Obehörig åtkomst till elevakter")
    expect(page.get_by_text("Hög (12)").first).to_be_visible()

    # ... with an action.
    page.get_by_role("link", name="Lägg till åtgärd").click()
    page.get_by_label(re.compile(r"^Åtgärd")).fill("Personliga konton för all personal")
    page.get_by_label("Klart senast").fill("2030-06-30")
    page.get_by_role("button", name="Spara åtgärden").click()
    expect(page.get_by_role("cell", name="Personliga konton för all personal", exact=True)).to_be_visible()

    # The samordnare may not accept a risk above the acceptance criterion ...
    page.get_by_role("link", name="Acceptera risken").click()
    expect(page.get_by_text("Du är inte enhetens chef.")).to_be_visible()

    # ... the chief does, with a motivation.
    page = login_page(chief)
    page.set_default_timeout(10_000)
    page.goto("/risker/")
    page.get_by_role("link", name="Obehörig åtkomst till elevakter").click()
    page.get_by_role("link", name="Acceptera risken").click()
    page.get_by_label("Motivering").fill("Beslut i ledningsgruppen")
    page.get_by_role("button", name="Acceptera risken").click()
    expect(page.get_by_text("Risken är accepterad.")).to_be_visible()
    expect(page.get_by_text(re.compile("Accepterad av Chef Farsta"))).to_be_visible()
    risk = Risk.objects.get()
    assert risk.status == RiskStatus.ACCEPTED and risk.accepted_by == chief

    # The heatmap's cell (sannolikhet 3, konsekvens 4) links to the register with the risk.
    page.goto("/risker/riskkarta/")
    table = page.get_by_role("table", name=re.compile("^Inneboende risk"))
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="3 – Hög"))
    cell = row.get_by_role("cell").nth(3)
    expect(cell).to_contain_text("1")
    cell.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riskregister")
    expect(page.get_by_text("1 risk ·")).to_be_visible()
    page.get_by_role("link", name="Obehörig åtkomst till elevakter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Obehörig åtkomst till elevakter")
