"""A person's history records counted in every history table: on PostgreSQL one statement
prepared once per database session (its fifty branches were planned on every page). The counts
are the same as the plain query's, on every page, for every person, and after the database
connection is replaced (a new session prepares it again)."""

import pytest
from django.db import connection, connections

from isms import prepared
from sparbarhet import personal_data
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _plain_counts(person):
    pairs = personal_data.history_models()
    tables = tuple(
        (h._meta.db_table, h._meta.get_field("history_user").column) for _m, h in pairs
    )
    with connection.cursor() as cursor:
        cursor.execute(personal_data._history_counts_sql(tables), [person.pk] * len(tables))
        return {pairs[i][0]._meta.label_lower: n for i, n in cursor.fetchall() if n}


def _counts(person):
    return {r["model"]: r["count"] for r in personal_data.history_counts(person=person)}


def test_the_counts_are_the_plain_querys_for_every_person(farsta, official, chief):
    for i in range(3):
        make_asset(farsta, official, name=f"Register {i}")
    make_asset(farsta, chief, name="Chefens register")
    for _ in range(2):  # the second run executes what the first prepared
        assert _counts(official) == _plain_counts(official)
        assert _counts(official)["klassning.informationasset"] == 3
        assert _counts(chief) == _plain_counts(chief)
        assert _counts(chief)["klassning.informationasset"] == 1


def test_a_new_database_session_prepares_the_statement_again(
    need_postgres, farsta, official, django_assert_num_queries
):
    make_asset(farsta, official, name="Register")
    _counts(official)
    with django_assert_num_queries(1) as queries:
        assert _counts(official)["klassning.informationasset"] == 1
    assert "/* prepared statement isms_sql_" in queries.captured_queries[0]["sql"]
    # As if the connection had been dropped and opened again: the new session has no
    # prepared statements, and the page must not fail on one it believes prepared.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared.forget(connections["default"])
    assert _counts(official)["klassning.informationasset"] == 1
