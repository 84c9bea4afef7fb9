"""A break in the audit trail's chain, investigated by the city-wide security function: later
verifications pass that break — exactly as it was found — and go on checking the rest of the
chain. Before, verification stopped at the first broken link every night, so one old break hid
every later change to the trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sparbarhet import chain, services
from sparbarhet.models import AuditEvent, BreakReview, ChainHead, EventKind
from sparbarhet.report import trail_section
from tests.klassning_helpers import make_asset
from tests.sparbarhet.test_chain_anchor import _raw

pytestmark = pytest.mark.django_db

CONCLUSION = "Driftleverantören ändrade händelsen vid en felaktig migrering; incident INC-12."


def _change(seq: int, object_id: int) -> None:
    _raw("UPDATE sparbarhet_auditevent SET object_id = %s WHERE seq = %s", [object_id, seq])


def _trail(farsta, coordinator, n=4):
    for i in range(n):
        make_asset(farsta, coordinator, name=f"Mängd {i}")
    return AuditEvent.objects.count()


def _review(client_for, security_function, verification, conclusion=CONCLUSION):
    return client_for(security_function).post(
        reverse("sparbarhet:break_review", args=[verification.pk]), {"conclusion": conclusion}
    )


def test_a_reviewed_break_is_passed_and_a_later_change_is_still_found(
    farsta, coordinator, security_function, client_for
):
    total = _trail(farsta, coordinator)
    assert total >= 6
    _change(2, 999_001)
    found = services.trail_verify()
    assert not found.ok and found.first_broken_seq == 2

    response = _review(client_for, security_function, found)
    assert response.status_code == 302
    review = BreakReview.objects.get()
    assert review.seq == 2 and review.reviewed_by == security_function

    passed = services.trail_verify()
    assert passed.ok
    assert passed.passed_breaks == [2]
    assert "Utredda brott passerades vid händelse nr 2" in passed.message

    # A later change: found at its own event (before, the walk stopped at nr 2 for ever).
    later = AuditEvent.objects.filter(kind=EventKind.CHANGE).order_by("-seq").first().seq
    _change(later, 999_002)
    again = services.trail_verify()
    assert not again.ok
    assert again.first_broken_seq == later


def test_the_reviewed_event_changed_again_is_a_new_break(
    farsta, coordinator, security_function, client_for
):
    _trail(farsta, coordinator)
    _change(3, 999_001)
    found = services.trail_verify()
    _review(client_for, security_function, found)
    assert services.trail_verify().ok
    _change(3, 999_003)
    again = services.trail_verify()
    assert not again.ok and again.first_broken_seq == 3
    assert again.fingerprint != found.fingerprint
    # A new alarm for the new break (one per break as found, not one per event number).
    from notifieringar.models import Notification

    alarms = Notification.objects.filter(recipient=security_function, kind="audit_chain_broken")
    assert alarms.count() == 2
    services.trail_verify()  # the same break found again the next night: no new alarm
    assert alarms.count() == 2


def test_a_chain_cut_short_can_be_reviewed_and_is_anchored_again(
    farsta, coordinator, security_function, client_for
):
    make_asset(farsta, coordinator, name="A")
    first = services.trail_verify()
    make_asset(farsta, coordinator, name="B")
    _raw("DELETE FROM sparbarhet_auditevent WHERE seq >= %s", [first.head_seq])
    ChainHead.objects.all().delete()
    make_asset(farsta, coordinator, name="C")
    cut = services.trail_verify()
    assert not cut.ok and cut.first_broken_seq == first.head_seq
    assert _review(client_for, security_function, cut).status_code == 302
    after = services.trail_verify()
    assert after.ok
    # Anchored on the chain as it is now: the next run checks against this head.
    make_asset(farsta, coordinator, name="D")
    assert services.trail_verify().ok


def test_only_the_security_function_reviews(
    farsta, coordinator, city_auditor, chief, client_for
):
    _trail(farsta, coordinator, n=2)
    _change(1, 999_001)
    found = services.trail_verify()
    for person in (city_auditor, chief):
        response = client_for(person).post(
            reverse("sparbarhet:break_review", args=[found.pk]), {"conclusion": CONCLUSION}
        )
        assert response.status_code == 403
    assert not BreakReview.objects.exists()
    with pytest.raises(PermissionDenied):
        services.break_review_record(actor=city_auditor, verification=found, conclusion=CONCLUSION)


def test_a_short_conclusion_is_refused_on_the_form(
    farsta, coordinator, security_function, client_for
):
    _trail(farsta, coordinator, n=2)
    _change(1, 999_001)
    found = services.trail_verify()
    response = _review(client_for, security_function, found, conclusion="Ok.")
    assert response.status_code == 200
    assert "minst 20 tecken" in response.content.decode()
    assert not BreakReview.objects.exists()


def test_the_start_panel_and_the_report_show_the_review(
    farsta, coordinator, security_function, client_for
):
    _trail(farsta, coordinator, n=2)
    _change(1, 999_001)
    found = services.trail_verify()
    client = client_for(security_function)
    assert "kedjan är bruten" in client.get(reverse("start")).content.decode()
    _review(client_for, security_function, found)
    page = client.get(reverse("start")).content.decode()
    assert "kedjan är bruten" not in page
    assert "utrett brott" in page
    listing = client.get(reverse("sparbarhet:verification_list")).content.decode()
    assert CONCLUSION in listing and "Utredd " in listing
    data = trail_section(unit=None, year=found.started_at.year, units=None)
    assert [r["seq"] for r in data["reviews"]] == [1]
    assert data["reviews"][0]["conclusion"] == CONCLUSION


def test_the_review_is_itself_in_the_audit_trail(
    farsta, coordinator, security_function, client_for
):
    _trail(farsta, coordinator, n=2)
    _change(1, 999_001)
    found = services.trail_verify()
    _review(client_for, security_function, found)
    event = AuditEvent.objects.filter(object_type="sparbarhet.breakreview").get()
    assert event.actor_id == security_function.pk
    assert chain.verify(reviewed=frozenset({found.fingerprint})).ok
