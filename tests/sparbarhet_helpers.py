"""Helpers shared by the audit-trail (sparbarhet) tests."""


def chain_event(object_id, **extra) -> dict:
    """The fields of one audit event for ``sparbarhet.chain.append`` (a read of a test object)."""
    from django.utils import timezone

    return {"occurred_at": timezone.now(), "kind": "read", "action": "view", "actor_id": None,
            "unit_id": None, "object_type": "test.object", "object_id": object_id,
            "history_id": None, "client_address": "10.0.0.1", "details": {}, **extra}
