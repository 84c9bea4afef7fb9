"""Appending outside a transaction in one statement (PostgreSQL): a logged read (a page, not in
any transaction) writes its event linked into the chain in one round trip when the head is where
this process last saw it, and otherwise exactly as before — the chain verifies in every case, in
the order the head was taken, and an event is never written with a link that forks the chain."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from sparbarhet import chain
from sparbarhet.models import AuditEvent, ChainHead
from tests.sparbarhet_helpers import chain_event as _event
from tests.sparbarhet_helpers import head_held_elsewhere

pytestmark = [pytest.mark.django_db(transaction=True)]


def _objects_in_chain_order():
    return list(AuditEvent.objects.order_by("seq").values_list("object_id", "seq"))


def test_a_read_outside_a_transaction_is_appended_in_one_statement(need_postgres):
    chain.append([_event(1)])  # the process learns the head
    with CaptureQueriesContext(connection) as queries:
        rows = chain.append([_event(2, client_address="2001:db8::1", unit_id=4,
                                    details={"ids": [5, 6], "units": [4]})])
    assert len(queries) == 1
    event = AuditEvent.objects.get(object_id=2)
    assert rows[0].pk == event.pk
    assert (event.seq, event.client_address, event.unit_id) == (2, "2001:db8::1", 4)
    assert event.details == {"ids": [5, 6], "units": [4]}
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (2, event.hash)
    assert chain.verify().ok


def test_several_events_in_one_statement_keep_their_order(need_postgres):
    chain.append([_event(1)])
    chain.append([_event(2), _event(3), _event(4)])
    assert _objects_in_chain_order() == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert chain.verify().ok


def test_a_head_moved_by_another_process_is_found_and_the_event_linked_after_it(need_postgres):
    chain.append([_event(1)])
    stale = chain._known_head
    chain.append([_event(2)])
    chain._known_head = stale  # as if another process had appended event 2
    with CaptureQueriesContext(connection) as queries:
        chain.append([_event(3)])
    assert len(queries) == 2  # the miss returns the head; the second statement links after it
    assert _objects_in_chain_order() == [(1, 1), (2, 2), (3, 3)]
    assert chain.verify().ok


def test_a_wrong_guess_never_forks_the_chain(need_postgres):
    chain.append([_event(1)])
    chain.append([_event(2)])
    # A guess that is no head at all (a rolled-back transaction's): nothing written with it.
    chain._known_head = (7, "f" * 64)
    chain.append([_event(3)])
    assert _objects_in_chain_order() == [(1, 1), (2, 2), (3, 3)]
    assert chain.verify().ok


def test_pending_events_are_linked_first_in_their_order(need_postgres):
    chain.append([_event(1)])
    AuditEvent.objects.create(**_event(2), seq=None)  # another transaction's, left pending
    chain.append([_event(3)])
    assert _objects_in_chain_order() == [(1, 1), (2, 2), (3, 3)]
    assert chain.verify().ok


def test_a_head_held_by_a_transaction_leaves_the_event_pending_without_waiting(need_postgres):
    chain.append([_event(1)])
    with head_held_elsewhere(2):  # waiting for the head would fail here (lock_timeout)
        chain._known_head = tuple(ChainHead.objects.values_list("seq", "hash").get(pk=1))
        chain.append([_event(3)])
        assert AuditEvent.objects.get(object_id=3).seq is None  # pending, not waiting
    chain.link_pending()
    assert sorted(o for o, _ in _objects_in_chain_order()) == [1, 2, 3]
    assert all(seq is not None for _, seq in _objects_in_chain_order())
    assert chain.verify().ok


def test_many_writers_at_once_keep_one_chain(need_postgres):
    chain.append([_event(0)])
    errors = []

    def writer(start):
        try:
            for i in range(start, start + 15):
                chain.append([_event(i)])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(100 * n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    chain.link_pending()
    events = _objects_in_chain_order()
    assert len(events) == 61
    assert [seq for _, seq in events] == list(range(1, 62))
    assert chain.verify().ok


def test_inside_a_transaction_the_event_is_written_in_it(need_postgres):
    chain.append([_event(1)])
    with pytest.raises(RuntimeError), transaction.atomic():
        chain.append([_event(2)])
        raise RuntimeError
    chain.append([_event(3)])  # the guess from the rolled-back append is wrong: still linked
    assert _objects_in_chain_order() == [(1, 1), (3, 2)]
    assert chain.verify().ok

