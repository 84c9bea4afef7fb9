"""The read-access log for information assets and IT services (issue 14): a page that shows a
protected asset (K3 or S2 and above by default, säkerhetsskydd, or an IT service holding one)
writes one read event with who, the unit, the object and the client's address; an unprotected
one writes nothing; nor does a refused attempt."""

import pytest
from django.urls import reverse

from klassning import reads, services
from klassning.models import ClassificationSettings
from sparbarhet import chain
from sparbarhet.models import AuditEvent, EventKind
from tests.klassning_helpers import approved, draft, make_asset, make_service

pytestmark = pytest.mark.django_db

K3 = {"K": 3, "R": 1, "T": 1, "S": 1}
K1 = {"K": 1, "R": 1, "T": 1, "S": 1}
S2 = {"K": 1, "R": 1, "T": 1, "S": 2}


def read_events():
    return AuditEvent.objects.filter(kind=EventKind.READ).order_by("seq")


def classified(unit, official, chief, levels, name="Elevregister"):
    asset = make_asset(unit, official, name=name)
    approved(asset, official, chief, levels)
    return asset


def test_a_k3_asset_page_is_logged_with_who_unit_object_and_address(
    client_for, official, chief, farsta
):
    asset = classified(farsta, official, chief, K3)
    response = client_for(official).get(
        reverse("klassning:asset_detail", args=[asset.pk]), REMOTE_ADDR="10.20.30.40"
    )
    assert response.status_code == 200
    event = read_events().get()
    assert (event.action, event.actor_id, event.unit_id) == ("view", official.pk, farsta.pk)
    assert (event.object_type, event.object_id) == ("klassning.informationasset", asset.pk)
    assert event.client_address == "10.20.30.40"
    assert event.details == {}
    assert chain.verify().ok


