"""Issue 9, the pages made cheap at city scale: behaviour kept (paging, visibility), lists
shortened with a link to the full list."""

import pytest
from django.urls import reverse

from klassning import services
from klassning.models import InformationAsset, ITService, ITServiceKind
from nämnder import access
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db


def _assets(unit, names):
    return InformationAsset.objects.bulk_create(
        InformationAsset(unit=unit, name=name) for name in names
    )


def test_asset_list_pages_show_every_asset_once_when_names_repeat(
    client_for, security_function, farsta, bromma
):
    """The order ends in the key: two units' assets with the same name are neither repeated
    nor skipped across a page boundary (the keys of a page are read first)."""
    names = [f"Register {i:02}" for i in range(20)]
    created = _assets(farsta, names) + _assets(bromma, names)
    client = client_for(security_function)
    seen = []
    for page in (1, 2):
        response = client.get(reverse("klassning:asset_list") + f"?sida={page}")
        assert response.status_code == 200
        seen += [a.pk for a in response.context["page"]]
    assert sorted(seen) == sorted(a.pk for a in created)
    names_in_order = [InformationAsset.objects.get(pk=pk).name for pk in seen]
    assert names_in_order == sorted(names_in_order)


def test_asset_list_last_page_and_sorts_match_a_plain_ordering(client_for, security_function, farsta):
    _assets(farsta, [f"Mängd {i:03}" for i in range(60)])
    client = client_for(security_function)
    for sort in ("namn", "-namn", "enhet", "oversyn", "-oversyn", "profil", "-profil"):
        response = client.get(reverse("klassning:asset_list") + f"?sort={sort}&sida=3")
        assert response.status_code == 200
        page = response.context["page"]
        assert page.number == 3
        assert len(page.object_list) == 10


def test_asset_list_filtered_on_a_visible_it_service(client_for, official, farsta):
    service = make_service(farsta, official, name="Elevsystemet")
    linked = make_asset(farsta, official, name="Elevregister")
    make_asset(farsta, official, name="Personalregister")
    services.asset_update(
        actor=official, asset=linked, expected_version=linked.version, it_services=[service]
    )
    response = client_for(official).get(
        reverse("klassning:asset_list") + f"?it_service={service.pk}"
    )
    assert response.status_code == 200
    assert [a.name for a in response.context["page"]] == ["Elevregister"]
    assert "Elevsystemet" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1"])
def test_asset_list_service_filter_with_odd_values_is_ignored(client_for, official, farsta, value):
    make_asset(farsta, official)
    response = client_for(official).get(reverse("klassning:asset_list") + f"?it_service={value}")
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_asset_list_service_filter_ignores_a_service_the_user_may_not_see(
    client_for, official, outsider, farsta, bromma
):
    """Another unit's IT service is not a valid filter: no list of its assets, no name."""
    hidden = make_service(bromma, outsider, name="Bromma internt")
    make_asset(farsta, official, name="Elevregister")
    response = client_for(official).get(
        reverse("klassning:asset_list") + f"?it_service={hidden.pk}"
    )
    assert response.status_code == 200
    assert [a.name for a in response.context["page"]] == ["Elevregister"]
    assert "Bromma internt" not in response.content.decode()


def test_service_page_names_the_first_assets_and_links_to_all(client_for, official, farsta):
    from klassning.views.it_services import ASSETS_SHOWN

    service = ITService.objects.create(unit=farsta, name="Delad tjänst", kind=ITServiceKind.SYSTEM)
    assets = _assets(farsta, [f"Mängd {i:03}" for i in range(ASSETS_SHOWN + 7)])
    service.assets.add(*assets)
    response = client_for(official).get(reverse("klassning:service_detail", args=[service.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert len(response.context["assets"]) == ASSETS_SHOWN
    assert response.context["more_assets"] == 7
    assert f"?it_service={service.pk}" in body
    section = body.split('id="assets"', 1)[1].split("</section>", 1)[0]
    assert "Mängd 049" in section and "Mängd 050" not in section


def test_unit_ids_are_read_once_per_request_and_again_on_the_next(
    client_for, official, farsta, bromma, django_user_model
):
    """The ids of the units a person may see are read once per user object (a request) and
    follow a membership change on the next request."""
    from nämnder import services as unit_services
    from nämnder.models import Role

    asset = make_asset(bromma, None, name="Brommas register")
    client = client_for(official)
    url = reverse("klassning:asset_detail", args=[asset.pk])
    assert client.get(url).status_code == 404
    unit_services.membership_add(actor=None, user=official, unit=bromma, role=Role.OFFICIAL)
    assert client.get(url).status_code == 200
    user = django_user_model.objects.get(pk=official.pk)
    assert sorted(access.unit_ids_for(user)) == sorted([farsta.pk, bromma.pk])
    assert user._isms_unit_ids  # read once, kept on this user object for the request
