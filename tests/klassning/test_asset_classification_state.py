"""The classification state kept on each asset (status, approved profile, review date and the
links to the latest and the approved classification) follows every step of the workflow, so the
asset list, its filters and its sorts show what the classifications say."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klassning import selectors, services
from klassning.models import Classification, ClassificationStatus, InformationAsset
from tests.klassning_helpers import approved, assessments, draft, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 1}
S = ClassificationStatus


def _state(asset):
    a = InformationAsset.objects.get(pk=asset.pk)
    return (a.latest_status, a.latest_classification_id, a.current_classification_id,
            a.approved_profile, a.review_due)


def test_state_follows_start_save_submit_return_approve_and_supersede(official, chief, farsta):
    asset = make_asset(farsta, official)
    assert _state(asset) == ("", None, None, "", None)

    c1 = services.classification_start(actor=official, asset=asset)
    assert _state(asset) == (S.DRAFT, c1.pk, None, "", None)
    c1 = services.classification_save(
        actor=official, classification=c1, expected_version=c1.version,
        assessments=assessments(LEVELS), below_minimum_motivation="Bedömt lägre",
    )
    assert _state(asset) == (S.DRAFT, c1.pk, None, "", None)
    c1 = services.classification_submit(actor=official, classification=c1, expected_version=c1.version)
    assert _state(asset) == (S.SUBMITTED, c1.pk, None, "", None)
    c1 = services.classification_return(
        actor=chief, classification=c1, expected_version=c1.version, comment="Motivera mer."
    )
    assert _state(asset) == (S.DRAFT, c1.pk, None, "", None)
    c1 = services.classification_submit(actor=official, classification=c1, expected_version=c1.version)
    c1 = services.classification_approve(
        actor=chief, classification=c1, expected_version=c1.version, today=dt.date(2025, 3, 1)
    )
    assert c1.profile
    assert _state(asset) == (S.APPROVED, c1.pk, c1.pk, c1.profile, c1.review_due)

    # A reclassification: the approved one stays current until the new one is approved.
    c2 = services.classification_start(actor=official, asset=asset)
    assert _state(asset) == (S.DRAFT, c2.pk, c1.pk, c1.profile, c1.review_due)
    c2 = services.classification_save(
        actor=official, classification=c2, expected_version=c2.version,
        assessments=assessments({**LEVELS, "K": 4}), below_minimum_motivation="Bedömt lägre",
        submit=True,
    )
    assert _state(asset) == (S.SUBMITTED, c2.pk, c1.pk, c1.profile, c1.review_due)
    c2 = services.classification_approve(actor=chief, classification=c2, expected_version=c2.version)
    assert Classification.objects.get(pk=c1.pk).status == S.SUPERSEDED
    assert c2.profile != c1.profile
    assert _state(asset) == (S.APPROVED, c2.pk, c2.pk, c2.profile, c2.review_due)


def test_a_refused_step_leaves_the_state_as_it_was(official, chief, farsta):
    asset = make_asset(farsta, official)
    c = draft(asset, chief, LEVELS)
    c = services.classification_submit(actor=chief, classification=c, expected_version=c.version)
    before = _state(asset)
    with pytest.raises(ValidationError, match="själv"):  # self-approval is refused
        services.classification_approve(actor=chief, classification=c, expected_version=c.version)
    assert _state(asset) == before


def test_a_bulk_load_is_brought_in_line_by_one_refresh(official, farsta):
    """What the data migration did for the existing rows and a seeder does after its inserts."""
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(unit=farsta, name=f"Mängd {i}") for i in range(3)
    )
    Classification.objects.bulk_create([
        Classification(asset=assets[0], number=1, status=S.SUPERSEDED, profile="K1 R1 T1 S1"),
        Classification(asset=assets[0], number=2, status=S.APPROVED, profile="K2 R1 T1 S1",
                       review_due=dt.date(2030, 1, 1)),
        Classification(asset=assets[0], number=3, status=S.DRAFT),
        Classification(asset=assets[1], number=1, status=S.SUBMITTED),
    ])
    assert services.classification_state_refresh() == 3
    c = {x.number: x.pk for x in Classification.objects.filter(asset=assets[0])}
    assert _state(assets[0]) == (S.DRAFT, c[3], c[2], "K2 R1 T1 S1", dt.date(2030, 1, 1))
    c1 = Classification.objects.get(asset=assets[1]).pk
    assert _state(assets[1]) == (S.SUBMITTED, c1, None, "", None)
    assert _state(assets[2]) == ("", None, None, "", None)


def test_the_state_is_not_in_the_assets_history(official, chief, farsta):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    assert InformationAsset.history.filter(id=asset.pk).count() == 1  # the creation only


def test_list_filters_and_sorts_read_the_state(client_for, official, chief, farsta):
    today = dt.date.today()
    old = make_asset(farsta, official, name="A gammal översyn")
    approved(old, official, chief, {"K": 4, "R": 2, "T": 2, "S": 1})
    InformationAsset.objects.filter(pk=old.pk).update(review_due=today - dt.timedelta(days=1))
    fresh = make_asset(farsta, official, name="B aktuell")
    approved(fresh, official, chief, LEVELS)
    waiting = make_asset(farsta, official, name="C inskickad")
    c = draft(waiting, official, LEVELS)
    services.classification_submit(actor=official, classification=c, expected_version=c.version)
    never = make_asset(farsta, official, name="D aldrig klassad")
    secret = make_asset(farsta, official, name="E skyddsobjekt", security_protection=True)

    def names(**filters):
        return [a.name for a in selectors.asset_list(user=official, **filters)]

    assert names(review="overdue") == [old.name]
    assert names(review="approved") == [old.name, fresh.name]
    assert names(review="missing") == [waiting.name, never.name]
    assert names(status=S.SUBMITTED) == [waiting.name]
    assert names(status="none") == [never.name]  # säkerhetsskydd is not "not classified"
    assert names(status="security_protection") == [secret.name]
    profiles = [a.approved_profile for a in selectors.asset_list(user=official, sort="-profil")]
    assert profiles[:2] == sorted(profiles[:2], reverse=True) and profiles[0].startswith("K4")

    body = client_for(official).get(reverse("klassning:asset_list")).content.decode()
    assert "Inskickad" in body and "Ej klassad" in body and "Försenad" in body
    assert "Säkerhetsskydd – klassas inte i portalen" in body
