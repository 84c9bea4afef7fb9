"""The chain's verification reads the events and the head in one snapshot (PostgreSQL): an
event another process appends while the walk runs, after the walk read the last event and
before it read the head, is not reported as a break ("the head says nr N+1 but the last event is
nr N"), which would raise a false alarm to the security function."""

import threading

import pytest
from django.db import connections

from sparbarhet import chain
from sparbarhet.models import ChainHead
from tests.sparbarhet_helpers import chain_event as _event

pytestmark = [pytest.mark.django_db(transaction=True)]


def _append_elsewhere(object_id):
    """Append from another thread: its own database connection, committed at once."""
    def run():
        try:
            chain.append([_event(object_id)])
        finally:
            connections.close_all()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_an_event_appended_during_the_walk_is_not_a_break(need_postgres, monkeypatch):
    chain.append([_event(1)])
    chain.append([_event(2)])
    real_head = ChainHead.objects.filter
    appended = []

    def head_read(*args, **kwargs):
        # The walk has read every event; another process appends before the head is read.
        if not appended:
            appended.append(True)
            _append_elsewhere(3)
        return real_head(*args, **kwargs)

    monkeypatch.setattr(ChainHead.objects, "filter", head_read)
    result = chain.verify()
    assert appended
    assert result.ok, result.message
    assert result.head_seq == 2  # the snapshot's chain; the next run sees event 3
    monkeypatch.undo()
    later = chain.verify()
    assert later.ok and later.head_seq == 3
