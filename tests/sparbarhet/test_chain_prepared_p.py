"""A page's logged read (one event, outside a transaction) is appended in one statement that
PostgreSQL parses and plans once per database session (a prepared statement), built once per
process; several events at once stay plain SQL (no statement per number of events piles up in
the session). The chain is the same: linked in order, verified, a lost session prepares it
again, an over-long value is refused, not cut."""

import pytest
from django.db import DataError, connection, connections
from django.test.utils import CaptureQueriesContext

from isms import prepared
from sparbarhet import chain
from sparbarhet.models import AuditEvent
from tests.sparbarhet_helpers import chain_event as _event

pytestmark = [pytest.mark.django_db(transaction=True)]


def _appended(events):
    with CaptureQueriesContext(connection) as queries:
        chain.append(events)
    return [q["sql"] for q in queries.captured_queries]


def test_one_event_is_appended_with_a_prepared_statement(need_postgres):
    chain.append([_event(1)])  # the process learns the head
    for n in (2, 3):
        (sql,) = _appended([_event(n, client_address="2001:db8::1", unit_id=4,
                                   details={"ids": [5, 6], "units": [4]})])
        assert "/* prepared statement isms_chain_append_one */" in sql
    (sql,) = _appended([_event(4), _event(5)])
    assert "prepared statement" not in sql
    assert list(AuditEvent.objects.order_by("seq").values_list("object_id", "seq")) == [
        (i, i) for i in range(1, 6)]
    assert AuditEvent.objects.get(object_id=3).details == {"ids": [5, 6], "units": [4]}
    assert chain.verify().ok


def test_a_lost_session_prepares_it_again(need_postgres):
    chain.append([_event(1)])
    chain.append([_event(2)])
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    chain.append([_event(3)])  # believed prepared: prepared again, run once more
    prepared.forget(connections["default"])
    chain.append([_event(4)])
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert chain.verify().ok


def test_an_over_long_value_is_refused_by_the_prepared_statement(need_postgres):
    chain.append([_event(1)])
    chain.append([_event(2)])  # prepared now
    too_long = "x" * (AuditEvent._meta.get_field("object_type").max_length + 1)
    with pytest.raises(DataError):
        chain.append([_event(3, object_type=too_long)])
    chain.append([_event(4)])
    assert list(AuditEvent.objects.order_by("seq").values_list("object_id", flat=True)) == [
        1, 2, 4]
    assert chain.verify().ok


def test_the_statement_is_built_once():
    assert chain._one_statement_sql(1) is chain._one_statement_sql(1)
