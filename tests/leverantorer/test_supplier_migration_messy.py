"""Migration 0002 on messy free text: case and whitespace variants of Swedish letters, the
longest names, older data with control characters; on PostgreSQL too (its lower() decides the
unique constraint the migration's grouping must agree with)."""

import importlib

import pytest
from django.apps import apps

from klassning.models import ITService
from leverantorer.models import Supplier
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

migration = importlib.import_module("leverantorer.migrations.0002_suppliers_from_it_service_texts")


def test_messy_texts_become_one_supplier_each(farsta, official):
    texts = ["ÅTEA Sverige", " åtea sverige ", "Åtea Sverige", "Ö" * 200, "ö" * 200, "Ärlig Drift"]
    for i, text in enumerate(texts):
        make_service(farsta, official, name=f"Tjänst {i}", supplier=text)
    # Older data, written before the input rules: a tab inside the name.
    ITService.objects.filter(name="Tjänst 5").update(supplier="Ärlig\tDrift")
    migration.suppliers_from_texts(apps, None)
    names = sorted(Supplier.objects.values_list("name", flat=True))
    # A tie of spellings: the earliest.
    assert names == sorted(["ÅTEA Sverige", "Ö" * 200, "Ärlig\tDrift"])
    assert Supplier.it_services.through.objects.count() == len(texts)
