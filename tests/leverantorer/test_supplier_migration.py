"""Migration 0002: the IT services' free-text supplier becomes supplier records, nothing lost."""

import importlib

import pytest
from django.apps import apps

from leverantorer.models import Supplier
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

migration = importlib.import_module("leverantorer.migrations.0002_suppliers_from_it_service_texts")


def _run():
    migration.suppliers_from_texts(apps, None)


def test_one_supplier_per_distinct_text_linked_to_its_services(farsta, bromma, official):
    a = make_service(farsta, official, name="A", supplier="Tieto Evry")
    b = make_service(farsta, official, name="B", supplier="  tieto evry ")
    c = make_service(bromma, None, name="C", supplier="TIETO EVRY")
    d = make_service(bromma, None, name="D", supplier="Sokigo AB")
    e = make_service(bromma, None, name="E", supplier="")
    _run()
    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["Sokigo AB", "Tieto Evry"]
    tieto = Supplier.objects.get(name="Tieto Evry")  # the most common spelling
    assert set(tieto.it_services.all()) == {a, b, c}
    assert list(Supplier.objects.get(name="Sokigo AB").it_services.all()) == [d]
    assert not e.suppliers.exists()
    # The free text stays on the IT service.
    b.refresh_from_db()
    assert b.supplier == "  tieto evry "
    # Each supplier's history says where it came from, with its links.
    record = tieto.history.get()
    assert record.history_change_reason == migration.REASON
    assert record.history_user is None
    assert {link.itservice_id for link in record.it_services.all()} == {a.pk, b.pk, c.pk}


def test_a_tie_takes_the_earliest_spelling_and_existing_suppliers_are_reused(
    farsta, official, make_supplier
):
    make_service(farsta, official, name="A", supplier="cgi")
    make_service(farsta, official, name="B", supplier="CGI")
    existing = make_supplier(name="Atea Sverige AB")
    s = make_service(farsta, official, name="C", supplier="atea sverige ab")
    _run()
    assert Supplier.objects.filter(name="cgi").exists()
    assert list(existing.it_services.all()) == [s]
    assert Supplier.objects.count() == 2


def test_running_it_again_adds_nothing(farsta, official):
    make_service(farsta, official, name="A", supplier="Visma")
    _run()
    _run()
    assert Supplier.objects.count() == 1
    assert Supplier.it_services.through.objects.count() == 1
    assert Supplier.objects.get().history.count() == 1


def test_nothing_to_do_without_texts(farsta, official):
    make_service(farsta, official, name="A")
    _run()
    assert not Supplier.objects.exists()


def test_runs_with_the_historical_models_of_its_migration_state(farsta, official):
    """As ``migrate`` runs it: with the models as they were at 0001 (no app code)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state(
        ("leverantorer", "0002_suppliers_from_it_service_texts"), at_end=False
    )
    a = make_service(farsta, official, name="A", supplier="Formpipe")
    migration.suppliers_from_texts(state.apps, None)
    supplier = Supplier.objects.get(name="Formpipe")
    assert list(supplier.it_services.all()) == [a]
    assert supplier.history.get().it_services.count() == 1
