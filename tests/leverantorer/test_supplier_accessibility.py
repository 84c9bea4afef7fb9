"""WCAG 2.1 A/AA (axe-core in Chromium) on the supplier pages, a form with errors included."""

import pytest
from django.urls import reverse

from leverantorer import services
from tests.isms.test_accessibility import violations
from tests.klassning_helpers import make_asset, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_pages_have_no_wcag_violations(
    reference_data, browser, live_server, login_page, official, chief, farsta
):
    service = make_service(farsta, chief, name="Procapita IFO")
    make_asset(farsta, official, name="Ekonomiskt bistånd", personal_data="sensitive",
               it_services=[service])
    supplier = services.supplier_create(
        actor=chief, name="Tieto Evry Sverige AB", org_number="556251-8364",
        it_services=[service],
    )
    page = login_page(chief)
    problems = {}
    for url in (
        reverse("leverantorer:supplier_list"),
        reverse("leverantorer:supplier_create"),
        reverse("leverantorer:supplier_detail", args=[supplier.pk]),
        reverse("leverantorer:supplier_edit", args=[supplier.pk]),
        reverse("leverantorer:supplier_link", args=[supplier.pk]),
        reverse("klassning:service_detail", args=[service.pk]),
    ):
        response = page.goto(live_server.url + url)
        assert response.ok, url
        problems[url] = violations(page)
    page.goto(live_server.url + reverse("leverantorer:supplier_create"))
    page.get_by_label("Namn").fill("Sokigo AB")
    page.get_by_label("Organisationsnummer").fill("556447-1928")
    page.get_by_role("button", name="Spara").click()
    assert "Kontrollsiffran stämmer inte" in page.content()
    problems["form with errors"] = violations(page)

    found = {url: v for url, v in problems.items() if v}
    assert not found, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)
