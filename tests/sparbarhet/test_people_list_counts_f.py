"""The people list shows each person's number of memberships (none, one, several), counted for
the listed people only: the list's total is a plain count of the accounts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nämnder import services as unit_services
from sparbarhet import personal_data

pytestmark = pytest.mark.django_db


def test_membership_counts_per_person(farsta, bromma, make_person, chief, security_function):
    nobody = make_person("ingen.roll")
    two = make_person("tva.roller", farsta)
    unit_services.membership_add(actor=chief, user=two, unit=bromma, role="auditor")
    counts = {p.username: p.membership_count for p in personal_data.people()}
    assert counts[nobody.username] == 0
    assert counts[two.username] == 2
    assert counts[chief.username] == 1


def test_the_lists_total_is_a_plain_count(client_for, security_function, make_person, farsta):
    for i in range(3):
        make_person(f"person{i}.farsta", farsta)
    client = client_for(security_function)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("sparbarhet:people")).content.decode()
    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "auth_user" in q["sql"]]
    assert counts and all("JOIN" not in sql and "GROUP BY" not in sql for sql in counts)
    assert "person2.farsta" in body
