"""The handover of technical requirements in a real browser (riktlinje point 8): Farsta's chief
approves an official's classification, the IT service's owner (a person in Bromma) acknowledges
the new requirements and reports one as fulfilled with an uploaded file, and Farsta sees it."""

import re

import pytest
from playwright.sync_api import expect

from klassning import services
from klassning.models import PlanStatus, ServiceRequirement
from nämnder.models import Role
from tests.klassning_helpers import draft, make_asset, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_handover_to_the_it_service_owner(
    reference_data, login_page, official, chief, farsta, bromma, make_person, tmp_path,
):
    owner = make_person("lena.forvaltare", bromma, Role.OFFICIAL)
    service = make_service(farsta, chief, name="Skolplattformen", user_units=[farsta])
    asset = make_asset(farsta, official, name="Elevakter", it_services=[service])
    c = draft(asset, official, {"K": 2, "R": 1, "T": 1, "S": 1})
    services.classification_submit(actor=official, classification=c, expected_version=c.version)

    # Farsta's chief names the owner on the IT service and approves the classification.
    page = login_page(chief)
    page.set_default_timeout(10_000)
    page.goto(f"/it-tjanster/{service.pk}/andra/")
    page.get_by_label("Förvaltningsledare/systemägare i portalen").select_option(label="Lena Forvaltare (lena.forvaltare)")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("It-tjänsten är sparad.")).to_be_visible()
    page.goto(f"/klassningar/{c.pk}/")
    page.get_by_label("Jag har granskat bedömningarna").check()
    page.get_by_role("button", name="Fastställ klassningen").click()
    expect(page.locator("dd.status")).to_have_text("Fastställd")
    item = ServiceRequirement.objects.get(it_service=service, requirement__code="K-09")

    # The owner, in Bromma, finds the service on their start page and acknowledges.
    page = login_page(owner)
    panel = page.get_by_role("region", name="It-tjänster du förvaltar")
    expect(panel).to_contain_text("nya krav att kvittera")
    panel.get_by_role("link", name="Skolplattformen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skolplattformen")
    expect(page.get_by_text("Nytt, ej kvitterat").first).to_be_visible()
    page.get_by_role("button", name="Kvittera mottagna krav").click()
    expect(page.get_by_text(re.compile(r"Du har kvitterat \d+ nya krav"))).to_be_visible()
    expect(page.get_by_text("Nytt, ej kvitterat")).to_have_count(0)

    # ...and reports K-09 as fulfilled: first without evidence (refused), then with a file.
    page.get_by_role("link", name=re.compile(r"^Ändra status för K-09")).click()
    expect(page.get_by_text("Elevakter")).to_be_visible()
    page.get_by_label("Status").select_option(label="Uppfylld")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ange underlag för att kravet är uppfyllt").first).to_be_visible()
    evidence = tmp_path / "mfa-konfiguration.txt"
    evidence.write_text("Flerfaktorsinloggning krävs för alla konton sedan 2026-03-01.\n")
    page.get_by_label("Status").select_option(label="Uppfylld")
    page.get_by_label("Underlag (fil)").set_input_files(str(evidence))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kravets status är sparad.")).to_be_visible()
    item.refresh_from_db()
    assert item.status == PlanStatus.FULFILLED and item.acknowledged_by == owner

    # Farsta, the information owner, sees the acknowledgement, the status and the evidence.
    page = login_page(official)
    page.goto(f"/it-tjanster/{service.pk}/")
    expect(page.locator("#kvittens")).to_contain_text("Kraven kvitterades senast")
    expect(page.locator("#kvittens")).to_contain_text("Lena Forvaltare")
    table = page.get_by_role("table", name="Tekniska krav till förvaltningsledaren")
    row = table.get_by_role("row").filter(has_text="K-09")
    expect(row).to_contain_text("Uppfylld")
    link = row.get_by_role("link", name="Underlag: mfa-konfiguration.txt")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert "Flerfaktorsinloggning" in response.text()
    assert "attachment" in response.headers["content-disposition"]
