"""An adversarial pass over the supplier register: other units' IT services cannot be linked or
unlinked through posted ids, people without a role get nothing, hostile text is escaped, odd
input is a form error (never a 500), and organisation numbers in other scripts' digits cannot
slip past the duplicate check."""

import pytest
from django.urls import reverse

from leverantorer import orgnr, services
from leverantorer.models import Supplier
from nämnder.models import Role
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

LIST = reverse("leverantorer:supplier_list")
CREATE = reverse("leverantorer:supplier_create")
FORM = {"name": "Sokigo AB", "org_number": "", "contact": "", "dpa_location": "",
        "dpa_signed_on": "", "notes": ""}


def url(name, *args):
    return reverse(f"leverantorer:{name}", args=args)


@pytest.fixture
def bromma_editor(make_person, bromma):
    return make_person("samordnare.bromma", bromma, Role.COORDINATOR)


@pytest.fixture
def shared(make_supplier, farsta_service, bromma_editor, official):
    """A supplier delivering one Farsta and one Bromma service."""
    bromma_service = make_service(bromma_editor_unit(bromma_editor), bromma_editor,
                                  name="Bygglovssystem")
    supplier = make_supplier(name="Atea Sverige AB", actor=official, it_services=[farsta_service])
    services.supplier_link_service(actor=bromma_editor, supplier=supplier, service=bromma_service)
    return supplier, farsta_service, bromma_service


def bromma_editor_unit(user):
    return user.memberships.get().unit


# --- IDOR through posted and URL ids -----------------------------------------------------------

def test_a_unit_editor_cannot_unlink_another_units_service(client_for, shared, official):
    supplier, _farsta, bromma_service = shared
    response = client_for(official).post(url("supplier_unlink", supplier.pk, bromma_service.pk))
    assert response.status_code == 404
    assert supplier.it_services.filter(pk=bromma_service.pk).exists()


def test_a_unit_editor_cannot_link_another_units_service_by_posting_its_id(
    client_for, make_supplier, bromma_editor, official, farsta_service
):
    bromma_service = make_service(bromma_editor_unit(bromma_editor), bromma_editor, name="Bygglov")
    supplier = make_supplier(name="Sokigo AB", actor=official)
    client = client_for(official)
    for value in (bromma_service.pk, "9" * 30, "-1", "1e3", "", "0x1", "²", "¹²", "٣²"):
        response = client.post(url("supplier_link", supplier.pk), {"it_service": value})
        assert response.status_code == 200, value
    assert not supplier.it_services.exists()


def test_a_superscript_digit_as_an_id_is_no_id():
    from isms.converters import is_id

    assert not is_id("²") and not is_id("1²")


def test_a_reader_whose_unit_uses_a_service_cannot_unlink_it(
    client_for, make_supplier, farsta, official, make_person, bromma
):
    user_unit_reader = make_person("handlaggare.bromma2", bromma, Role.OFFICIAL)
    service = make_service(farsta, official, name="Delad tjänst", user_units=[bromma])
    supplier = make_supplier(name="Delad AB", actor=official, it_services=[service])
    response = client_for(user_unit_reader).post(url("supplier_unlink", supplier.pk, service.pk))
    assert response.status_code == 403
    assert supplier.it_services.filter(pk=service.pk).exists()


def test_unlink_refuses_get(client_for, shared, official):
    supplier, farsta_service, _b = shared
    response = client_for(official).get(url("supplier_unlink", supplier.pk, farsta_service.pk))
    assert response.status_code == 405
    assert supplier.it_services.filter(pk=farsta_service.pk).exists()


def test_an_auditor_changes_nothing(client_for, shared, unit_auditor, city_auditor):
    supplier, farsta_service, _b = shared
    for person in (unit_auditor, city_auditor):
        client = client_for(person)
        assert client.post(CREATE, FORM).status_code == 403
        assert client.post(url("supplier_edit", supplier.pk), {**FORM, "version": 1}).status_code == 403
        assert client.post(url("supplier_link", supplier.pk), {"it_service": farsta_service.pk}).status_code == 403
        assert client.post(url("supplier_unlink", supplier.pk, farsta_service.pk)).status_code in (403, 404)
    supplier.refresh_from_db()
    assert supplier.name == "Atea Sverige AB" and supplier.it_services.count() == 2


