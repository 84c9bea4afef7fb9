"""``isms.compiled.CompiledRows(prepare=True)`` with a list of ids (``Ids``): on PostgreSQL a
statement prepared per length of the list while it is short (a person's units, a page's few
services: their planning cost up to a millisecond on every view), plain SQL for a longer list;
the rows are those of the plain SQL whatever the list, on every database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isms.compiled import PREPARED_MAX_IDS, CompiledRows, Ids
from nämnder.models import OrganisationUnit

pytestmark = pytest.mark.django_db

_UNITS = Ids(-2_000_000_900)
_SKIPPED = -2_000_000_990


def _names(unit_ids, skipped):
    return (
        OrganisationUnit.objects.filter(pk__in=unit_ids).exclude(pk=skipped)
        .order_by("pk").values_list("pk", "short_name")
    )


def _run(rows, ids, skipped):
    with CaptureQueriesContext(connection) as queries:
        got = rows.rows(unit_ids=ids, skipped=skipped)
    assert len(queries.captured_queries) == 1
    return got, queries.captured_queries[0]["sql"]


@pytest.mark.parametrize("prepare", [True, False])
def test_prepared_rows_with_a_list_are_the_plain_rows(prepare, farsta, bromma, make_unit):
    units = [farsta, bromma, *(make_unit(f"enhet{i}") for i in range(PREPARED_MAX_IDS))]
    ids = [u.pk for u in units]
    rows = CompiledRows(_names, unit_ids=_UNITS, skipped=_SKIPPED, prepare=prepare)
    postgres = connection.vendor == "postgresql"
    for _ in range(2):  # prepared at the first run of each length, executed after
        for chosen, skipped in (
            (ids[:1], 0), (ids[1:2], 0), (ids[:2], ids[0]), (ids[2:4], 0),
            (ids[:PREPARED_MAX_IDS], ids[3]), (ids, 0), (ids[::-1], ids[1]),
        ):
            got, sql = _run(rows, chosen, skipped)
            assert got == list(_names(chosen, skipped))
            assert got  # the ids are real units: a row per unit not skipped
            short = len(chosen) <= PREPARED_MAX_IDS
            assert ("prepared statement" in sql) is (prepare and postgres and short), sql
    assert rows.rows(unit_ids=[], skipped=0) == []
    assert rows.rows(unit_ids=[0, -1], skipped=0) == []
