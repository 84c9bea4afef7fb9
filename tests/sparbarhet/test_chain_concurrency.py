"""Two transactions writing at once: the second never waits for the chain's head (so the head
can never close a deadlock with the rows a transaction locks), its events are still written in
its own transaction, and they are linked as soon as it commits. On PostgreSQL (row locks)."""


import pytest
from django.db import connection, transaction

from sparbarhet import chain
from sparbarhet.models import AuditEvent
from tests.sparbarhet_helpers import chain_event as _event
from tests.sparbarhet_helpers import head_held_elsewhere

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_writer_does_not_wait_for_the_head_and_its_events_are_linked_after_commit(
        need_postgres):
    chain.append([_event(1)])
    # This transaction would block if it waited for the head (the holder waits for us).
    with head_held_elsewhere(2), transaction.atomic():
        chain.append([_event(3)])
        mine = AuditEvent.objects.get(object_id=3)
        assert mine.seq is None  # pending: written, not yet linked
    # After our commit the head was busy or free; either way the sweep links what is left.
    chain.link_pending()
    events = list(AuditEvent.objects.order_by("seq").values_list("object_id", "seq"))
    assert sorted(o for o, _ in events) == [1, 2, 3]
    assert all(seq is not None for _, seq in events)
    assert chain.verify().ok


def test_a_pending_event_is_linked_by_the_next_writer():
    chain.append([_event(1)])
    # An event another transaction left pending (as if the head had been busy).
    AuditEvent.objects.create(**_event(2), seq=None)
    chain.append([_event(3)])
    assert list(AuditEvent.objects.order_by("seq").values_list("object_id", flat=True)) == [1, 2, 3]
    assert chain.verify().ok


@pytest.mark.parametrize("column,value", [("seq", 99), ("object_id", 7)])
def test_only_linking_a_pending_event_is_an_allowed_update(column, value):
    from django.db import DatabaseError

    chain.append([_event(1)])
    AuditEvent.objects.create(**_event(2), seq=None)
    with (pytest.raises(DatabaseError, match="bara utökas"), transaction.atomic(),
          connection.cursor() as cursor):
            # Content changes are refused even while pending; linked events not at all.
            cursor.execute(
                "UPDATE sparbarhet_auditevent SET object_id = 8, seq = 5 WHERE seq IS NULL"
                if column == "object_id" else
                "UPDATE sparbarhet_auditevent SET seq = 6 WHERE seq IS NOT NULL"
            )
    chain.link_pending()
    assert chain.verify().ok
