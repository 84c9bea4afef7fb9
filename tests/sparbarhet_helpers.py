"""Helpers shared by the audit-trail (sparbarhet) tests."""

import threading
from contextlib import contextmanager


def chain_event(object_id, **extra) -> dict:
    """The fields of one audit event for ``sparbarhet.chain.append`` (a read of a test object)."""
    from django.utils import timezone

    return {"occurred_at": timezone.now(), "kind": "read", "action": "view", "actor_id": None,
            "unit_id": None, "object_type": "test.object", "object_id": object_id,
            "history_id": None, "client_address": "10.0.0.1", "details": {}, **extra}


@contextmanager
def head_held_elsewhere(object_id):
    """Another transaction (a thread) appends ``chain_event(object_id)`` and keeps the chain's
    head locked until the block ends; inside the block this connection waits at most 2 s for a
    lock (a wait for the head fails instead of hanging). PostgreSQL only."""
    from django.db import connection, connections, transaction

    from sparbarhet import chain

    holder_has_head = threading.Event()
    release_holder = threading.Event()

    def holder():
        try:
            with transaction.atomic():
                chain.append([chain_event(object_id)])  # takes the head until the commit
                holder_has_head.set()
                assert release_holder.wait(20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    assert holder_has_head.wait(20)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    try:
        yield
    finally:
        release_holder.set()
        thread.join(20)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
