"""The supplier pages: who may read, create, change and link (docs/leverantorer.md), Swedish
form errors instead of 500s, the IT service's supplier panel, the export."""

import pytest
from django.urls import reverse

from leverantorer.models import Supplier
from nämnder.models import Role

pytestmark = pytest.mark.django_db

LIST = reverse("leverantorer:supplier_list")
CREATE = reverse("leverantorer:supplier_create")


def detail(s):
    return reverse("leverantorer:supplier_detail", args=[s.pk])


def edit(s):
    return reverse("leverantorer:supplier_edit", args=[s.pk])


def link(s):
    return reverse("leverantorer:supplier_link", args=[s.pk])


def unlink(s, service):
    return reverse("leverantorer:supplier_unlink", args=[s.pk, service.pk])


FORM = {"name": "Sokigo AB", "org_number": "556447-1927", "contact": "", "dpa_location": "",
        "dpa_signed_on": "", "notes": ""}


@pytest.fixture
def supplier(make_supplier, farsta_service, official):
    return make_supplier(actor=official, it_services=[farsta_service])


# --- Reading ----------------------------------------------------------------------------------

def test_everyone_with_a_role_reads_the_list_and_the_detail(
    client_for, supplier, outsider, unit_auditor, city_auditor
):
    for person in (outsider, unit_auditor, city_auditor):
        client = client_for(person)
        assert supplier.name in client.get(LIST).content.decode()
        assert client.get(detail(supplier)).status_code == 200


def test_a_person_without_a_role_is_refused(client_for, supplier, make_person):
    client = client_for(make_person("utan.roll"))
    assert client.get(LIST).status_code == 403
    assert client.get(detail(supplier)).status_code == 404


def test_the_detail_links_only_the_it_services_the_reader_may_see(
    client_for, supplier, farsta_service, outsider, official
):
    url = reverse("klassning:service_detail", args=[farsta_service.pk])
    mine = client_for(official).get(detail(supplier)).content.decode()
    assert url in mine
    theirs = client_for(outsider).get(detail(supplier)).content.decode()
    assert url not in theirs and farsta_service.name not in theirs
    assert "också 1 it-tjänst i en enhet som du inte har behörighet till" in theirs


def test_the_list_searches_name_and_org_number_and_flags_missing_agreements(
    client_for, make_supplier, supplier, official
):
    make_supplier(name="Atea Sverige AB", org_number="556448-3641", dpa_in_place=True,
                  dpa_signed_on="2023-01-01", dpa_location="Dnr 1")
    client = client_for(official)
    assert "Atea" in client.get(LIST, {"q": "5564483641"}).content.decode()
    assert "Atea" in client.get(LIST, {"q": "556448-36"}).content.decode()
    assert "Atea" not in client.get(LIST, {"q": "Tieto"}).content.decode()
    missing = client.get(LIST, {"dpa": "saknas-kravs"}).content.decode()
    assert supplier.name in missing and "Atea" not in missing
    assert "Saknas – behövs" in missing


def test_bad_filter_values_are_a_field_error(client_for, official):
    response = client_for(official).get(LIST, {"dpa": "x", "active": "?", "q": "a\x00"})
    assert response.status_code == 200


