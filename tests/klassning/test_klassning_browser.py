"""The classification journey in a real browser (Playwright on Debian's Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from klassning.models import (
    Classification,
    ClassificationStatus,
    Requirement,
    RequirementKind,
    ServiceRequirement,
)
from tests.klassning_helpers import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_classification_journey(reference_data, login_page, official, chief, unit_auditor, farsta, live_server):
    service = make_service(farsta, chief, name="Skolplattformen", manager="Lena Förvaltare")

    # The official registers an asset handled by the IT service...
    page = login_page(official)
    page.set_default_timeout(10_000)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Informationsmängder").click()
    page.get_by_role("link", name="Registrera informationsmängd").click()
    page.get_by_label(re.compile(r"^Namn")).fill("Elevakter")
    page.get_by_label("Process/verksamhet").fill("Elevhälsa")
    page.get_by_label(re.compile(r"^Personuppgifter")).select_option(label="Känsliga personuppgifter (art. 9 GDPR)")
    page.get_by_label("Skolplattformen").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elevakter")

    # ...classifies it: the aspect's level follows the highest consequence while filling in...
    page.get_by_role("button", name="Klassa informationsmängden").click()
    for select in page.locator("select.level").all():
        select.select_option("1")
    for textarea in page.locator("fieldset.aspect textarea").all():
        textarea.fill("Bedömt i arbetsgruppen")
    expect(page.locator("#level-K")).to_have_text("1 – Måttlig")
    page.get_by_label("Nivå: Konfidentialitet, Liv och hälsa").select_option("3")
    expect(page.locator("#level-K")).to_have_text("3 – Allvarlig")
    page.get_by_label("Nivå: Tillgänglighet, Verksamhet").select_option("2")
    page.get_by_role("button", name="Förhandsgranska krav").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förhandsgranska krav: Elevakter")
    page.get_by_role("button", name="Skicka in för fastställande").click()
    expect(page.locator("dd.status")).to_have_text("Inskickad")
    expect(page.get_by_text("K3 R1 T2 S1").first).to_be_visible()
    expect(page.get_by_role("button", name="Fastställ klassningen")).to_have_count(0)

    # The chief approves it.
    page = login_page(chief)
    page.goto("/informationsmangder/")
    page.get_by_role("link", name="Elevakter").click()
    page.get_by_role("link", name="Version 1", exact=True).click()
    page.get_by_label("Jag har granskat bedömningarna").check()
    page.get_by_role("button", name="Fastställ klassningen").click()
    expect(page.get_by_text("Klassningen är fastställd")).to_be_visible()
    expect(page.locator("dd.status")).to_have_text("Fastställd")
    classification = Classification.objects.get()
    assert classification.status == ClassificationStatus.APPROVED

    # The IT service shows the derived technical requirements and its required level.
    page.goto(f"/it-tjanster/{service.pk}/")
    expected = Requirement.objects.filter(
        kind=RequirementKind.TECHNICAL, aspect__code="K", min_level__lte=3
    ).order_by("code")
    assert expected.exists()
    table = page.get_by_role("table", name="Tekniska krav till förvaltningsledaren")
    for requirement in expected:
        expect(table.get_by_role("cell", name=requirement.code, exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Nivå per aspekt")).to_contain_text("K3")
    profile = {"K": 3, "R": 1, "T": 2, "S": 1}
    derived = {
        r.code for r in Requirement.objects.filter(kind=RequirementKind.TECHNICAL)
        if r.min_level <= profile[r.aspect.code]
    }
    assert set(
        ServiceRequirement.objects.filter(it_service=service, is_current=True)
        .values_list("requirement__code", flat=True)
    ) == derived

    # The auditor sees it all but cannot change it.
    page = login_page(unit_auditor)
    page.goto("/informationsmangder/")
    page.get_by_role("link", name="Elevakter").click()
    expect(page.get_by_text("K3 R1 T2 S1").first).to_be_visible()
    expect(page.get_by_role("link", name="Ändra uppgifter")).to_have_count(0)
    expect(page.get_by_role("button", name="Klassa om")).to_have_count(0)
    page.get_by_role("link", name="Enhetens åtgärdsplan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Åtgärdsplan")
    expect(page.get_by_role("link", name=re.compile("^Ändra status"))).to_have_count(0)
    page.goto(f"/it-tjanster/{service.pk}/")
    expect(page.get_by_role("table", name="Tekniska krav till förvaltningsledaren")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra uppgifter")).to_have_count(0)
    response = page.goto(f"/informationsmangder/{classification.asset_id}/andra/")
    assert response.status == 403
