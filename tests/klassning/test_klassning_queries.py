"""List pages cost a fixed number of SQL queries, whatever the number of assets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    ServiceRequirement,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 27  # the detail pages include their history (with IT-service links); the plan
# pages also why each requirement applies and, on an IT service, its acknowledgement; +1: the
# navigation's unread-notification count (notifieringar)
# A page that shows a protected asset or IT service (its assets here are K3/S3) also writes the
# read-access log (issue 14): the protected check, then the chain's append (head lock with the
# pending check, insert, head update). A fixed cost, whatever the number of assets.
LOGGED_READ = 4


def _populate(unit, actor, n):
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(unit=unit, name=f"Informationsmängd {i:04}") for i in range(n)
    )
    classifications = Classification.objects.bulk_create(
        Classification(
            asset=a, number=1, status=ClassificationStatus.APPROVED, profile="K3 R2 T2 S3",
            review_due="2020-01-01" if i % 2 else "2099-01-01",
        )
        for i, a in enumerate(assets)
    )
    category = ConsequenceCategory.objects.first()
    ClassificationAssessment.objects.bulk_create(
        ClassificationAssessment(classification=c, aspect=aspect, category=category, level=3)
        for c in classifications for aspect in Aspect.objects.all()
    )
    services.classification_state_refresh()  # what a bulk loader does after its inserts
    services.classification_levels_refresh()
    service_list = ITService.objects.bulk_create(
        ITService(unit=unit, name=f"Tjänst {i:03}", kind=ITServiceKind.SYSTEM)
        for i in range(min(n, 40))
    )
    for i, service in enumerate(service_list):
        service.assets.add(*assets[i::len(service_list)])
        service.user_units.add(unit)
    services.plans_recompute_for_unit(actor=actor, unit=unit)
    services.plans_recompute_for_service(actor=actor, service=service_list[0])
    return assets, service_list


@pytest.mark.parametrize("n", [5, 500])
def test_list_pages_have_constant_query_counts(
    n, client_for, official, chief, farsta, django_assert_max_num_queries, without_object_panels
):
    assets, service_list = _populate(farsta, chief, n)
    client = client_for(official)
    client.get(reverse("start"))  # warm the session
    assets_url = reverse("klassning:asset_list")
    pages = [
        assets_url,
        assets_url + "?sida=9999",  # the last page
        assets_url + "?review=overdue&sort=-oversyn",
        assets_url + "?review=overdue&sort=-oversyn&sida=9999",
        assets_url + "?sort=profil&sida=9999",
        assets_url + "?status=approved&sort=-enhet&sida=9999",
        assets_url + "?status=none",
        reverse("klassning:asset_history", args=[assets[0].pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
        reverse("klassning:service_list"),
        reverse("klassning:service_detail", args=[service_list[0].pk]),
        reverse("klassning:asset_detail", args=[assets[0].pk]),
    ]
    logged = {
        reverse("klassning:asset_history", args=[assets[0].pk]),
        reverse("klassning:service_detail", args=[service_list[0].pk]),
        reverse("klassning:asset_detail", args=[assets[0].pk]),
    }
    for url in pages:
        with django_assert_max_num_queries(MAX_QUERIES + (LOGGED_READ if url in logged else 0)):
            response = client.get(url)
        assert response.status_code == 200, url
    assert ServiceRequirement.objects.filter(it_service=service_list[0]).exists()
    body = client.get(reverse("klassning:asset_list") + "?review=overdue").content.decode()
    assert "Försenad" in body


@pytest.mark.parametrize("url", [
    "?sida=9999", "?review=overdue&sort=-oversyn&sida=9999", "?sort=profil&sida=9999",
    "?status=draft", "?review=missing&sort=-profil",
])
def test_asset_list_pages_read_no_subquery_per_row(
    url, client_for, official, chief, farsta
):
    """Filtering, sorting and paging read the asset's own columns: no subquery per row, so
    the last page costs what the first does (with a subquery per row, the last page of a
    city-wide list evaluated it for every asset before it)."""
    _populate(farsta, chief, 60)
    client = client_for(official)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("klassning:asset_list") + url).status_code == 200
    asset_queries = [
        q["sql"] for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "klassning_informationasset"' in q["sql"]
    ]
    assert asset_queries
    for sql in asset_queries:
        assert "klassning_classification" not in sql, sql


def test_every_form_page_opens(client_for, official, chief, farsta):
    from tests.klassning_helpers import approved, make_asset, make_service

    asset = make_asset(farsta, official)
    service = make_service(farsta, official)
    services.asset_update(
        actor=official, asset=asset, expected_version=asset.version, it_services=[service]
    )
    c = approved(asset, official, chief, {"K": 3, "R": 3, "T": 3, "S": 3})
    draft = services.classification_start(actor=official, asset=asset)
    client = client_for(official)
    from klassning.models import UnitRequirement

    urls = [
        reverse("klassning:asset_edit", args=[asset.pk]),
        reverse("klassning:classification_edit", args=[draft.pk]),
        reverse("klassning:classification_detail", args=[c.pk]),
        reverse("klassning:service_edit", args=[service.pk]),
        reverse("klassning:service_create"),
        reverse("klassning:unit_item_edit", args=[UnitRequirement.objects.first().pk]),
        reverse("klassning:service_item_edit", args=[ServiceRequirement.objects.first().pk]),
        reverse("klassning:service_list") + "?format=xlsx",
        reverse("unit_detail", args=[farsta.pk]),
        reverse("start"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
