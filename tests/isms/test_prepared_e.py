"""Compiled reads prepared once per database session (``isms.prepared``, PostgreSQL): the same
rows as the plain SQL, for every value, in a new session too; on other databases the plain SQL."""

import pytest
from django.db import connection, connections

from isms import prepared
from isms.compiled import CompiledQuery
from klassning.models import InformationAsset
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


_SENTINEL_UNIT = -2_000_000_991
_PLAIN = CompiledQuery(
    lambda unit_id: InformationAsset.objects.filter(unit_id=unit_id, name__contains="50%")
    .select_related("unit").order_by("name", "pk"),
    unit_id=_SENTINEL_UNIT,
)
_PREPARED = CompiledQuery(
    lambda unit_id: InformationAsset.objects.filter(unit_id=unit_id, name__contains="50%")
    .select_related("unit").order_by("name", "pk"),
    unit_id=_SENTINEL_UNIT, prepare=True,
)


def _rows(query, unit):
    return [(a.pk, a.name, a.unit.name) for a in query.objects(unit_id=unit.pk)]


def test_a_prepared_compiled_read_gives_the_plain_reads_rows(farsta, bromma, official):
    make_asset(farsta, official, name="Register 50% klart")
    make_asset(farsta, official, name="Register 500 klart")  # no "50%": LIKE's % escaped
    make_asset(bromma, official, name="Bromma 50%")
    for _ in range(7):  # past the runs after which PostgreSQL may keep a generic plan
        for unit in (farsta, bromma):
            assert _rows(_PREPARED, unit) == _rows(_PLAIN, unit)
    assert [name for _pk, name, _u in _rows(_PREPARED, farsta)] == ["Register 50% klart"]


def test_a_new_session_prepares_again(need_postgres, farsta, official):
    make_asset(farsta, official, name="Register 50%")
    assert len(_rows(_PREPARED, farsta)) == 1
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared.forget(connections["default"])
    assert len(_rows(_PREPARED, farsta)) == 1


def test_execute_sql_keeps_the_constants_in_the_text_and_the_slots_as_parameters(farsta, official):
    make_asset(farsta, official, name="Register")
    sql = "SELECT COUNT(*) FROM klassning_informationasset WHERE unit_id = %s AND name <> %s"
    for _ in range(7):
        with connection.cursor() as cursor:
            prepared.execute_sql(cursor, sql, [0, "Annat"], slots={"unit": [0]},
                                 values={"unit": farsta.pk})
            assert cursor.fetchone()[0] == 1
        with connection.cursor() as cursor:  # another constant: another statement
            prepared.execute_sql(cursor, sql, [0, "Register"], slots={"unit": [0]},
                                 values={"unit": farsta.pk})
            assert cursor.fetchone()[0] == 0
