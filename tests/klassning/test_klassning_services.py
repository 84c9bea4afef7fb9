"""Business rules of informationsklassning, through the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from isms.locking import StaleObjectError
from klassning import selectors, services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationSettings,
    ClassificationStatus,
    ConsequenceCategory,
    PlanStatus,
    Requirement,
    RequirementKind,
    ServiceRequirement,
    UnitRequirement,
)
from tests.klassning_helpers import approved, assessments, draft, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}


def test_reference_data_is_seeded_by_migrations():
    assert [a.code for a in Aspect.objects.all()] == ["K", "R", "T", "S"]
    assert ConsequenceCategory.objects.count() == 7
    assert Requirement.objects.count() >= 40
    assert ClassificationSettings.current().review_interval_months == 12


def test_aspect_level_is_the_highest_consequence(farsta, official):
    asset = make_asset(farsta, official)
    c = draft(asset, official, {"K": 1, "R": 1, "T": 1, "S": 1}, peaks={("K", "liv-och-halsa"): 4})
    assert c.profile == "K4 R1 T1 S1"
    levels = services.aspect_levels(c.assessments.all())
    assert levels[Aspect.objects.get(code="K").pk] == 4


def test_server_ignores_a_forged_profile(farsta, official):
    asset = make_asset(farsta, official)
    c = draft(asset, official, LEVELS)
    Classification.objects.filter(pk=c.pk).update(profile="K0 R0 T0 S0")
    c.refresh_from_db()
    c = services.classification_save(
        actor=official, classification=c, expected_version=c.version,
        assessments=assessments(LEVELS),
    )
    assert c.profile == "K3 R2 T2 S3"


def test_submitter_cannot_approve_own_classification(farsta, coordinator, chief):
    asset = make_asset(farsta, coordinator)
    c = draft(asset, coordinator, LEVELS)
    c = services.classification_submit(actor=coordinator, classification=c, expected_version=c.version)
    with pytest.raises(ValidationError, match="själv har skickat in"):
        services.classification_approve(actor=coordinator, classification=c, expected_version=c.version)
    c = services.classification_approve(actor=chief, classification=c, expected_version=c.version)
    assert c.status == ClassificationStatus.APPROVED and c.approved_by == chief


def test_official_cannot_approve(farsta, official, coordinator):
    c = draft(make_asset(farsta, coordinator), coordinator, LEVELS)
    c = services.classification_submit(actor=coordinator, classification=c, expected_version=c.version)
    with pytest.raises(PermissionDenied):
        services.classification_approve(actor=official, classification=c, expected_version=c.version)


def test_incomplete_classification_cannot_be_submitted(farsta, official):
    asset = make_asset(farsta, official)
    c = services.classification_start(actor=official, asset=asset)
    cells = assessments(LEVELS)
    first = next(iter(cells))
    cells[first] = (cells[first][0], "")
    c = services.classification_save(
        actor=official, classification=c, expected_version=c.version, assessments=cells
    )
    with pytest.raises(ValidationError, match="inte komplett"):
        services.classification_submit(actor=official, classification=c, expected_version=c.version)


def test_invalid_level_is_refused(farsta, official):
    c = services.classification_start(actor=official, asset=make_asset(farsta, official))
    cells = assessments(LEVELS)
    cells[next(iter(cells))] = (9, "x")
    with pytest.raises(ValidationError, match="Ogiltig nivå"):
        services.classification_save(
            actor=official, classification=c, expected_version=c.version, assessments=cells
        )


def test_approval_sets_review_date_and_supersedes_previous(farsta, official, chief):
    asset = make_asset(farsta, official)
    first = approved(asset, official, chief, LEVELS)
    assert first.review_due == services.add_months(dt.date.today(), 12)
    second = approved(asset, official, chief, {"K": 2, "R": 2, "T": 2, "S": 2})
    first.refresh_from_db()
    assert first.status == ClassificationStatus.SUPERSEDED
    assert second.number == 2 and second.status == ClassificationStatus.APPROVED


def test_review_interval_is_configurable(farsta, official, chief):
    settings_row = ClassificationSettings.current()
    settings_row.review_interval_months = 6
    settings_row.save()
    c = approved(make_asset(farsta, official), official, chief, LEVELS)
    assert c.review_due == services.add_months(dt.date.today(), 6)


def test_overdue_reviews_are_flagged(farsta, official, chief):
    c = approved(make_asset(farsta, official), official, chief, LEVELS)
    later = c.review_due + dt.timedelta(days=1)
    assert list(selectors.overdue_reviews(unit=farsta, today=later)) == [c]
    assert list(selectors.overdue_reviews(unit=farsta)) == []


def test_only_one_classification_under_work(farsta, official):
    asset = make_asset(farsta, official)
    services.classification_start(actor=official, asset=asset)
    with pytest.raises(ValidationError, match="redan en klassning under arbete"):
        services.classification_start(actor=official, asset=asset)


def test_security_protection_asset_refuses_details_and_classification(farsta, official):
    asset = make_asset(
        farsta, official, name="Skyddsobjekt", security_protection=True,
        security_protection_note="Hanteras av säkerhetsskyddschefen.",
    )
    with pytest.raises(ValidationError, match="säkerhetsskyddslagen"):
        services.classification_start(actor=official, asset=asset)
    with pytest.raises(ValidationError) as exc:
        make_asset(
            farsta, official, name="Annat skyddsobjekt", security_protection=True,
            description="Detaljer som inte får finnas här",
        )
    assert "description" in exc.value.message_dict


def test_classified_asset_cannot_become_security_protected(farsta, official, chief):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    with pytest.raises(ValidationError) as exc:
        services.asset_update(
            actor=official, asset=asset, expected_version=asset.version, security_protection=True
        )
    assert "security_protection" in exc.value.message_dict


def _plan_codes(model, **owner):
    return set(
        model.objects.filter(is_current=True, **owner).values_list("requirement__code", flat=True)
    )


def _expected(kind, levels):
    return {
        r.code for r in Requirement.objects.filter(kind=kind, is_active=True).select_related("aspect")
        if levels.get(r.aspect.code, 0) >= r.min_level
    }


def test_approval_derives_organisational_and_technical_requirements(farsta, official, chief):
    asset = make_asset(farsta, official)
    service = make_service(farsta, official)
    services.asset_update(
        actor=official, asset=asset, expected_version=asset.version, it_services=[service]
    )
    approved(asset, official, chief, LEVELS)
    unit_codes = _plan_codes(UnitRequirement, unit=farsta)
    service_codes = _plan_codes(ServiceRequirement, it_service=service)
    assert unit_codes == _expected(RequirementKind.ORGANISATIONAL, LEVELS) != set()
    assert service_codes == _expected(RequirementKind.TECHNICAL, LEVELS) != set()


def test_it_service_level_is_max_over_its_assets(farsta, official, chief):
    service = make_service(farsta, official)
    a = make_asset(farsta, official, name="Elevregister")
    b = make_asset(farsta, official, name="Schema")
    for asset in (a, b):
        services.asset_update(
            actor=official, asset=asset, expected_version=asset.version, it_services=[service]
        )
    approved(a, official, chief, {"K": 3, "R": 1, "T": 1, "S": 2})
    approved(b, official, chief, {"K": 1, "R": 2, "T": 4, "S": 1})
    levels = selectors.service_aspect_levels(service=service)
    by_code = {Aspect.objects.get(pk=k).code: v for k, v in levels.items()}
    assert by_code == {"K": 3, "R": 2, "T": 4, "S": 2}
    assert selectors.service_profiles([service])[service.pk] == "K3 R2 T4 S2"
    assert _plan_codes(ServiceRequirement, it_service=service) == _expected(
        RequirementKind.TECHNICAL, by_code
    )


def test_reclassification_keeps_statuses(farsta, official, chief):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    services.plan_item_update(
        actor=official, item=item, expected_version=item.version, status=PlanStatus.FULFILLED,
        responsible="Sara Nilsson", due_date=dt.date(2027, 1, 31),
        evidence_note="Rutinen finns i ledningssystemet.",
    )
    # Lower: the requirement may no longer apply, but its status survives...
    approved(asset, official, chief, {"K": 0, "R": 0, "T": 0, "S": 0})
    item.refresh_from_db()
    assert item.is_current is False and item.status == PlanStatus.FULFILLED
    # ...and is there again when a new classification requires it.
    approved(asset, official, chief, LEVELS)
    item.refresh_from_db()
    assert item.is_current is True
    assert item.status == PlanStatus.FULFILLED and item.responsible == "Sara Nilsson"
    assert UnitRequirement.objects.filter(unit=farsta, requirement=item.requirement).count() == 1


def test_not_applicable_needs_motivation(farsta, official, chief):
    approved(make_asset(farsta, official), official, chief, LEVELS)
    item = UnitRequirement.objects.filter(unit=farsta).first()
    with pytest.raises(ValidationError) as exc:
        services.plan_item_update(
            actor=official, item=item, expected_version=item.version,
            status=PlanStatus.NOT_APPLICABLE, motivation=" ",
        )
    assert "motivation" in exc.value.message_dict


def test_prioritised_when_used_by_more_than_half_of_active_units(farsta, bromma, city, official):
    from klassning.models import ITService

    service = make_service(farsta, official, user_units=[farsta])
    assert not selectors.with_prioritised(ITService.objects.filter(pk=service.pk)).get().is_prioritised
    service.user_units.add(bromma)
    # Two of two active nämnder (the city-wide function is not a nämnd): prioritised.
    assert selectors.with_prioritised(ITService.objects.filter(pk=service.pk)).get().is_prioritised
    assert list(selectors.prioritised_services()) == [service]


def test_concurrent_asset_edit_is_refused(farsta, official, coordinator):
    asset = make_asset(farsta, official)
    opened = asset.version
    services.asset_update(actor=coordinator, asset=asset, expected_version=opened, process="Skola")
    with pytest.raises(StaleObjectError):
        services.asset_update(actor=official, asset=asset, expected_version=opened, process="Annat")


def test_history_records_acting_user(farsta, official, chief):
    asset = make_asset(farsta, official)
    c = approved(asset, official, chief, LEVELS)
    assert asset.history.earliest().history_user == official
    assert c.history.latest().history_user == chief
    item = UnitRequirement.objects.filter(unit=farsta).first()
    assert item.history.earliest().history_user == chief
    services.plan_item_update(
        actor=official, item=item, expected_version=item.version, status=PlanStatus.IN_PROGRESS
    )
    assert item.history.latest().history_user == official
    assert c.assessments.first().history.earliest().history_user == official


def test_report_selectors(farsta, bromma, official, chief):
    a = make_asset(farsta, official, name="A")
    make_asset(farsta, official, name="B")
    make_asset(farsta, official, name="C", security_protection=True)
    approved(a, official, chief, LEVELS)
    coverage = {row["unit"].short_name: row for row in selectors.unit_coverage()}
    assert (coverage["farsta"]["total"], coverage["farsta"]["classifiable"],
            coverage["farsta"]["approved"], coverage["farsta"]["percent"]) == (3, 2, 1, 50)
    assert coverage["bromma"]["total"] == 0 and coverage["bromma"]["percent"] is None
    assert selectors.profile_counts(unit=farsta) == {"K3 R2 T2 S3": 1}
    counts = selectors.plan_status_counts(unit=farsta)
    assert counts[PlanStatus.NOT_STARTED] == UnitRequirement.objects.filter(unit=farsta).count()


def test_demo_seeder_is_idempotent(settings):
    import io

    from django.core.management import call_command

    from klassning.models import InformationAsset

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    count = InformationAsset.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert InformationAsset.objects.count() == count >= 5
    farsta_plan = UnitRequirement.objects.filter(unit__short_name="farsta", is_current=True)
    assert farsta_plan.exists()
    assert ServiceRequirement.objects.filter(it_service__name="Procapita IFO").exists()
    assert Classification.objects.filter(status=ClassificationStatus.APPROVED).count() == 3
