"""The quick report in a real browser (Playwright on Debian's Chromium): a handläggare in
Farsta reports an incident; the samordnare opens it, marks the GDPR art. 33 notification as
applying (a personal data breach) and sees the 72-hour clock on the incident page."""

import datetime as dt
import re
from importlib import import_module

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def incidenter_reference_data(transactional_db):
    """The flush after transactional tests removes the seeded reference data: seed it again."""
    from django.apps import apps

    import_module("incidenter.migrations.0002_reference_data").seed(apps, None)
    import_module("incidenter.migrations.0004_cyber_security_act_obligations").seed(apps, None)


def test_official_reports_coordinator_marks_gdpr_and_sees_72h_clock(
    incidenter_reference_data, login_page, official, coordinator, farsta, live_server
):
    discovered = timezone.localtime() - dt.timedelta(hours=2)

    page = login_page(official)
    page.set_default_timeout(10_000)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Rapportera incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera incident")
    page.get_by_label(re.compile(r"^Var hände det")).select_option(label="Farsta stadsdelsnämnd")
    page.get_by_label(re.compile(r"^Vad hände")).fill(
        "Elevlistor med personnummer skickades till fel mottagare.")
    page.get_by_label(re.compile(r"^Upptäcktes")).fill(discovered.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^Kontaktuppgifter")).fill("070-123 45 67")
    page.get_by_role("button", name="Rapportera").click()
    expect(page.get_by_text("Incidenten är rapporterad")).to_be_visible()

    page = login_page(coordinator)
    page.set_default_timeout(10_000)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Incidenter").click()
    page.get_by_role("link", name=re.compile("Elevlistor med personnummer")).click()
    row = page.get_by_role("row", name=re.compile("Anmälan av personuppgiftsincident"))
    row.get_by_role("link", name=re.compile("Anmälan av personuppgiftsincident")).click()
    page.get_by_label("Ja, ska anmälas").check()
    page.get_by_role("button", name="Spara").click()

    table = page.get_by_role("table", name="Rapporteringsskyldigheter med frist och status")
    row = table.get_by_role("row", name=re.compile("Anmälan av personuppgiftsincident"))
    expect(row).to_contain_text("Ja, ska anmälas")
    deadline = timezone.localtime(discovered.replace(second=0, microsecond=0)
                                  + dt.timedelta(hours=72))
    expect(row).to_contain_text(deadline.strftime("%Y-%m-%d %H:%M"))
    expect(row).to_contain_text(re.compile(r"2 d 2[12] h kvar"))
