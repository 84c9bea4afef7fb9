"""``manage.py seed_scale``: the city-sized data set of ``make bench``, run here at a tiny scale."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from klassning import services as klassning_services
from klassning.models import (
    Classification,
    ClassificationAssessment,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ServiceRequirement,
    UnitRequirement,
)
from nämnder import access
from nämnder.models import Membership, OrganisationUnit, Role
from nämnder.scale import chief_username, security_username
from tests.tvasteg_helpers import verify_session

pytestmark = pytest.mark.django_db

SCALE = 0.01  # 200 information assets, 10 IT services, 3 members per unit


@pytest.fixture
def city_seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_scale", scale=SCALE, stdout=out)
    return out.getvalue()


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_scale", scale=SCALE)
    assert not InformationAsset.objects.exists()


def test_the_city_at_scale_has_the_counts_asked_for_and_is_seeded_once(city_seeded):
    demo_assets = 5  # seed_demo's, in Farsta and Bromma
    assert abs(InformationAsset.objects.count() - demo_assets - 200) <= 20
    assert InformationAsset.objects.filter(unit__short_name="farsta").count() >= 10
    assert ITService.objects.count() == 3 + 10
    shared = OrganisationUnit.objects.operational().count()
    assert ITService.objects.filter(name__regex=r" 000[1-5]$").count() == 5
    for service in ITService.objects.filter(name__regex=r" 000[1-5]$"):
        assert service.user_units.count() == shared
    units = OrganisationUnit.objects.count()
    assert Membership.objects.filter(user__username__startswith="skala.").count() == 3 * units
    # ~90 % approved, each with a judgement in every aspect × active category.
    scaled = InformationAsset.objects.filter(security_protection=False).exclude(
        unit__short_name__in=("farsta", "bromma"), name__in=(
            "Elevakter i förskola", "Ekonomiskt bistånd", "Lokalbokning", "Bygglovsärenden"))
    approved = Classification.objects.filter(
        status=ClassificationStatus.APPROVED, asset__in=scaled).count()
    assert 0.8 <= approved / scaled.count() <= 0.97
    cells = 4 * ConsequenceCategory.objects.filter(is_active=True).count()
    for c in Classification.objects.filter(status=ClassificationStatus.APPROVED)[:20]:
        assert c.assessments.count() == cells
        assert c.review_due and c.profile.startswith("K")
    assert Classification.objects.filter(status=ClassificationStatus.SUPERSEDED).exists()
    # The state lists read is kept on each asset, as the services keep it.
    assert scaled.filter(latest_status=ClassificationStatus.APPROVED,
                         current_classification__isnull=False).count() == approved
    # History as the services write it: a record for every row inserted.
    assert InformationAsset.history.count() >= InformationAsset.objects.count()
    assert ClassificationAssessment.history.count() >= ClassificationAssessment.objects.count()
    assert Classification.history.filter(history_type="~", status="approved").count() >= approved
    assert UnitRequirement.history.count() >= UnitRequirement.objects.count() > 0
    assert ServiceRequirement.objects.exists()
    # A second run changes nothing.
    count = InformationAsset.objects.count()
    out = io.StringIO()
    call_command("seed_scale", scale=SCALE, stdout=out)
    assert InformationAsset.objects.count() == count
    assert "redan" in out.getvalue()


def test_the_plans_are_the_ones_the_plan_services_derive(city_seeded):
    """Recomputing the plans as an approval does changes nothing: no item is new, none
    changes its level or stops applying."""
    before_units = set(UnitRequirement.objects.values_list(
        "unit_id", "requirement_id", "required_level", "is_current"))
    before_services = set(ServiceRequirement.objects.values_list(
        "it_service_id", "requirement_id", "required_level", "is_current"))
    for unit in OrganisationUnit.objects.all():
        assert klassning_services.plans_recompute_for_unit(actor=None, unit=unit) == []
    for service in ITService.objects.all():
        assert klassning_services.plans_recompute_for_service(actor=None, service=service) == []
    assert set(UnitRequirement.objects.values_list(
        "unit_id", "requirement_id", "required_level", "is_current")) == before_units
    assert set(ServiceRequirement.objects.values_list(
        "it_service_id", "requirement_id", "required_level", "is_current")) == before_services


@pytest.mark.parametrize("username", [chief_username("farsta"), security_username()])
def test_pages_render_for_a_unit_chief_and_the_security_function(city_seeded, client, username):
    user = get_user_model().objects.get(username=username)
    farsta = OrganisationUnit.objects.get(short_name="farsta")
    if username == security_username():
        assert access.is_city_security_function(user)
    else:
        assert Membership.objects.get(user=user).role == Role.CHIEF
        assert access.can(user, access.APPROVE, farsta)
    client.force_login(user)
    verify_session(client, user)  # privileged: the second step (their demo-secret app)
    asset = InformationAsset.objects.filter(
        unit=farsta, classifications__status=ClassificationStatus.APPROVED).first()
    service = ITService.objects.filter(user_units=farsta).order_by("name").first()
    urls = [
        reverse("start"), reverse("unit_detail", args=[farsta.pk]),
        reverse("unit_history", args=[farsta.pk]),
        reverse("klassning:asset_list"), reverse("klassning:asset_list") + "?page=last",
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:service_list"), reverse("klassning:service_detail", args=[service.pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
        reverse("report_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
