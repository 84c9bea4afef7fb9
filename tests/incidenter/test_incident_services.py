"""Service rules: late notifications need a reason, motivation when not applicable, closing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from incidenter import services
from incidenter.models import ActionStatus, Applicability, IncidentStatus
from tests.incidenter_helpers import (
    CYBER,
    assess_all_not_applicable,
    local,
    obligation,
    report,
    set_obligation,
    update,
)

pytestmark = pytest.mark.django_db


def test_late_notification_without_reason_is_refused(farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=local(2026, 3, 28, 10, 0))
    with pytest.raises(ValidationError) as exc:
        set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                       sent_at=local(2026, 3, 31, 12, 0))
    assert "late_reason" in exc.value.error_dict
    assert "skälen till förseningen" in str(exc.value)
    assert obligation(incident, "gdpr-art33").sent_at is None


def test_late_notification_with_reason_is_recorded(farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=local(2026, 3, 28, 10, 0))
    item = set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                          sent_at=local(2026, 3, 31, 12, 0), authority_reference="IMY-1",
                          late_reason="Omfattningen var oklar till måndag.")
    assert item.was_late
    assert item.history.first().history_user == coordinator


def test_notification_on_time_needs_no_reason(farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=local(2026, 3, 28, 10, 0))
    # 10:59 local on the 31st is before 11:00 (the deadline after summer time began).
    item = set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                          sent_at=local(2026, 3, 31, 10, 59))
    assert not item.was_late


def test_not_applicable_needs_motivation(farsta, coordinator):
    incident = report(farsta, coordinator)
    with pytest.raises(ValidationError) as exc:
        set_obligation(incident, "gdpr-art33", coordinator,
                       applies=Applicability.NOT_APPLICABLE, motivation=" ")
    assert "motivation" in exc.value.error_dict


def test_sent_in_the_future_is_refused(farsta, coordinator):
    incident = report(farsta, coordinator)
    with pytest.raises(ValidationError) as exc:
        set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                       sent_at=timezone.now() + dt.timedelta(days=1))
    assert "sent_at" in exc.value.error_dict


def test_discovered_in_the_future_is_refused(farsta, official):
    with pytest.raises(ValidationError) as exc:
        report(farsta, official, discovered_at=timezone.now() + dt.timedelta(days=2))
    assert "discovered_at" in exc.value.error_dict


def test_closing_requires_lessons_notifications_and_actions(farsta, coordinator):
    incident = report(farsta, coordinator)
    services.action_create(actor=coordinator, incident=incident, description="Byt lösenord")
    incident.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.incident_close(actor=coordinator, incident=incident,
                                expected_version=incident.version)
    text = " ".join(exc.value.messages)
    assert "lärdomarna" in text
    assert "Bedöm om Anmälan av personuppgiftsincident gäller" in text
    assert "Byt lösenord" in text
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_closing_refuses_an_applicable_notification_not_sent(farsta, coordinator):
    incident = report(farsta, coordinator)
    assess_all_not_applicable(incident, coordinator, codes=CYBER)
    set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES)
    update(incident, coordinator, lessons_learned="Utbilda.")
    incident.refresh_from_db()
    with pytest.raises(ValidationError, match="inte skickad"):
        services.incident_close(actor=coordinator, incident=incident,
                                expected_version=incident.version)


def test_closing_accepts_motivated_actions_and_sent_notifications(farsta, coordinator):
    incident = report(farsta, coordinator, discovered_at=timezone.now() - dt.timedelta(hours=5))
    assess_all_not_applicable(incident, coordinator, codes=CYBER)
    set_obligation(incident, "gdpr-art33", coordinator, applies=Applicability.APPLIES,
                   sent_at=timezone.now() - dt.timedelta(hours=1))
    action = services.action_create(actor=coordinator, incident=incident,
                                    description="Ny rutin", status=ActionStatus.DONE)
    with pytest.raises(ValidationError):
        services.action_update(actor=coordinator, action=action, expected_version=action.version,
                               status=ActionStatus.MOVED_TO_RISK, motivation="")
    services.action_update(actor=coordinator, action=action, expected_version=action.version,
                           status=ActionStatus.MOVED_TO_RISK, motivation="Risk R-12.")
    update(incident, coordinator, lessons_learned="Ny rutin för utskick.")
    incident.refresh_from_db()
    closed = services.incident_close(actor=coordinator, incident=incident,
                                     expected_version=incident.version)
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at
    with pytest.raises(ValidationError, match="stängd"):
        update(closed, coordinator, title="Ändrad")


def test_status_closed_only_through_close(farsta, coordinator):
    incident = report(farsta, coordinator)
    with pytest.raises(ValidationError):
        update(incident, coordinator, status=IncidentStatus.CLOSED)


def test_stale_version_is_refused(farsta, coordinator):
    incident = report(farsta, coordinator)
    with pytest.raises(ValidationError, match="Någon annan"):
        services.incident_update(actor=coordinator, incident=incident,
                                 expected_version=incident.version - 1, title="X")


def test_handler_must_edit_records_in_the_unit(farsta, coordinator, unit_auditor, outsider):
    incident = report(farsta, coordinator)
    for person in (unit_auditor, outsider):
        with pytest.raises(ValidationError) as exc:
            update(incident, coordinator, handler=person)
        assert "handler" in exc.value.error_dict


def test_quick_report_only_in_own_units(farsta, bromma, official):
    with pytest.raises(PermissionDenied):
        report(bromma, official)