def test_export_csv_and_xlsx(client_for, supplier, official):
    client = client_for(official)
    csv = b"".join(client.get(LIST, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert "Organisationsnummer" in csv and supplier.name in csv
    assert client.get(LIST, {"format": "xlsx"}).status_code == 200


def test_the_it_service_page_shows_its_suppliers(client_for, supplier, farsta_service, official):
    body = client_for(official).get(
        reverse("klassning:service_detail", args=[farsta_service.pk])
    ).content.decode()
    assert 'id="leverantorer"' in body
    assert detail(supplier) in body
    assert "Saknas – behövs" in body  # the service handles personal data


# --- Who may change ---------------------------------------------------------------------------

def test_who_may_create(client_for, official, unit_auditor, city_auditor, security_function,
                        outsider):
    for person in (official, security_function, outsider):
        assert client_for(person).get(CREATE).status_code == 200
    for person in (unit_auditor, city_auditor):
        assert client_for(person).get(CREATE).status_code == 403


def test_who_may_change_a_supplier_linked_to_farsta(
    client_for, supplier, official, coordinator, security_function, outsider, unit_auditor,
    city_auditor,
):
    for person in (official, coordinator, security_function):
        assert client_for(person).get(edit(supplier)).status_code == 200
    for person in (outsider, unit_auditor, city_auditor):
        assert client_for(person).get(edit(supplier)).status_code == 403


def test_an_unlinked_supplier_may_be_changed_by_any_unit_editor(
    client_for, make_supplier, outsider, unit_auditor
):
    supplier = make_supplier(name="Ny leverantör")
    assert client_for(outsider).get(edit(supplier)).status_code == 200
    assert client_for(unit_auditor).get(edit(supplier)).status_code == 403


def test_a_unit_editor_links_only_the_it_services_they_may_change(
    client_for, supplier, bromma_service, farsta_service, outsider, make_person, bromma
):
    client = client_for(make_person("chef.bromma", bromma, Role.CHIEF))
    page = client.get(link(supplier)).content.decode()
    assert bromma_service.name in page and farsta_service.name not in page
    response = client.post(link(supplier), {"it_service": bromma_service.pk})
    assert response.status_code == 302
    assert supplier.it_services.filter(pk=bromma_service.pk).exists()
    # Farsta's service is no choice for Bromma: a form error, not a link.
    client.post(reverse("leverantorer:supplier_unlink", args=[supplier.pk, bromma_service.pk]))
    response = client.post(link(supplier), {"it_service": farsta_service.pk})
    assert response.status_code == 200
    assert "Välj en it-tjänst som du får ändra" in response.content.decode()
    # Nor may Bromma unlink Farsta's service (not even learn it exists).
    assert client.post(unlink(supplier, farsta_service)).status_code == 404
    assert supplier.it_services.filter(pk=farsta_service.pk).exists()


def test_unlink_by_the_owning_unit(client_for, supplier, farsta_service, official, unit_auditor):
    assert client_for(unit_auditor).post(unlink(supplier, farsta_service)).status_code == 403
    response = client_for(official).post(unlink(supplier, farsta_service))
    assert response.status_code == 302
    assert not supplier.it_services.exists()
    assert client_for(official).get(unlink(supplier, farsta_service)).status_code == 405


# --- Bad input: Swedish errors, never a 500 ---------------------------------------------------

@pytest.mark.parametrize(("data", "text"), [
    ({"org_number": "556447-1928"}, "Kontrollsiffran stämmer inte"),
    ({"org_number": "55644719"}, "Organisationsnumret ska ha 10 siffror, t.ex. 556016-0680"),
    ({"org_number": "x" * 500}, "som mest 20 tecken"),
    ({"name": ""}, "Detta fält måste fyllas i"),
    ({"dpa_in_place": "on"}, "Ange när personuppgiftsbiträdesavtalet tecknades"),
    ({"dpa_in_place": "on", "dpa_signed_on": "2999-01-01", "dpa_location": "Dnr"},
     "kan inte ligga i framtiden"),
    ({"dpa_signed_on": "2024-02-30"}, "Fyll i ett giltigt datum"),
    ({"dpa_signed_on": "2024-01-01"}, "Markera att personuppgiftsbiträdesavtal finns"),
    ({"name": "Sokigo\x00AB"}, "styrtecken"),
])
def test_create_form_errors(client_for, official, data, text):
    response = client_for(official).post(CREATE, {**FORM, **data})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Supplier.objects.exists()


def test_a_duplicate_name_is_a_form_error(client_for, make_supplier, official):
    make_supplier(name="Sokigo AB")
    response = client_for(official).post(CREATE, {**FORM, "name": "SOKIGO AB"})
    assert response.status_code == 200
    assert "Det finns redan en leverantör som heter Sokigo AB" in response.content.decode()


def test_create_and_edit(client_for, official, farsta_service):
    client = client_for(official)
    response = client.post(CREATE, {**FORM, "org_number": "165564471927"})
    supplier = Supplier.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(supplier)
    assert supplier.org_number == "556447-1927"
    response = client.post(edit(supplier), {
        **FORM, "version": supplier.version, "dpa_in_place": "on", "dpa_signed_on": "2024-05-01",
        "dpa_location": "Avtalsdatabasen", "is_active": "on",
    })
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.dpa_in_place and supplier.version == 2
    body = client.get(detail(supplier)).content.decode()
    assert "Avtalsdatabasen" in body and "Historik" in body


def test_a_stale_edit_keeps_the_input(client_for, supplier, official):
    response = client_for(official).post(edit(supplier), {
        **FORM, "name": "Nytt namn", "version": supplier.version - 1,
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in body and "Nytt namn" in body


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999999", "-1", "1.5"])
def test_link_with_junk_is_a_form_error(client_for, supplier, official, value):
    response = client_for(official).post(link(supplier), {"it_service": value})
    assert response.status_code == 200


def test_edit_with_a_junk_version_is_a_form_error(client_for, supplier, official):
    response = client_for(official).post(edit(supplier), {**FORM, "version": "x"})
    assert response.status_code == 200
