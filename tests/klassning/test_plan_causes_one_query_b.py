"""Issue 9: a unit's action plan names each requirement's first causes from the query that
finds them (``handover._unit_cause_heads`` returns their ids and names): no second query for
the named assets, a flat number of queries however many assets the unit holds, and every
name escaped. The unfiltered plan is read through SQL built once per process
(``selectors.unit_plan_items``): the same items, in the same order, as ``unit_plan``."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from klassning import selectors
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 3, "S": 2}


def _plan(client, unit):
    return client.get(reverse("klassning:unit_plan", args=[unit.pk]))


@pytest.mark.parametrize("n", [2, 9])
def test_the_plan_costs_the_same_queries_whatever_the_number_of_causes(
    n, farsta, official, chief, client_for, django_assert_max_num_queries
):
    for i in range(n):
        approved(make_asset(farsta, official, name=f"Mängd {i:02d}"), official, chief, LEVELS)
    client = client_for(chief)
    client.get(reverse("start"))  # the session warmed
    # The session, the person, their unit permissions and memberships, the unit, the aspects,
    # the plan and its causes (named and counted in one query on PostgreSQL; on SQLite the
    # unit's levels, then the named assets).
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 9):
        response = _plan(client, farsta)
    assert response.status_code == 200
    page = response.content.decode()
    # The first five causes in name order, linked to their page, with their unit.
    asset_ids = dict(re.findall(r'<a href="/informationsmangder/(\d+)/">(Mängd \d+)</a>', page))
    assert sorted(set(asset_ids.values())) == [f"Mängd {i:02d}" for i in range(min(n, 5))]
    assert f"Mängd 00</a> ({farsta.short_name})" in page
    if n > 5:
        assert f"och {n - 5} informationsmängder till" in page


def test_a_cause_named_with_markup_is_escaped(farsta, official, chief, client_for):
    approved(make_asset(farsta, official, name="<script>alert(1)</script> & co"), official, chief,
             LEVELS)
    page = _plan(client_for(chief), farsta).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</a>" in page
    assert "<script>alert(1)" not in page


def test_the_read_plan_is_the_plans_queryset(farsta, official, chief):
    approved(make_asset(farsta, official, name="Avtal"), official, chief, LEVELS)
    approved(make_asset(farsta, official, name="Löner"), official, chief,
             {"K": 4, "R": 4, "T": 1, "S": 4})
    expected = list(selectors.unit_plan(unit=farsta))
    read = selectors.unit_plan_items(unit=farsta)
    assert expected
    assert [(i.pk, i.is_overdue, i.requirement.code, i.requirement.aspect.code,
             i.responsible_user_id) for i in read] == [
        (i.pk, i.is_overdue, i.requirement.code, i.requirement.aspect.code,
         i.responsible_user_id) for i in expected]


def test_an_auditor_sees_the_causes_linked(farsta, official, chief, make_person, client_for):
    from nämnder.models import Role

    approved(make_asset(farsta, official, name="Avtal"), official, chief, LEVELS)
    auditor = make_person("granskare.farsta", farsta, Role.AUDITOR)
    page = _plan(client_for(auditor), farsta).content.decode()
    assert re.search(r'<a href="/informationsmangder/\d+/">Avtal</a> \(', page)
