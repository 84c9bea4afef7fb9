"""The management system in a real browser (Playwright on Debian's Chromium): the samordnare
uploads a lokal anvisning and imports the learning platform's CSV; the chief's start page then
shows the unit's training share and no missing documents."""

import datetime as dt
import re
from importlib import import_module

import pytest
from playwright.sync_api import expect

from isms.dates import local_today
from ledningssystem import services

from .helpers import PDF, decided

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledningssystem_reference_data(transactional_db):
    """The flush after transactional tests removes the seeded reference data: seed it again."""
    from django.apps import apps

    import_module("ledningssystem.migrations.0002_reference_data").seed(apps, None)


def test_coordinator_uploads_and_imports_chief_sees_share(
    ledningssystem_reference_data, login_page, coordinator, chief, farsta, live_server
):
    decided(farsta, coordinator, "incidentrutin")
    decided(farsta, coordinator, "behorighetsrutin")
    services.staff_count_set(actor=coordinator, unit=farsta, year=local_today().year, count=4)

    page = login_page(coordinator)
    page.set_default_timeout(10_000)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrdokument").click()
    page.get_by_role("link", name="Registrera styrdokument").click()
    page.get_by_label(re.compile(r"^Typ")).select_option(label="Lokal anvisning")
    page.get_by_label(re.compile(r"^Titel")).fill("Lokal anvisning för informationssäkerhet")
    page.get_by_label(re.compile(r"^Dokumentägare")).fill("Förvaltningschefen")
    page.get_by_label(re.compile(r"^Status")).select_option(label="Beslutad")
    page.get_by_label("Beslutat av").fill("Farsta stadsdelsnämnd")
    page.get_by_label("Beslutsdatum").fill((local_today() - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Diarienummer").fill("FA 2026/17")
    page.get_by_label(re.compile(r"^Fil")).set_input_files(
        {"name": "lokal-anvisning.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokal anvisning för informationssäkerhet")
    expect(page.get_by_role("link", name="lokal-anvisning.pdf")).to_be_visible()

    page.goto("/ledningssystem/utbildning/")
    page.get_by_role("link", name="Importera från lärplattformen").click()
    day = (local_today() - dt.timedelta(days=2)).isoformat()
    csv = "e-post;namn;kurs;datum\n" + "".join(
        f"person{i}@example.se;Person {i};infosak-grund;{day}\n" for i in range(3))
    page.get_by_label(re.compile(r"^CSV-fil")).set_input_files(
        {"name": "export.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("cell", name="person0@example.se")).to_be_visible()
    page.get_by_role("button", name="Importera 3 rader").click()
    expect(page.get_by_text("3 genomförda utbildningar är importerade")).to_be_visible()

    page = login_page(chief)
    panel = page.get_by_role("region", name="Ledningssystem")
    row = panel.get_by_role("row", name=re.compile("Farsta stadsdelsnämnd"))
    expect(row.get_by_role("cell").nth(0)).to_have_text("Inga")
    expect(row).to_contain_text("75 %")
