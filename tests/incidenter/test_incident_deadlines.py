"""Deadlines: exact hours across daylight-saving changes, calendar months across month ends,
the final report from the notification (or its deadline while unsent)."""

import datetime as dt

import pytest

from incidenter.deadlines import add_duration
from incidenter.models import Applicability
from tests.incidenter_helpers import local, obligation, report, set_obligation

UTC = dt.UTC


def test_72_hours_across_start_of_summer_time():
    # Summer time began Sunday 2026-03-29 02:00 → 03:00: 72 hours end at 11:00 local.
    deadline = add_duration(local(2026, 3, 28, 10, 0), hours=72)
    assert deadline == local(2026, 3, 31, 11, 0)
    assert deadline - local(2026, 3, 28, 10, 0) == dt.timedelta(hours=72)


def test_24_hours_across_start_of_summer_time():
    assert add_duration(local(2026, 3, 28, 10, 0), hours=24) == local(2026, 3, 29, 11, 0)


def test_72_hours_across_end_of_summer_time():
    # Summer time ended Sunday 2026-10-25 03:00 → 02:00: 72 hours end at 09:00 local.
    assert add_duration(local(2026, 10, 24, 10, 0), hours=72) == local(2026, 10, 27, 9, 0)


def test_24_hours_across_end_of_summer_time():
    assert add_duration(local(2026, 10, 24, 22, 0), hours=24) == local(2026, 10, 25, 21, 0)


def test_hours_result_is_exact_elapsed_time_in_utc():
    start = dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    assert add_duration(start, hours=72) == dt.datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("start", "expected"), [
    (local(2026, 1, 31, 14, 0), local(2026, 2, 28, 14, 0)),   # month end clamps
    (local(2028, 1, 31, 14, 0), local(2028, 2, 29, 14, 0)),   # leap year
    (local(2026, 3, 31, 9, 0), local(2026, 4, 30, 9, 0)),
    (local(2026, 12, 15, 9, 0), local(2027, 1, 15, 9, 0)),    # year change
    # A calendar month keeps the local hour across the change of summer time.
    (local(2026, 3, 10, 10, 0), local(2026, 4, 10, 10, 0)),
    (local(2026, 10, 10, 10, 0), local(2026, 11, 10, 10, 0)),
])
def test_one_calendar_month(start, expected):
    assert add_duration(start, months=1) == expected


def test_month_landing_in_the_spring_gap_moves_forward():
    # 2026-03-29 02:30 does not exist in Stockholm: the deadline is 03:30, an hour later.
    deadline = add_duration(local(2026, 1, 29, 2, 30), months=2)
    assert deadline == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert deadline == local(2026, 3, 29, 3, 30)


def test_aware_anchor_required():
    with pytest.raises(ValueError):
        add_duration(dt.datetime(2026, 1, 1), hours=1)


@pytest.mark.django_db
def test_incident_gets_obligations_with_deadlines_from_discovery(farsta, official):
    incident = report(farsta, official, discovered_at=local(2026, 3, 28, 10, 0))
    assert obligation(incident, "gdpr-art33").deadline == local(2026, 3, 31, 11, 0)
    assert obligation(incident, "csl-tidig-varning").deadline == local(2026, 3, 29, 11, 0)
    assert obligation(incident, "csl-incidentanmalan").deadline == local(2026, 3, 31, 11, 0)
    # Not sent yet: the final report runs from the notification's deadline.
    assert obligation(incident, "csl-slutrapport").deadline == local(2026, 4, 30, 11, 0)


@pytest.mark.django_db
def test_final_report_runs_from_when_the_notification_was_sent(farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=local(2026, 1, 29, 10, 0))
    set_obligation(incident, "csl-incidentanmalan", coordinator,
                   applies=Applicability.APPLIES, sent_at=local(2026, 1, 31, 14, 0))
    assert obligation(incident, "csl-slutrapport").deadline == local(2026, 2, 28, 14, 0)


@pytest.mark.django_db
def test_changed_discovery_time_moves_deadlines_and_is_in_history(farsta, coordinator):
    from tests.incidenter_helpers import update

    incident = report(farsta, coordinator, discovered_at=local(2026, 3, 28, 10, 0))
    update(incident, coordinator, discovered_at=local(2026, 3, 27, 10, 0))
    assert obligation(incident, "gdpr-art33").deadline == local(2026, 3, 30, 11, 0)  # DST
    record = incident.history.first()
    assert record.history_user == coordinator
    assert record.discovered_at == local(2026, 3, 27, 10, 0)
    assert record.prev_record.discovered_at == local(2026, 3, 28, 10, 0)
