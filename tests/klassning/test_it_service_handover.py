"""Riktlinje point 8: technical requirements reach whoever runs the IT service. The service's
owner (a portal user, here in another unit) sees their services and nothing else, acknowledges
receipt, and reports status; the information owner's unit sees it. Point 9: the city-wide page
of prioritised services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klassning import handover as handover_selectors
from klassning import services
from klassning.models import PlanStatus, ServiceRequirement
from tests.handover_helpers import build, set_owner
from tests.klassning_helpers import approved, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(farsta, bromma, official, chief, make_person):
    return build(farsta=farsta, bromma=bromma, official=official, chief=chief, make_person=make_person)


def test_owner_sees_only_their_services(handover, client_for, farsta, chief):
    client = client_for(handover.owner)
    mine = client.get(reverse("klassning:my_services")).content.decode()
    assert "Skolplattformen" in mine and "Ekonomisystemet" not in mine
    start = client.get(reverse("start")).content.decode()
    assert "It-tjänster du förvaltar" in start and "nya krav att kvittera" in start
    assert client.get(reverse("klassning:service_detail", args=[handover.service.pk])).status_code == 200
    listing = client.get(reverse("klassning:service_list")).content.decode()
    assert "Skolplattformen" in listing and "Ekonomisystemet" not in listing
    other_item = ServiceRequirement.objects.filter(it_service=handover.other_service).first()
    for url in (
        reverse("klassning:service_detail", args=[handover.other_service.pk]),
        reverse("klassning:service_item_edit", args=[other_item.pk]),
        reverse("klassning:asset_detail", args=[handover.asset.pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
        reverse("klassning:evidence_download", args=["it-tjanst", other_item.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # The owner may report on the requirements, not change the service itself.
    assert client.get(reverse("klassning:service_item_edit", args=[handover.item.pk])).status_code == 200
    assert client.post(
        reverse("klassning:service_edit", args=[handover.service.pk]), {"name": "X"}
    ).status_code == 403
    # The causing asset is named for the owner, without a link to its details.
    page = client.get(reverse("klassning:service_item_edit", args=[handover.item.pk])).content.decode()
    assert "Elevakter" in page
    assert reverse("klassning:asset_detail", args=[handover.asset.pk]) not in page


def test_a_person_without_services_has_no_panel(handover, client_for, official):
    start = client_for(official).get(reverse("start")).content.decode()
    assert "It-tjänster du förvaltar" not in start


def test_owner_acknowledges_and_new_requirements_show_as_new(handover, official, chief, client_for):
    owner = handover.owner
    client = client_for(owner)
    response = client.post(reverse("klassning:service_acknowledge", args=[handover.service.pk]))
    assert response.status_code == 302
    items = ServiceRequirement.objects.filter(it_service=handover.service, is_current=True)
    assert items.exists() and not items.filter(acknowledged_at__isnull=True).exists()
    assert {i.acknowledged_by for i in items} == {owner}
    assert items.first().history.latest().history_user == owner
    # A higher classification adds requirements: those are new, the earlier stay acknowledged.
    before = set(items.values_list("pk", flat=True))
    approved(handover.asset, official, chief, {"K": 3, "R": 1, "T": 1, "S": 1})
    new = items.filter(acknowledged_at__isnull=True)
    assert new.exists() and not set(new.values_list("pk", flat=True)) & before
    page = client_for(official).get(
        reverse("klassning:service_detail", args=[handover.service.pk])
    ).content.decode()
    assert "Kraven kvitterades senast" in page and "Forvaltare Bromma" in page
    assert f"{new.count()} krav är nya och inte kvitterade." in page
    assert "Kvittera mottagna krav" not in page  # only the owner acknowledges


def test_only_the_owner_acknowledges(handover, chief, outsider, client_for):
    url = reverse("klassning:service_acknowledge", args=[handover.service.pk])
    assert client_for(chief).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.service_requirements_acknowledge(actor=chief, service=handover.service)
    assert not ServiceRequirement.objects.filter(acknowledged_at__isnull=False).exists()


def test_owner_reports_status_and_the_information_owner_sees_it(handover, official, client_for):
    item = handover.item
    response = client_for(handover.owner).post(
        reverse("klassning:service_item_edit", args=[item.pk]),
        {"status": "fulfilled", "version": item.version,
         "evidence_note": "MFA via stadens inloggning sedan mars."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanStatus.FULFILLED
    assert item.history.latest().history_user == handover.owner
    page = client_for(official).get(
        reverse("klassning:service_detail", args=[handover.service.pk])
    ).content.decode()
    assert "MFA via stadens inloggning" in page


def test_owner_can_no_longer_report_when_replaced(handover, chief, make_person, client_for, bromma):
    successor = make_person("ny.forvaltare", bromma)
    set_owner(handover.service, successor, chief)
    client = client_for(handover.owner)
    assert client.get(reverse("klassning:service_detail", args=[handover.service.pk])).status_code == 404
    assert handover_selectors.services_run_by(user=handover.owner) == []


def test_owner_is_chosen_on_the_service_form(farsta, chief, make_person, client_for):
    supplier = make_person("leverantor.drift")  # an account without any unit membership
    service = make_service(farsta, chief, name="Lönesystemet")
    response = client_for(chief).post(
        reverse("klassning:service_edit", args=[service.pk]),
        {"name": service.name, "kind": service.kind, "owner": supplier.pk,
         "version": service.version},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.owner == supplier and service.history.latest().history_user == chief
    assert client_for(supplier).get(reverse("klassning:service_detail", args=[service.pk])).status_code == 200


def test_new_service_requirements_reach_one_hook(farsta, official, chief, monkeypatch):
    from klassning.services import plans

    calls = []
    monkeypatch.setattr(plans, "service_requirements_added",
                        lambda **kw: calls.append((kw["service"], {i.requirement.code for i in kw["items"]})))
    service = make_service(farsta, chief)
    from tests.klassning_helpers import make_asset

    asset = make_asset(farsta, official, it_services=[service])
    approved(asset, official, chief, {"K": 1, "R": 0, "T": 0, "S": 0})
    assert len(calls) == 1 and calls[0][0] == service and "K-06" in calls[0][1]
    approved(asset, official, chief, {"K": 2, "R": 0, "T": 0, "S": 0})
    assert len(calls) == 2 and "K-09" in calls[1][1] and "K-06" not in calls[1][1]
    approved(asset, official, chief, {"K": 2, "R": 0, "T": 0, "S": 0})
    assert len(calls) == 2  # nothing new: no call


def test_prioritised_services_page_for_city_wide_roles(
    farsta, bromma, official, chief, security_function, city_auditor, client_for,
):
    wide = make_service(farsta, chief, name="Skolplattformen", user_units=[farsta, bromma])
    make_service(farsta, chief, name="Lokalt system", user_units=[farsta])
    from tests.klassning_helpers import make_asset

    approved(make_asset(farsta, official, it_services=[wide]), official, chief,
             {"K": 2, "R": 0, "T": 0, "S": 0})
    items = list(ServiceRequirement.objects.filter(it_service=wide, is_current=True))
    ServiceRequirement.objects.filter(pk=items[0].pk).update(status=PlanStatus.FULFILLED)
    ServiceRequirement.objects.filter(pk=items[1].pk).update(
        status=PlanStatus.NOT_APPLICABLE, motivation="-"
    )
    url = reverse("klassning:prioritised_services")
    for person in (security_function, city_auditor):
        body = client_for(person).get(url).content.decode()
        assert "Skolplattformen" in body and "Lokalt system" not in body
        assert f"1 / {len(items) - 1} ({round(100 / (len(items) - 1))} %)" in body
        assert "Ingen utsedd" in body
    assert client_for(chief).get(url).status_code == 403
