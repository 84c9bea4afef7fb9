"""The risk rules: levels in a 4×4 and a configured 5×5 matrix, acceptance above the criterion
only by the unit's chief (recorded), closing, overdue flags, history with the acting user."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from isms.dates import local_today
from risk import matrix as risk_matrix
from risk import selectors, services
from risk.colours import contrast_ratio
from risk.models import ActionStatus, Risk, RiskLevel, RiskStatus, Treatment
from tests.risk_helpers import five_by_five, make_action, make_risk

pytestmark = pytest.mark.django_db


def test_seeded_msb_matrix_levels():
    m = risk_matrix.load()
    assert m.name == "MSB 4×4"
    assert [s.name for s in m.consequence] == ["Försumbar", "Måttlig", "Betydande", "Allvarlig"]
    names = {v: m.level_for(v).name for v in (1, 2, 3, 4, 6, 8, 9, 12, 16)}
    assert names == {1: "Låg", 2: "Låg", 3: "Medelhög", 4: "Medelhög", 6: "Medelhög",
                     8: "Hög", 9: "Hög", 12: "Hög", 16: "Extremt hög"}
    assert m.acceptance.name == "Medelhög"
    assert not m.above_criterion(6) and m.above_criterion(8)


def test_configured_five_by_five_is_used_without_code():
    five_by_five()
    m = risk_matrix.load()
    assert m.likelihood_values == [1, 2, 3, 4, 5] and m.consequence_values == [1, 2, 3, 4, 5]
    assert [m.level_for(v).name for v in (4, 5, 9, 10, 16, 20, 25)] == [
        "Låg", "Medel", "Medel", "Hög", "Hög", "Mycket hög", "Mycket hög"]
    assert not m.above_criterion(9) and m.above_criterion(10)
    assert len(m.grid()) == 5 and len(m.grid()[0]["cells"]) == 5


def test_five_by_five_accepts_likelihood_five(farsta, official):
    five_by_five()
    risk = make_risk(farsta, official, likelihood=5, consequence=5)
    assert risk.current_value == 25


def test_likelihood_outside_matrix_is_a_swedish_field_error(farsta, official):
    with pytest.raises(ValidationError) as exc:
        make_risk(farsta, official, likelihood=5)
    assert "Sannolikheten ska vara ett av matrisens steg: 1, 2, 3, 4." in str(exc.value)


def test_treatment_needing_motivation(farsta, official):
    with pytest.raises(ValidationError) as exc:
        make_risk(farsta, official, treatment=Treatment.TRANSFER)
    assert "treatment_motivation" in exc.value.message_dict
    make_risk(farsta, official, treatment=Treatment.REDUCE)  # explained by its actions


def test_level_colours_pass_wcag_contrast():
    for level in RiskLevel.objects.all():
        assert contrast_ratio(level.colour, level.text_colour) >= 4.5, level
    bad = RiskLevel(matrix=RiskLevel.objects.first().matrix, name="Ny", min_value=30,
                    max_value=40, colour="#ffff00", text_colour="#ffffff")
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "4,5:1" in str(exc.value)


def test_acceptance_above_criterion_refused_for_samordnare(farsta, official, coordinator, chief):
    risk = make_risk(farsta, official, likelihood=3, consequence=4)  # 12: hög
    with pytest.raises(ValidationError) as exc:
        services.risk_accept(actor=coordinator, risk=risk, expected_version=risk.version,
                             motivation="Vi tar risken")
    assert "Bara enhetens förvaltnings- eller bolagschef" in str(exc.value)
    risk.refresh_from_db()
    assert risk.status == RiskStatus.IDENTIFIED and risk.accepted_by is None


def test_acceptance_above_criterion_refused_for_security_function(
    farsta, official, security_function
):
    risk = make_risk(farsta, official, likelihood=4, consequence=4)
    with pytest.raises(ValidationError):
        services.risk_accept(actor=security_function, risk=risk, expected_version=risk.version,
                             motivation="Stadens beslut")


def test_acceptance_by_handlaggare_is_forbidden(farsta, official):
    risk = make_risk(farsta, official, likelihood=1, consequence=1)
    with pytest.raises(PermissionDenied):
        services.risk_accept(actor=official, risk=risk, expected_version=risk.version,
                             motivation="Låg")


def test_acceptance_above_criterion_recorded_for_chief(farsta, official, chief):
    risk = make_risk(farsta, official, likelihood=3, consequence=4)
    risk = services.risk_accept(actor=chief, risk=risk, expected_version=risk.version,
                                motivation="Ledningsgruppens beslut")
    risk.refresh_from_db()
    assert risk.status == RiskStatus.ACCEPTED
    assert risk.accepted_by == chief and risk.accepted_at is not None
    assert risk.acceptance_motivation == "Ledningsgruppens beslut"
    assert risk.accepted_level == "Hög" and risk.accepted_above_criterion
    assert risk.treatment == Treatment.ACCEPT


def test_samordnare_accepts_below_criterion_with_residual(farsta, official, coordinator):
    risk = make_risk(farsta, official, likelihood=4, consequence=4, residual_likelihood=1,
                     residual_consequence=3, treatment=Treatment.REDUCE)
    risk = services.risk_accept(actor=coordinator, risk=risk, expected_version=risk.version,
                                motivation="Åtgärderna räcker")
    assert risk.status == RiskStatus.ACCEPTED and not risk.accepted_above_criterion


def test_acceptance_needs_motivation(farsta, official, chief):
    risk = make_risk(farsta, official, likelihood=1, consequence=1)
    with pytest.raises(ValidationError) as exc:
        services.risk_accept(actor=chief, risk=risk, expected_version=risk.version, motivation=" ")
    assert "motivation" in exc.value.message_dict


def test_changed_assessment_voids_acceptance(farsta, official, chief):
    risk = make_risk(farsta, official, likelihood=1, consequence=1)
    risk = services.risk_accept(actor=chief, risk=risk, expected_version=risk.version,
                                motivation="Låg risk")
    risk = services.risk_update(actor=official, risk=risk, expected_version=risk.version,
                                inherent_likelihood=4)
    assert risk.status == RiskStatus.IN_TREATMENT and risk.accepted_by is None


def test_closing_requires_actions_done_or_motivation(farsta, official):
    risk = make_risk(farsta, official)
    action = make_action(risk, official)
    with pytest.raises(ValidationError) as exc:
        services.risk_close(actor=official, risk=risk, expected_version=risk.version)
    assert "Motivera" in str(exc.value)
    services.action_update(actor=official, action=action, expected_version=action.version,
                           status=ActionStatus.DONE)
    risk = services.risk_close(actor=official, risk=risk, expected_version=risk.version)
    assert risk.status == RiskStatus.CLOSED


def test_closing_with_open_actions_and_motivation(farsta, official):
    risk = make_risk(farsta, official)
    make_action(risk, official)
    risk = services.risk_close(actor=official, risk=risk, expected_version=risk.version,
                               motivation="Systemet avvecklas")
    assert risk.status == RiskStatus.CLOSED and risk.closing_motivation == "Systemet avvecklas"


def test_overdue_action_and_follow_up_flags(farsta, official):
    today = local_today()
    late = make_risk(farsta, official, title="Sen", next_follow_up=today - dt.timedelta(days=1))
    make_action(late, official, days=-1)
    make_action(late, official, days=-5, status=ActionStatus.DONE)
    on_time = make_risk(farsta, official, title="I tid", next_follow_up=today)
    make_action(on_time, official, days=0)
    m = risk_matrix.load()
    rows = {r.title: r for r in selectors.risk_list(user=official, matrix=m)}
    assert rows["Sen"].follow_up_overdue and rows["Sen"].has_overdue_action
    assert not rows["I tid"].follow_up_overdue and not rows["I tid"].has_overdue_action
    assert [r.title for r in selectors.risk_list(user=official, matrix=m, overdue=True)] == ["Sen"]
    assert [a.overdue for a in selectors.risk_actions(risk=late)] == [False, True] or \
        sorted(a.overdue for a in selectors.risk_actions(risk=late)) == [False, True]


def test_closed_risk_follow_up_is_not_overdue(farsta, official):
    risk = make_risk(farsta, official, next_follow_up=local_today() - dt.timedelta(days=3))
    services.risk_close(actor=official, risk=risk, expected_version=risk.version)
    m = risk_matrix.load()
    assert not selectors.risk_list(user=official, matrix=m, overdue=True).exists()


def test_history_records_acting_user(farsta, official, chief):
    risk = make_risk(farsta, official, likelihood=1, consequence=2)
    make_action(risk, official)
    services.risk_accept(actor=chief, risk=risk, expected_version=risk.version,
                         motivation="Låg")
    records = list(Risk.history.filter(id=risk.pk).order_by("history_id"))
    assert [r.history_user for r in records] == [official, official, chief] or (
        records[0].history_user == official and records[-1].history_user == chief
    )
    entries = selectors.risk_history(risk=risk, user=official)
    assert any(e.user == chief for e in entries) and any(e.user == official for e in entries)


def test_links_only_to_the_units_own_records(farsta, bromma, official, outsider):
    from tests.klassning_helpers import make_asset

    other = make_asset(bromma, outsider, name="Brommas register")
    with pytest.raises(ValidationError) as exc:
        make_risk(farsta, official, information_assets=[other])
    assert "information_assets" in exc.value.message_dict


def test_stale_version_refused(farsta, official):
    risk = make_risk(farsta, official)
    services.risk_update(actor=official, risk=risk, expected_version=risk.version, title="Ny")
    with pytest.raises(ValidationError) as exc:
        services.risk_update(actor=official, risk=risk, expected_version=risk.version,
                             title="Gammal")
    assert "Någon annan har ändrat" in str(exc.value)
