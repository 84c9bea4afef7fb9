"""The register's filter lists (units, owners, the units a new risk may go in) are read by SQL
compiled once per shape of the person's scope: for every persona, with and without a chosen
unit, they are what the access rules give (``visible_units``, ``owner_choices``,
``units_for_new_records``), and a second read runs a prepared statement on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from risk import selectors
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db

PERSONAS = ["official", "chief", "unit_auditor", "outsider", "city_auditor", "security_function",
            "nobody"]


def _label(user):
    name = f"{user.first_name} {user.last_name}".strip()
    return f"{name} ({user.username})" if name else user.username


def _expected(user, unit, editable):
    from nämnder import access

    expected = {
        "unit": [(u.pk, u.name) for u in access.visible_units(user).order_by("name")],
        "owner": [(p.pk, _label(p)) for p in selectors.owner_choices(user=user, unit=unit)],
    }
    if editable:
        expected["editable"] = [(u.pk, u.name)
                                for u in selectors.units_for_new_records(user=user)]
    return expected


@pytest.fixture
def register(farsta, bromma, official, coordinator, outsider):
    official.first_name, official.last_name = "Åsa", "Berg"
    official.save()
    make_risk(farsta, official, owner=official)
    make_risk(farsta, official, title="Utan ägare")
    make_risk(bromma, outsider, owner=outsider)
    make_risk(farsta, coordinator, owner=coordinator)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("editable", [False, True])
def test_the_lists_are_what_the_access_rules_give(persona, editable, request, register, farsta,
                                                  bromma, django_user_model):
    user = (django_user_model.objects.create_user("utan.roll", password="x")  # noqa: S106
            if persona == "nobody" else request.getfixturevalue(persona))
    for unit in (None, farsta.pk, bromma.pk):
        options = selectors.filter_options(user=user, unit=unit, editable=editable)
        assert options == _expected(user, unit, editable), (persona, unit)
    if persona == "security_function":
        assert len(selectors.filter_options(user=user)["owner"]) == 3


def test_a_second_read_is_a_prepared_statement_on_postgresql(need_postgres, register, chief,
                                                              farsta):
    selectors.filter_options(user=chief, unit=farsta.pk, editable=True)
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            options = selectors.filter_options(user=chief, unit=farsta.pk, editable=True)
        assert [q for q in ctx.captured_queries if "prepared statement" not in q["sql"]] == []
        # Swedish order: Å after S.
        assert [name for _pk, name in options["owner"]] == [
            "Samordnare Farsta (samordnare.farsta)", "Åsa Berg (handlaggare.farsta)"]
