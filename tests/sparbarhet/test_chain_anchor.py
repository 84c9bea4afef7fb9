"""The chain's head row deleted by hand must not stop the portal (every change writes an event),
and a chain cut short or rebuilt — which verifies on its own, plain SHA-256 — is caught by the
next verification, which checks the head the last good run recorded."""

import pytest
from django.db import connection

from sparbarhet import chain, services
from sparbarhet.models import AuditEvent, ChainHead
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _raw(statement: str, params=()) -> None:
    """What someone with database access might do, past the append-only guard."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE sparbarhet_auditevent DISABLE TRIGGER USER")
            cursor.execute(statement, params)
            cursor.execute("ALTER TABLE sparbarhet_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS sparbarhet_auditevent_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS sparbarhet_auditevent_no_update")
            cursor.execute(statement, params)


def test_changes_go_on_after_the_head_row_is_deleted(farsta, coordinator):
    make_asset(farsta, coordinator, name="Före")
    last = AuditEvent.objects.order_by("-seq").first()
    ChainHead.objects.all().delete()
    # Before the fix the head started again at 0: the next event took seq 1 a second time and
    # every change in the portal failed on the unique constraint.
    make_asset(farsta, coordinator, name="Efter")
    head = ChainHead.objects.get()
    assert head.seq > last.seq
    assert AuditEvent.objects.filter(seq=last.seq + 1).exists()
    assert chain.verify().ok


def test_a_chain_cut_short_with_its_head_is_caught_by_the_next_verification(farsta, coordinator):
    make_asset(farsta, coordinator, name="A")
    first = services.trail_verify()
    assert first.ok
    make_asset(farsta, coordinator, name="B")
    cut = first.head_seq  # everything from the last verified event on goes, and the head with it
    _raw("DELETE FROM sparbarhet_auditevent WHERE seq >= %s", [cut])
    ChainHead.objects.all().delete()
    make_asset(farsta, coordinator, name="C")  # the head comes back from the last event left
    assert chain.verify().ok  # on its own the shortened chain holds together
    second = services.trail_verify()
    assert not second.ok
    assert second.first_broken_seq == first.head_seq
    # Events written since took the numbers again, with other hashes.
    assert "föregående kontroll" in second.message


def test_a_rebuilt_chain_is_caught_by_the_next_verification(farsta, coordinator):
    make_asset(farsta, coordinator, name="A")
    assert services.trail_verify().ok
    # Someone changes an event and computes every hash after it again: the chain verifies, but
    # the event the last run saw as the head now has another hash.
    rows = list(AuditEvent.objects.order_by("seq").values("id", *chain.HASHED_FIELDS))
    prev = chain.GENESIS
    for row in rows:
        if row["seq"] == 1:
            row["object_id"] = 999_999
        new = chain.event_hash(row, prev)
        _raw("UPDATE sparbarhet_auditevent SET object_id = %s, prev_hash = %s, hash = %s "
             "WHERE id = %s", [row["object_id"], prev, new, row["id"]])
        prev = new
    ChainHead.objects.filter(pk=1).update(seq=rows[-1]["seq"], hash=prev)
    assert chain.verify().ok
    second = services.trail_verify()
    assert not second.ok
    assert "byggts om" in second.message and "föregående kontroll" in second.message


def test_an_untouched_chain_passes_run_after_run(farsta, coordinator):
    make_asset(farsta, coordinator, name="A")
    assert services.trail_verify().ok
    make_asset(farsta, coordinator, name="B")
    assert services.trail_verify().ok
    assert services.trail_verify().ok