def test_a_person_without_a_role_gets_nothing(client_for, shared, make_person):
    supplier, farsta_service, _b = shared
    client = client_for(make_person("utan.roll"))
    assert client.get(LIST, {"format": "csv"}).status_code == 403
    assert client.get(LIST, {"format": "xlsx"}).status_code == 403
    assert client.get(url("supplier_link", supplier.pk)).status_code == 404
    assert client.post(url("supplier_unlink", supplier.pk, farsta_service.pk)).status_code == 404
    assert client.get(url("supplier_edit", supplier.pk)).status_code == 404
    assert client.post(CREATE, FORM).status_code == 403


def test_an_editor_of_an_inactive_unit_cannot_link_or_unlink(
    client_for, shared, official, farsta
):
    from nämnder import services as unit_services

    supplier, farsta_service, _b = shared
    unit_services.unit_update(
        actor=None, unit=farsta, expected_version=farsta.version, is_active=False
    )
    client = client_for(official)
    assert client.post(url("supplier_unlink", supplier.pk, farsta_service.pk)).status_code == 403
    assert supplier.it_services.filter(pk=farsta_service.pk).exists()


def test_the_export_names_no_it_service_of_another_unit(client_for, shared, outsider):
    supplier, farsta_service, _b = shared
    for fmt in ("csv", "xlsx"):
        response = client_for(outsider).get(LIST, {"format": fmt})
        body = b"".join(response.streaming_content)
        assert farsta_service.name.encode() not in body


def test_the_detail_and_history_name_no_it_service_of_another_unit(
    client_for, shared, outsider, official
):
    supplier, farsta_service, bromma_service = shared
    services.supplier_unlink_service(actor=official, supplier=supplier, service=farsta_service)
    page = client_for(outsider).get(url("supplier_detail", supplier.pk)).content.decode()
    assert bromma_service.name in page  # Bromma's own
    assert farsta_service.name not in page  # linked and unlinked by Farsta: not in the history


# --- Hostile text ------------------------------------------------------------------------------

XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>'


def test_hostile_supplier_text_is_escaped_on_every_page(
    client_for, make_supplier, farsta_service, official
):
    supplier = make_supplier(name=XSS, actor=official, it_services=[farsta_service],
                             contact=XSS, notes=XSS)
    client = client_for(official)
    pages = [
        client.get(LIST).content, client.get(url("supplier_detail", supplier.pk)).content,
        client.get(url("supplier_link", supplier.pk)).content,
        client.get(url("supplier_edit", supplier.pk)).content,
        client.get(reverse("klassning:service_detail", args=[farsta_service.pk])).content,
    ]
    for page in pages:
        assert b"<script>alert(1)" not in page and b"<img src=x" not in page


# --- Odd input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fields", [
    {"name": "   "}, {"name": "x" * 201}, {"name": "a\x00b"}, {"org_number": "1" * 21},
    {"org_number": "556016-0681"}, {"org_number": "556016-068O"},
    {"dpa_in_place": "on", "dpa_signed_on": "2024-02-30", "dpa_location": "x"},
    {"dpa_in_place": "on", "dpa_signed_on": "99999-01-01", "dpa_location": "x"},
    {"notes": "a\x07b"}, {"contact": "a\nb"},
])
def test_odd_input_is_a_form_error(client_for, official, fields):
    response = client_for(official).post(CREATE, {**FORM, **fields})
    assert response.status_code == 200
    assert not Supplier.objects.exists()


def test_odd_edit_versions_are_form_errors(client_for, make_supplier, official):
    supplier = make_supplier(name="Sokigo AB", actor=official)
    for version in ("", "x", "9" * 40, "-1"):
        response = client_for(official).post(
            url("supplier_edit", supplier.pk), {**FORM, "name": "Nytt", "version": version}
        )
        assert response.status_code == 200, version
    supplier.refresh_from_db()
    assert supplier.name == "Sokigo AB"


def test_odd_list_parameters_are_not_500(client_for, make_supplier, official):
    make_supplier(name="Sokigo AB", actor=official)
    client = client_for(official)
    for params in ({"q": "%"}, {"q": "_"}, {"q": "x" * 500}, {"q": "\x00"}, {"dpa": "nope"},
                   {"sida": "9" * 40}, {"page": "-1"}, {"q": "1" * 40}, {"q": "٥٥٦"}):
        assert client.get(LIST, params).status_code == 200, params
    assert client.get(LIST, {"format": "pdf"}).status_code == 404


