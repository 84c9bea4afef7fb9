"""``isms.compiled.CompiledRows(prepare=True)``: on PostgreSQL the rows are read through a
statement prepared once per database session (the IT service page's assets, whose planning
cost more than a millisecond on every view); the rows are those of the plain SQL, for every
value of the sentinel, on every database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isms.compiled import CompiledRows
from nämnder.models import OrganisationUnit

pytestmark = pytest.mark.django_db

_UNIT = -2_000_000_991


def _names(unit_id):
    return OrganisationUnit.objects.filter(pk=unit_id).values_list("pk", "short_name")


@pytest.mark.parametrize("prepare", [True, False])
def test_prepared_rows_are_the_plain_rows(prepare, farsta, bromma):
    rows = CompiledRows(_names, unit_id=_UNIT, prepare=prepare)
    for _ in range(2):  # prepared at the first run, executed at the second
        for unit in (farsta, bromma):
            plain = list(_names(unit.pk))
            with CaptureQueriesContext(connection) as queries:
                assert rows.rows(unit_id=unit.pk) == plain
            assert len(queries.captured_queries) == 1
            sql = queries.captured_queries[0]["sql"]
            expected = prepare and connection.vendor == "postgresql"
            assert ("prepared statement" in sql) is expected, sql
    assert rows.rows(unit_id=0) == []
