"""The supplier services: normalised numbers, duplicates and agreement rules as Swedish field
errors, optimistic locking, history with the acting user, and links checked against the IT
service's edit right."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from isms.locking import StaleObjectError
from leverantorer import services
from leverantorer.models import Supplier

pytestmark = pytest.mark.django_db


def _errors(call, **kwargs):
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def test_create_normalises_the_org_number_and_records_the_actor(make_supplier, official):
    supplier = make_supplier(actor=official, name="  Sokigo AB ", org_number="165564471927")
    assert supplier.name == "Sokigo AB"
    assert supplier.org_number == "556447-1927"
    assert supplier.history.get().history_user == official


def test_a_bad_org_number_is_a_field_error(make_supplier):
    errors = _errors(make_supplier, org_number="556016-0681")
    assert errors["org_number"][0].startswith("Kontrollsiffran stämmer inte")


def test_duplicate_names_differing_only_in_case_are_refused(make_supplier):
    make_supplier(name="Atea Sverige AB")
    errors = _errors(make_supplier, name="ATEA sverige ab")
    assert "Det finns redan en leverantör som heter Atea Sverige AB" in errors["name"][0]
    assert Supplier.objects.count() == 1


def test_duplicate_org_numbers_are_refused(make_supplier):
    make_supplier(name="Atea Sverige AB", org_number="556448-3641")
    errors = _errors(make_supplier, name="Atea AB", org_number="5564483641")
    assert "redan registrerat för Atea Sverige AB" in errors["org_number"][0]


def test_the_database_constraints_answer_in_swedish(make_supplier):
    make_supplier(name="Atea Sverige AB")
    with pytest.raises(ValidationError) as exc:
        Supplier(name="Atea Sverige AB").validate_constraints()
    assert "Det finns redan en leverantör med det namnet." in exc.value.messages


def test_a_simultaneous_duplicate_is_a_validation_error_not_an_integrity_error(
    make_supplier, monkeypatch
):
    """Two saves passing the checks at once: the second hits the constraint, and gets the
    constraint's Swedish message (never an IntegrityError, a 500)."""
    make_supplier(name="Atea Sverige AB")
    monkeypatch.setattr(services, "_check_unique", lambda supplier: None)
    monkeypatch.setattr(Supplier, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError):
        make_supplier(name="atea sverige ab")


@pytest.mark.parametrize(("fields", "field", "text"), [
    ({"dpa_in_place": True, "dpa_location": "Dnr 1"}, "dpa_signed_on", "Ange när"),
    ({"dpa_in_place": True, "dpa_signed_on": dt.date(2024, 1, 1)}, "dpa_location",
     "Ange var avtalet förvaras"),
    ({"dpa_signed_on": dt.date(2024, 1, 1)}, "dpa_in_place", "Markera att"),
    ({"dpa_in_place": True, "dpa_location": "Dnr 1", "dpa_signed_on": dt.date(2999, 1, 1)},
     "dpa_signed_on", "kan inte ligga i framtiden"),
])
def test_agreement_rules(make_supplier, fields, field, text):
    errors = _errors(make_supplier, **fields)
    assert text in errors[field][0]


def test_update_refuses_a_stale_version_and_bumps_the_version(make_supplier, official, chief):
    supplier = make_supplier(actor=official)
    updated = services.supplier_update(
        actor=chief, supplier=supplier, expected_version=supplier.version, contact="Växeln"
    )
    assert updated.version == supplier.version + 1
    assert updated.history.first().history_user == chief
    with pytest.raises(StaleObjectError):
        services.supplier_update(
            actor=official, supplier=supplier, expected_version=supplier.version, contact="X"
        )


def test_update_keeps_its_own_name_and_refuses_another(make_supplier):
    supplier = make_supplier(name="Atea Sverige AB")
    make_supplier(name="CGI Sverige AB")
    services.supplier_update(actor=None, supplier=supplier, expected_version=1,
                             name="ATEA Sverige AB")
    errors = _errors(services.supplier_update, actor=None, supplier=supplier,
                     expected_version=2, name="cgi sverige ab")
    assert "name" in errors


def test_links_are_checked_against_the_it_service(
    make_supplier, farsta_service, bromma_service, official
):
    supplier = make_supplier(actor=official)
    assert services.supplier_link_service(actor=official, supplier=supplier, service=farsta_service)
    assert not services.supplier_link_service(
        actor=official, supplier=supplier, service=farsta_service
    )
    with pytest.raises(PermissionDenied):
        services.supplier_link_service(actor=official, supplier=supplier, service=bromma_service)
    record = supplier.history.first()
    assert record.history_user == official
    assert [s.pk for s in record.it_services.all()] != []  # the link is on the snapshot
    assert services.supplier_unlink_service(
        actor=official, supplier=supplier, service=farsta_service
    )
    assert not supplier.it_services.exists()


def test_supplier_choices_for_other_registers(make_supplier, official, make_person):
    active = make_supplier(name="Atea Sverige AB")
    inactive = make_supplier(name="CGI Sverige AB")
    services.supplier_update(actor=None, supplier=inactive, expected_version=1, is_active=False)
    from leverantorer import selectors

    assert list(selectors.supplier_choices(user=official)) == [active]
    assert not selectors.supplier_choices(user=make_person("utan.roll")).exists()
