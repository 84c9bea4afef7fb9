"""A deactivated unit is read-only for its own members, whatever their role; only the city-wide
security function (and superusers) still change it. The pages say so and offer no edits."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klassning import services as klassning_services
from klassning.models import ServiceRequirement, UnitRequirement
from nämnder import access
from nämnder import services as unit_services
from nämnder.models import Membership
from tests.klassning_helpers import approved, draft, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}
NOTICE = "Enheten är inaktiv."


@pytest.fixture
def records(official, chief, coordinator, farsta):
    """Farsta with an approved asset (so plan items exist), an open draft and an IT service;
    then Farsta is deactivated."""
    service = make_service(farsta, official)
    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, LEVELS)
    other = make_asset(farsta, official, name="Diarium")
    open_draft = draft(other, official, LEVELS)
    unit_services.unit_update(actor=None, unit=farsta, expected_version=None, is_active=False)
    farsta.refresh_from_db()
    return {
        "asset": asset, "other": other, "draft": open_draft, "service": service,
        "unit_item": UnitRequirement.objects.filter(unit=farsta).first(),
        "service_item": ServiceRequirement.objects.filter(it_service=service).first(),
    }


def _write_urls(records, farsta, official):
    membership = Membership.objects.get(user=official, unit=farsta)
    return [
        reverse("klassning:asset_edit", args=[records["asset"].pk]),
        reverse("klassning:classification_start", args=[records["asset"].pk]),
        reverse("klassning:classification_edit", args=[records["draft"].pk]),
        reverse("klassning:classification_approve", args=[records["draft"].pk]),
        reverse("klassning:classification_return", args=[records["draft"].pk]),
        reverse("klassning:service_edit", args=[records["service"].pk]),
        reverse("klassning:unit_item_edit", args=[records["unit_item"].pk]),
        reverse("klassning:service_item_edit", args=[records["service_item"].pk]),
        reverse("unit_edit", args=[farsta.pk]),
        reverse("membership_add", args=[farsta.pk]),
        reverse("membership_remove", args=[farsta.pk, membership.pk]),
    ]


@pytest.mark.parametrize("persona", ["official", "coordinator", "chief"])
def test_members_of_an_inactive_unit_get_403_on_every_write(
    client_for, request, persona, records, farsta, official
):
    client = client_for(request.getfixturevalue(persona))
    for url in _write_urls(records, farsta, official):
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"version": 1}).status_code == 403, url
    assert not records["asset"].classifications.filter(number=2).exists()
    assert Membership.objects.filter(user=official, unit=farsta).exists()


def test_members_still_read_and_see_the_notice_without_edit_buttons(
    client_for, chief, records, farsta
):
    client = client_for(chief)
    for url in (
        reverse("unit_detail", args=[farsta.pk]),
        reverse("klassning:asset_detail", args=[records["asset"].pk]),
        reverse("klassning:service_detail", args=[records["service"].pk]),
        reverse("klassning:classification_detail", args=[records["draft"].pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert NOTICE in body, url
        for link in (
            reverse("klassning:asset_edit", args=[records["asset"].pk]),
            reverse("klassning:classification_start", args=[records["asset"].pk]),
            reverse("klassning:classification_edit", args=[records["draft"].pk]),
            reverse("klassning:service_edit", args=[records["service"].pk]),
            reverse("klassning:unit_item_edit", args=[records["unit_item"].pk]),
            reverse("unit_edit", args=[farsta.pk]),
            reverse("membership_add", args=[farsta.pk]),
        ):
            assert link not in body, (url, link)


def test_active_unit_shows_no_notice(client_for, official, farsta):
    asset = make_asset(farsta, official)
    assert NOTICE not in client_for(official).get(
        reverse("klassning:asset_detail", args=[asset.pk])
    ).content.decode()


def test_security_function_still_changes_an_inactive_unit(
    client_for, security_function, records, farsta
):
    client = client_for(security_function)
    asset = records["asset"]
    page = client.get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert NOTICE in page.content.decode()
    assert reverse("klassning:asset_edit", args=[asset.pk]) in page.content.decode()
    response = client.post(reverse("klassning:asset_edit", args=[asset.pk]), {
        "name": asset.name, "description": "Arkiveras", "process": "", "responsible": "",
        "personal_data": "none", "osl_provision": "", "archive_rule": "",
        "security_protection_note": "", "it_services": [records["service"].pk],
        "version": asset.version,
    })
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.description == "Arkiveras"
    response = client.post(reverse("klassning:classification_start", args=[asset.pk]))
    assert response.status_code == 302
    assert asset.classifications.filter(number=2).exists()
    assert client.get(reverse("unit_edit", args=[farsta.pk])).status_code == 200


def test_services_refuse_writes_to_an_inactive_unit(official, chief, records):
    with pytest.raises(PermissionDenied):
        klassning_services.asset_update(
            actor=official, asset=records["asset"], expected_version=None, description="x"
        )
    with pytest.raises(PermissionDenied):
        klassning_services.classification_start(actor=official, asset=records["asset"])
    with pytest.raises(PermissionDenied):
        klassning_services.plan_item_update(
            actor=chief, item=records["unit_item"], expected_version=None, responsible="x"
        )


def test_access_rule_in_one_place(official, chief, security_function, records, farsta):
    for user in (official, chief):
        assert access.can(user, access.VIEW, farsta)
        for perm in (access.EDIT_RECORDS, access.APPROVE, access.CHANGE_UNIT,
                     access.MANAGE_MEMBERS):
            assert not access.can(user, perm, farsta)
            assert farsta not in access.units_for(user, perm)
        assert farsta in access.units_for(user, access.VIEW)
    assert access.can(security_function, access.EDIT_RECORDS, farsta)
    assert farsta in access.units_for(security_function, access.EDIT_RECORDS)