def test_double_link_is_harmless(client_for, make_supplier, official, farsta_service):
    supplier = make_supplier(name="Sokigo AB", actor=official)
    client = client_for(official)
    first = client.post(url("supplier_link", supplier.pk), {"it_service": farsta_service.pk})
    second = client.post(url("supplier_link", supplier.pk), {"it_service": farsta_service.pk})
    assert first.status_code == 302 and second.status_code == 200
    assert supplier.it_services.count() == 1


# --- Organisation numbers in other digits ------------------------------------------------------

@pytest.mark.parametrize("value", ["٥٥٦٠١٦-٠٦٨٠", "５５６０１６-０６８０", "۵۵۶۰۱۶-۰۶۸۰"])
def test_an_org_number_is_stored_in_ascii_digits_or_refused(value):
    try:
        result = orgnr.normalise(value)
    except Exception:  # noqa: BLE001 - a Swedish form error is fine too
        return
    assert result == "556016-0680"


def test_an_org_number_in_other_digits_is_a_duplicate(make_supplier, official):
    from django.core.exceptions import ValidationError

    make_supplier(name="Sokigo AB", org_number="556016-0680", actor=official)
    with pytest.raises(ValidationError):
        make_supplier(name="Sokigo två", org_number="٥٥٦٠١٦-٠٦٨٠", actor=official)


@pytest.mark.parametrize("value", ["556016–0680", "556016‑0680", "556016−0680"])
def test_an_org_number_copied_with_a_typographic_dash_is_accepted(value):
    assert orgnr.normalise(value) == "556016-0680"


# --- Names in decomposed Unicode (text pasted from a Mac or a PDF) -----------------------------

NFC_NAME = "Åkerlunds Data AB"
NFD_NAME = "A\u030akerlunds Data AB"  # looks the same: A + combining ring


def test_a_name_in_decomposed_letters_is_a_duplicate(make_supplier, official):
    from django.core.exceptions import ValidationError

    make_supplier(name=NFC_NAME, actor=official)
    with pytest.raises(ValidationError) as exc:
        make_supplier(name=NFD_NAME, actor=official)
    assert "name" in exc.value.message_dict


def test_a_name_is_stored_composed(make_supplier, official):
    assert make_supplier(name=NFD_NAME, actor=official).name == NFC_NAME


def test_the_migration_makes_one_supplier_of_composed_and_decomposed_spellings(
    farsta, official
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "leverantorer.migrations.0002_suppliers_from_it_service_texts"
    )
    a = make_service(farsta, official, name="A", supplier=NFC_NAME)
    b = make_service(farsta, official, name="B", supplier=NFD_NAME)
    migration.suppliers_from_texts(apps, None)
    supplier = Supplier.objects.get()
    assert supplier.name == NFC_NAME
    assert set(supplier.it_services.all()) == {a, b}


# --- Simultaneous saves: the constraint's Swedish message, not a 500 ---------------------------

@pytest.mark.parametrize("twin", [
    {"name": "SOKIGO AB"}, {"name": "Annat namn", "org_number": "556016-0680"},
])
def test_a_simultaneous_duplicate_is_a_form_error(client_for, official, make_supplier, monkeypatch, twin):
    make_supplier(name="Sokigo AB", org_number="556016-0680", actor=official)
    # The other request passed the duplicate check before this one saved.
    monkeypatch.setattr(services, "_check_unique", lambda supplier: None)
    response = client_for(official).post(CREATE, {**FORM, **twin})
    assert response.status_code == 200
    assert "Det finns redan en leverantör med det" in response.content.decode()
    assert Supplier.objects.count() == 1


def test_hostile_names_in_the_link_messages_are_escaped(client_for, make_supplier, farsta, official):
    service = make_service(farsta, official, name=XSS)
    supplier = make_supplier(name=XSS + " AB", actor=official)
    client = client_for(official)
    page = client.get(url("supplier_link", supplier.pk)).content
    assert b"<script>alert(1)" not in page
    linked = client.post(url("supplier_link", supplier.pk), {"it_service": service.pk}, follow=True)
    unlinked = client.post(url("supplier_unlink", supplier.pk, service.pk), follow=True)
    for response in (linked, unlinked):
        assert response.status_code == 200
        assert b"<script>alert(1)" not in response.content and b"<img src=x" not in response.content


def test_odd_page_numbers_are_not_500(client_for, make_supplier, official):
    make_supplier(name="Sokigo AB", actor=official)
    for page in ("²", "١", "-0", "1e9", "nan"):
        assert client_for(official).get(LIST, {"sida": page, "page": page}).status_code == 200
