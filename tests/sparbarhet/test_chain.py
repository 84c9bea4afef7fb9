"""The audit trail: every change is an event with who and which unit, chained by SHA-256; the
chain verifies, and a raw change to one event is reported at exactly that event; the table is
append-only in the database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sparbarhet import chain, services
from sparbarhet.models import AuditEvent, ChainHead, EventKind, Verification
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


def test_a_change_is_an_event_with_the_acting_user_and_the_unit(farsta, coordinator):
    asset = make_asset(farsta, coordinator, name="Elevregister")
    event = AuditEvent.objects.filter(
        object_type="klassning.informationasset", object_id=asset.pk
    ).get()
    assert event.kind == EventKind.CHANGE
    assert event.action == "+"
    assert event.actor_id == coordinator.pk
    assert event.unit_id == farsta.pk
    assert event.history_id == asset.history.get().history_id


def test_bulk_written_history_is_in_the_trail_with_its_unit(farsta, coordinator, chief):
    asset = make_asset(farsta, coordinator)
    approved(asset, coordinator, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    events = AuditEvent.objects.filter(object_type="klassning.classificationassessment")
    assert events.count() >= 4
    assert set(events.values_list("unit_id", flat=True)) == {farsta.pk}
    assert set(events.values_list("actor_id", flat=True)) == {coordinator.pk}


def test_the_chain_verifies_and_a_raw_change_is_reported_at_that_event(farsta, coordinator):
    for n in range(5):
        make_asset(farsta, coordinator, name=f"Register {n}")
    assert chain.verify().ok
    victim = AuditEvent.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        # What someone with database access might do: drop the guard, change one event.
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE sparbarhet_auditevent DISABLE TRIGGER USER")
            cursor.execute("UPDATE sparbarhet_auditevent SET actor_id = NULL WHERE seq = %s",
                           [victim.seq])
            cursor.execute("ALTER TABLE sparbarhet_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER sparbarhet_auditevent_no_update")
            cursor.execute("UPDATE sparbarhet_auditevent SET actor_id = NULL WHERE seq = %s",
                           [victim.seq])
    result = chain.verify(batch=2)
    assert not result.ok
    assert result.first_broken_seq == victim.seq
    assert "har ändrats" in result.message


def test_a_removed_last_event_is_reported_by_the_head(farsta, coordinator):
    make_asset(farsta, coordinator, name="A")
    make_asset(farsta, coordinator, name="B")
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE sparbarhet_auditevent DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM sparbarhet_auditevent WHERE seq = %s", [last.seq])
            cursor.execute("ALTER TABLE sparbarhet_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER sparbarhet_auditevent_no_delete")
            cursor.execute("DELETE FROM sparbarhet_auditevent WHERE seq = %s", [last.seq])
    result = chain.verify()
    assert not result.ok
    assert result.first_broken_seq == last.seq
    assert "huvud" in result.message


@pytest.mark.parametrize("statement", [
    "UPDATE sparbarhet_auditevent SET object_id = 1",
    "DELETE FROM sparbarhet_auditevent",
])
def test_the_database_refuses_to_change_or_delete_events(farsta, coordinator, statement):
    make_asset(farsta, coordinator)
    before = list(AuditEvent.objects.order_by("seq").values("seq", "object_id", "hash"))
    with pytest.raises(DatabaseError, match="bara utökas"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert list(AuditEvent.objects.order_by("seq").values("seq", "object_id", "hash")) == before


def test_verify_command_records_the_run_and_fails_on_a_break(farsta, coordinator):
    make_asset(farsta, coordinator)
    last = ChainHead.objects.get().seq
    call_command("verify_audit_trail")
    run = Verification.objects.get()
    # The run itself is recorded (its history is the next event).
    assert run.ok and run.head_seq == last and run.events_checked == last
    ChainHead.objects.filter(pk=1).update(seq=run.head_seq + 3)
    with pytest.raises(CommandError, match="Bruten"):
        call_command("verify_audit_trail")
    assert not Verification.objects.order_by("-id").first().ok


def test_a_broken_chain_alarms_the_security_function(farsta, coordinator, security_function,
                                                     client_for):
    from notifieringar.models import Notification

    make_asset(farsta, coordinator)
    ChainHead.objects.filter(pk=1).update(hash="f" * 64)
    services.trail_verify()
    assert Notification.objects.filter(recipient=security_function,
                                       kind="audit_chain_broken").exists()
    page = client_for(security_function).get("/")
    assert "kedjan är bruten" in page.content.decode()


def test_reads_are_recorded_with_the_client_address(farsta, coordinator, rf):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    request.user = coordinator
    services.reads_record(request=request, model="klassning.informationasset", ids=[7, 8],
                          units={7: farsta.pk, 8: farsta.pk}, action="export")
    event = AuditEvent.objects.get(kind=EventKind.READ)
    assert event.details == {"ids": [7, 8], "units": [farsta.pk]}
    assert event.client_address == "10.1.2.3"
    assert event.unit_id == farsta.pk and event.actor_id == coordinator.pk
    assert chain.verify().ok
