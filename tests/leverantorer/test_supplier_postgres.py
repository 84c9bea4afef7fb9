"""What only PostgreSQL shows: case-insensitive search and uniqueness for å, ä, ö (SQLite's
LIKE and lower() fold ASCII only)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_search_ignores_case_of_swedish_letters(need_postgres, client_for, official, make_supplier):
    make_supplier(name="Åkerlunds Data AB")
    body = client_for(official).get(
        reverse("leverantorer:supplier_list"), {"q": "åkerlund"}
    ).content.decode()
    assert "Åkerlunds Data AB" in body


def test_names_differing_in_case_of_swedish_letters_are_duplicates(need_postgres, make_supplier):
    make_supplier(name="Östra Drift AB")
    with pytest.raises(ValidationError) as exc:
        make_supplier(name="östra drift ab")
    assert "name" in exc.value.message_dict
