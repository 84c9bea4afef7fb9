"""Issue 9: the klassning pages a shared IT service makes heavy (its own page, the action
plan, the IT service list, an asset's page, the classification form) cost a fixed number of
queries whether the service handles a handful of assets or hundreds, and name only a few of
them, with a count and a link to the rest."""

import re

import pytest
from django.urls import reverse

from klassning import services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationAssessment,
    ClassificationStatus,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ITServiceKind,
)
from klassning.views.it_services import ASSETS_SHOWN
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db

# The fixed part of a page (session, person, second factor, permissions, header) and the
# page's own reads; a read of a protected asset or service adds the audit trail's append. The
# most: the service page for a unit's chief (32, and one more to count the assets beyond the
# first ASSETS_SHOWN when there are more).
MAX_QUERIES = 33


def _shared_service(units, actor, n):
    """A service owned by the first unit, used by all, handling ``n`` approved K3 assets
    spread over the units."""
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(unit=units[i % len(units)], name=f"Mängd {i:04}") for i in range(n)
    )
    classifications = Classification.objects.bulk_create(
        Classification(asset=a, number=1, status=ClassificationStatus.APPROVED,
                       profile="K3 R2 T2 S1", review_due="2099-01-01")
        for a in assets
    )
    category = ConsequenceCategory.objects.filter(is_active=True).first()
    levels = {"K": 3, "R": 2, "T": 2, "S": 1}
    ClassificationAssessment.objects.bulk_create(
        ClassificationAssessment(classification=c, aspect=aspect, category=category,
                                 level=levels[aspect.code])
        for c in classifications for aspect in Aspect.objects.all()
    )
    services.classification_state_refresh()
    services.classification_levels_refresh()
    service = ITService.objects.create(unit=units[0], name="Stadens plattform",
                                       kind=ITServiceKind.PLATFORM)
    service.user_units.add(*units)
    service.assets.add(*assets)
    services.plans_recompute_for_service(actor=actor, service=service)
    for unit in units:
        services.plans_recompute_for_unit(actor=actor, unit=unit)
    return service, assets


@pytest.mark.parametrize("n", [6, 130])
def test_shared_service_pages_have_constant_query_counts(
    n, client_for, security_function, official, chief, farsta, bromma,
    django_assert_max_num_queries,
):
    service, assets = _shared_service([farsta, bromma], chief, n)
    draft_asset = make_asset(farsta, official, name="Utkastet")
    draft = services.classification_start(actor=official, asset=draft_asset)
    pages = {
        "service": reverse("klassning:service_detail", args=[service.pk]),
        "plan": reverse("klassning:unit_plan", args=[farsta.pk]),
        "services": reverse("klassning:service_list"),
        "asset": reverse("klassning:asset_detail", args=[assets[0].pk]),
        "form": reverse("klassning:classification_edit", args=[draft.pk]),
        "last page": reverse("klassning:asset_list") + "?sort=profil&sida=9999",
    }
    bodies = {}
    for user in (security_function, chief):
        client = client_for(user)
        client.get(reverse("start"))  # the session warmed
        for name, url in pages.items():
            if name == "form" and user is security_function:
                continue
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(url)
            assert response.status_code == 200, (name, url)
            bodies[user.username, name] = response.content.decode()

    # The service page names at most ASSETS_SHOWN assets, counts the rest and links to them.
    page = bodies[security_function.username, "service"]
    shown = re.findall(r'<li><a href="/informationsmangder/\d+/">Mängd', page)
    assert len(shown) == min(n, ASSETS_SHOWN)
    link = reverse("klassning:asset_list") + f"?it_service={service.pk}"
    assert (link in page) == (n > ASSETS_SHOWN)
    # Each requirement names at most five causing assets, in name order, and counts the rest.
    assert "Krävs av: " in page
    assert 'Mängd 0000</a>' in page
    if n > 5:
        noun = "informationsmängd" if n - 5 == 1 else "informationsmängder"
        assert f"och {n - 5} {noun} till" in page
        assert "Mängd 0005</a>" not in page.split('id="krav"')[1].split('id="history"')[0]
