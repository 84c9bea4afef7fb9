"""A read without parameters (reference data, the risk matrix) is prepared like any other:
``EXECUTE name`` takes no parentheses, and it gives the plain SQL's rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isms import prepared
from isms.compiled import CompiledQuery
from klassning.models import InformationAsset
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db

_ALL = CompiledQuery(lambda: InformationAsset.objects.order_by("name", "pk"), prepare=True)


def test_a_compiled_read_without_parameters_is_prepared_on_postgresql(need_postgres, farsta, official):
    make_asset(farsta, official, name="Register B")
    make_asset(farsta, official, name="Register A")
    for _ in range(7):
        with CaptureQueriesContext(connection) as ctx:
            names = [a.name for a in _ALL.objects()]
        assert names == ["Register A", "Register B"]
        assert len(ctx.captured_queries) == 1
        assert "prepared statement" in ctx.captured_queries[0]["sql"]


def test_execute_sql_without_parameters_is_prepared_and_reads_the_rows(need_postgres, farsta, official):
    make_asset(farsta, official, name="Register")
    sql = "SELECT COUNT(*) FROM klassning_informationasset"
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx, connection.cursor() as cursor:
            prepared.execute_sql(cursor, sql, [])
            assert cursor.fetchone()[0] == 1
        assert "prepared statement" in ctx.captured_queries[-1]["sql"]


def test_without_parameters_elsewhere_the_plain_sql_runs(farsta, official):
    make_asset(farsta, official, name="Register")
    assert [a.name for a in _ALL.objects()] == ["Register"]
