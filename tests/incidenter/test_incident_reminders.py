"""Deadline reminders with a fixed clock: once per threshold, nothing after sending, nothing
twice on a rerun."""

import datetime as dt

import pytest
from django.core import mail

from incidenter import services, tasks
from incidenter.models import Applicability, ReminderSent
from notifieringar.models import Notification
from tests.incidenter_helpers import (
    assess_all_not_applicable,
    local,
    report,
    set_obligation,
    update,
)

pytestmark = pytest.mark.django_db

DISCOVERED = local(2026, 3, 28, 10, 0)  # the IMY deadline is 2026-03-31 11:00 local


@pytest.fixture
def incident(farsta, coordinator, official, settings):
    settings.INCIDENT_REMINDER_LEAD_HOURS = [24, 4]
    for person in (official, coordinator):
        person.email = f"{person.username}@example.se"
        person.save()
    incident = report(farsta, official, discovered_at=DISCOVERED)
    update(incident, coordinator, handler=official)
    assess_all_not_applicable(
        incident, coordinator,
        codes=("csl-tidig-varning", "csl-incidentanmalan", "csl-slutrapport"))
    set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES)
    Notification.objects.all().delete()
    return incident


def _run(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_send(obligation_ids=services.due_reminder_ids(now=now), now=now)


def _deadline_notes():
    return Notification.objects.filter(kind="incident_deadline")


def test_nothing_before_the_first_threshold(incident, django_capture_on_commit_callbacks):
    assert _run(local(2026, 3, 30, 10, 0), django_capture_on_commit_callbacks) == 0
    assert not _deadline_notes().exists()


def test_once_per_threshold(incident, official, coordinator, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    # 23 hours before: the 24-hour reminder to the handler and the samordnare.
    assert _run(local(2026, 3, 30, 12, 0), django_capture_on_commit_callbacks) == 1
    assert set(_deadline_notes().values_list("recipient__username", flat=True)) == {
        official.username, coordinator.username}
    # A rerun sends nothing more.
    assert _run(local(2026, 3, 30, 12, 10), django_capture_on_commit_callbacks) == 0
    assert _deadline_notes().count() == 2
    # 3 hours before: the 4-hour reminder; then overdue, once.
    assert _run(local(2026, 3, 31, 8, 0), django_capture_on_commit_callbacks) == 1
    assert _run(local(2026, 3, 31, 11, 30), django_capture_on_commit_callbacks) == 1
    assert _run(local(2026, 3, 31, 18, 0), django_capture_on_commit_callbacks) == 0
    assert _deadline_notes().count() == 6
    assert ReminderSent.objects.count() == 3
    assert any("Fristen har passerat" in m.subject for m in mail.outbox)


def test_thresholds_passed_together_give_one_reminder(incident,
                                                      django_capture_on_commit_callbacks):
    assert _run(local(2026, 3, 31, 12, 0), django_capture_on_commit_callbacks) == 1
    assert set(ReminderSent.objects.values_list("threshold", flat=True)) == {
        "fore-24h", "fore-4h", "forsenad"}
    assert _deadline_notes().count() == 2
    assert _run(local(2026, 3, 31, 13, 0), django_capture_on_commit_callbacks) == 0


def test_nothing_after_sending(incident, coordinator, django_capture_on_commit_callbacks):
    set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                   sent_at=local(2026, 3, 30, 9, 0))
    assert _run(local(2026, 3, 31, 12, 0), django_capture_on_commit_callbacks) == 0
    assert not _deadline_notes().exists()


def test_not_applicable_gets_no_reminder(incident, coordinator,
                                         django_capture_on_commit_callbacks):
    set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.NOT_APPLICABLE,
                   motivation="Inga personuppgifter.")
    assert _run(local(2026, 3, 31, 12, 0), django_capture_on_commit_callbacks) == 0


def test_a_corrected_deadline_gets_its_own_reminders(incident, coordinator,
                                                     django_capture_on_commit_callbacks):
    assert _run(local(2026, 3, 30, 12, 0), django_capture_on_commit_callbacks) == 1
    update(incident, coordinator, discovered_at=DISCOVERED - dt.timedelta(hours=2))
    assert _run(local(2026, 3, 30, 12, 0), django_capture_on_commit_callbacks) == 1


def test_the_task_loads_ids_and_calls_the_service(incident, monkeypatch):
    calls = {}
    monkeypatch.setattr(services, "due_reminder_ids", lambda: [1, 2])
    monkeypatch.setattr(services, "reminders_send",
                        lambda *, obligation_ids: calls.setdefault("ids", obligation_ids) and 2)
    assert tasks.send_deadline_reminders() == 2
    assert calls["ids"] == [1, 2]


def test_beat_schedules_the_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["incidenter-paminnelser"]
    assert entry["task"] == "incidenter.send_deadline_reminders"