def test_the_address_is_the_clients_behind_the_trusted_proxies(
    client_for, official, chief, farsta, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    asset = classified(farsta, official, chief, K3)
    client_for(official).get(
        reverse("klassning:asset_detail", args=[asset.pk]), REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",  # the first is the client's own claim
    )
    assert read_events().get().client_address == "203.0.113.7"


def test_a_k1_asset_and_an_unclassified_one_are_not_logged(client_for, official, chief, farsta):
    low = classified(farsta, official, chief, K1)
    never = make_asset(farsta, official, name="Ej klassad")
    client = client_for(official)
    for asset in (low, never):
        assert client.get(reverse("klassning:asset_detail", args=[asset.pk])).status_code == 200
    assert not read_events().exists()


def test_s2_is_logged(client_for, official, chief, farsta):
    asset = classified(farsta, official, chief, S2)
    client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert read_events().get().object_id == asset.pk


def test_a_security_protection_asset_is_logged(client_for, official, farsta):
    asset = make_asset(farsta, official, name="Skyddat", security_protection=True,
                       security_protection_note="Hanteras separat.")
    client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert read_events().get().object_id == asset.pk


def test_a_draft_reaching_k3_is_enough(client_for, official, chief, farsta):
    """The latest classification counts too: a draft shows its levels."""
    asset = classified(farsta, official, chief, K1)
    draft(asset, official, K3)
    assert reads.protected_assets([asset.pk]) == {asset.pk: farsta.pk}


def test_the_thresholds_in_the_settings_decide(client_for, official, chief, farsta):
    k2 = classified(farsta, official, chief, {"K": 2, "R": 1, "T": 1, "S": 1}, name="K2")
    s2 = classified(farsta, official, chief, S2, name="S2")
    assert reads.protected_assets([k2.pk, s2.pk]) == {s2.pk: farsta.pk}
    settings_row = ClassificationSettings.current()
    settings_row.read_log_confidentiality_level = 2
    settings_row.read_log_traceability_level = 3
    settings_row.save()
    assert reads.protected_assets([k2.pk, s2.pk]) == {k2.pk: farsta.pk}
    client = client_for(official)
    client.get(reverse("klassning:asset_detail", args=[k2.pk]))
    client.get(reverse("klassning:asset_detail", args=[s2.pk]))
    assert list(read_events().values_list("object_id", flat=True)) == [k2.pk]


def test_every_page_showing_the_asset_or_its_levels_is_logged(
    client_for, official, chief, farsta
):
    asset = classified(farsta, official, chief, K3)
    current = asset.classifications.get()
    open_draft = draft(asset, official, K3)
    urls = [
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:asset_edit", args=[asset.pk]),
        reverse("klassning:asset_history", args=[asset.pk]),
        reverse("klassning:asset_compare", args=[asset.pk]),
        reverse("klassning:classification_detail", args=[current.pk]),
        reverse("klassning:classification_edit", args=[open_draft.pk]),
        reverse("klassning:classification_preview", args=[open_draft.pk]),
    ]
    client = client_for(official)
    for url in urls:
        assert client.get(url).status_code == 200, url
    events = list(read_events())
    assert len(events) == len(urls)
    assert {(e.object_type, e.object_id, e.action) for e in events} == {
        ("klassning.informationasset", asset.pk, "view")
    }


def test_the_approvers_page_is_logged(client_for, official, chief, farsta):
    asset = classified(farsta, official, chief, K1)
    c = draft(asset, official, K3)
    services.classification_submit(actor=official, classification=c, expected_version=c.version)
    assert client_for(chief).get(
        reverse("klassning:classification_detail", args=[c.pk])
    ).status_code == 200
    assert read_events().get().actor_id == chief.pk


def test_a_refused_attempt_logs_nothing(client_for, official, chief, farsta, outsider,
                                         unit_auditor):
    asset = classified(farsta, official, chief, K3)
    c = asset.classifications.get()
    client = client_for(outsider)  # another unit: 404, never revealing the asset exists
    for url in (
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:asset_history", args=[asset.pk]),
        reverse("klassning:classification_detail", args=[c.pk]),
    ):
        assert client.get(url).status_code == 404
    # A read-only auditor of the unit may read the page but not open the edit form: 403.
    assert client_for(unit_auditor).get(
        reverse("klassning:asset_edit", args=[asset.pk])
    ).status_code == 403
    assert client.get(reverse("klassning:asset_detail", args=[987654])).status_code == 404
    assert not read_events().exists()


def test_an_it_service_holding_a_protected_asset_is_logged(client_for, official, chief, farsta):
    protected = classified(farsta, official, chief, K3, name="Känsligt")
    ordinary = classified(farsta, official, chief, K1, name="Vanligt")
    holder = make_service(farsta, official, name="Procapita")
    plain = make_service(farsta, official, name="Intranät")
    protected.refresh_from_db()
    services.asset_update(actor=official, asset=protected, expected_version=protected.version,
                          it_services=[holder])
    ordinary.refresh_from_db()
    services.asset_update(actor=official, asset=ordinary, expected_version=ordinary.version,
                          it_services=[holder, plain])
    client = client_for(official)
    for service in (holder, plain):
        url = reverse("klassning:service_detail", args=[service.pk])
        assert client.get(url).status_code == 200
    event = read_events().get()
    assert (event.object_type, event.object_id, event.unit_id) == (
        "klassning.itservice", holder.pk, farsta.pk
    )
    assert reads.protected_services([holder.pk, plain.pk]) == {holder.pk: farsta.pk}


def test_the_chain_verifies_after_reads(client_for, official, chief, farsta):
    asset = classified(farsta, official, chief, K3)
    client = client_for(official)
    for _ in range(3):
        client.get(reverse("klassning:asset_detail", args=[asset.pk]))
    client.get(reverse("klassning:asset_list") + "?format=csv")
    assert read_events().count() == 4
    assert chain.verify().ok


def test_the_security_function_sets_the_thresholds_in_the_admin(
    client_for, security_function, official, chief, farsta
):
    k2 = classified(farsta, official, chief, {"K": 2, "R": 1, "T": 1, "S": 1}, name="K2")
    row = ClassificationSettings.objects.get()
    url = reverse("admin:klassning_classificationsettings_change", args=[row.pk])
    client = client_for(security_function)
    body = client.get(url).content.decode()
    assert "Läslogg från konfidentialitetsnivå (K)" in body
    assert "Läslogg från spårbarhetsnivå (S)" in body
    response = client.post(url, {
        "review_interval_months": row.review_interval_months,
        "read_log_confidentiality_level": 2, "read_log_traceability_level": 2,
    })
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.read_log_confidentiality_level, row.history.first().history_user) == (
        2, security_function
    )
    assert reads.protected_assets([k2.pk]) == {k2.pk: farsta.pk}
