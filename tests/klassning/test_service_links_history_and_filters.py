"""Regressions for the review of the classification app (links, säkerhetsskydd history, retired
consequence categories, link history, huge ids, export in chunks, filters)."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klassning import selectors, services
from klassning.models import (
    Aspect,
    ClassificationAssessment,
    ConsequenceCategory,
    InformationAsset,
    ITService,
    ServiceRequirement,
)
from nämnder import services as unit_services
from nämnder.models import Role
from tests.klassning_helpers import approved, make_asset, make_service

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def asset_post(unit, **changes):
    data = {"unit": unit.pk, "name": "Bygglovsärenden", "personal_data": "none"}
    data.update(changes)
    return data


def history_rows(body: str) -> list[str]:
    """The rows of the history table, as text."""
    table = body[body.index('class="table history"'):]
    table = table[:table.index("</table>")]
    return [re.sub(r"<[^>]+>", " ", row) for row in table.split("<tr>")[2:]]


def rows_with(body: str, text: str) -> list[str]:
    return [row for row in history_rows(body) if text in row]


@pytest.fixture
def bromma_auditor_official(make_person, bromma, city):
    """A Bromma official who is also a city-wide auditor: sees Farsta, may change only Bromma."""
    user = make_person("handlaggare.revisor", bromma, Role.OFFICIAL)
    unit_services.membership_add(actor=None, user=user, unit=city, role=Role.AUDITOR)
    return user


# --- 1. An asset is linked only to services its unit owns or uses ------------------------------

def test_asset_form_offers_only_the_units_services(
    client_for, bromma_auditor_official, farsta, bromma, chief
):
    make_service(farsta, chief, name="Farstas ekonomisystem")
    make_service(farsta, chief, name="Delad e-tjänst", user_units=[bromma])
    make_service(bromma, bromma_auditor_official, name="Brommas ärendesystem")
    client = client_for(bromma_auditor_official)
    assert "Farstas ekonomisystem" in client.get(reverse("klassning:service_list")).content.decode()

    body = client.get(reverse("klassning:asset_create")).content.decode()
    assert "Brommas ärendesystem" in body and "Delad e-tjänst" in body
    assert "Farstas ekonomisystem" not in body


def test_linking_to_another_units_service_is_refused(
    client_for, bromma_auditor_official, farsta, bromma, chief, official
):
    farsta_service = make_service(farsta, chief, name="Farstas ekonomisystem")
    farsta_asset = make_asset(farsta, official, name="Leverantörsreskontra")
    services.asset_update(
        actor=official, asset=farsta_asset, expected_version=farsta_asset.version,
        it_services=[farsta_service],
    )
    approved(farsta_asset, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    before = set(ServiceRequirement.objects.filter(
        it_service=farsta_service, is_current=True).values_list("requirement_id", flat=True))
    client = client_for(bromma_auditor_official)

    response = client.post(
        reverse("klassning:asset_create"), asset_post(bromma, it_services=[farsta_service.pk])
    )
    assert response.status_code == 200
    assert not InformationAsset.objects.filter(unit=bromma).exists()
    assert "Välj ett giltigt alternativ" in response.content.decode()

    with pytest.raises(ValidationError) as exc:
        services.asset_create(
            actor=bromma_auditor_official, unit=bromma, name="Bygglov", it_services=[farsta_service]
        )
    assert "Bromma stadsdelsnämnd äger eller använder" in exc.value.message_dict["it_services"][0]
    asset = make_asset(bromma, bromma_auditor_official, name="Bygglov")
    with pytest.raises(ValidationError) as exc:
        services.asset_update(
            actor=bromma_auditor_official, asset=asset, expected_version=asset.version,
            it_services=[farsta_service],
        )
    assert "it_services" in exc.value.message_dict
    assert list(farsta_service.assets.all()) == [farsta_asset]
    after = set(ServiceRequirement.objects.filter(
        it_service=farsta_service, is_current=True).values_list("requirement_id", flat=True))
    assert after == before


def test_a_service_the_unit_uses_can_be_linked(farsta, bromma, chief, outsider):
    shared = make_service(farsta, chief, name="Delad e-tjänst", user_units=[bromma])
    asset = services.asset_create(actor=outsider, unit=bromma, name="Bygglov", it_services=[shared])
    assert list(asset.it_services.all()) == [shared]


# --- 2. A säkerhetsskydd asset's history does not show its earlier details ---------------------

def test_security_protection_history_hides_earlier_details(client_for, farsta, official, chief):
    service = make_service(farsta, chief, name="Kameraövervakningssystem")
    asset = make_asset(
        farsta, official, name="Skyddsobjekt", description="Hemlig beskrivning",
        process="Hemlig process", responsible="Hemlig Person", personal_data="sensitive",
        it_services=[service],
    )
    asset = services.asset_update(
        actor=chief, asset=asset, expected_version=asset.version, description="", process="",
        responsible="", personal_data="none", it_services=[], security_protection=True,
        security_protection_note="Kontakta säkerhetsskyddschefen.",
    )
    body = client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    for secret in ("Hemlig beskrivning", "Hemlig process", "Hemlig Person", "Känsliga",
                   "Kameraövervakningssystem"):
        assert secret not in body, secret
    assert "(dold – säkerhetsskydd)" in body
    assert "Kontakta säkerhetsskyddschefen." in body
    flag_rows = rows_with(body, "Säkerhetsskydd:")
    assert flag_rows and "Chef Farsta" in flag_rows[0] and "Ja" in flag_rows[0]
    export = client_for(official).get(reverse("klassning:asset_list") + "?format=csv")
    assert "Hemlig" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_ordinary_asset_history_still_shows_details(client_for, farsta, official):
    asset = make_asset(farsta, official, description="Vanlig beskrivning")
    services.asset_update(
        actor=official, asset=asset, expected_version=asset.version, description="Ny beskrivning"
    )
    body = client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "Vanlig beskrivning" in body and "Ny beskrivning" in body
    assert "(dold – säkerhetsskydd)" not in body


# --- 3. Retired consequence categories count nowhere -------------------------------------------

def test_reclassification_ignores_a_retired_category(client_for, farsta, official, chief):
    service = make_service(farsta, chief)
    asset = make_asset(farsta, official, it_services=[service])
    first = approved(asset, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1},
                     peaks={("K", "miljo"): 4})
    assert first.profile == "K4 R1 T1 S1"
    miljo = ConsequenceCategory.objects.get(code="miljo")
    miljo.is_active = False
    services.consequence_category_save(actor=None, category=miljo)  # as the admin does
    k = Aspect.objects.get(code="K")

    assert selectors.unit_aspect_levels(unit=farsta)[k.pk] == 1
    assert selectors.service_aspect_levels(service=service)[k.pk] == 1
    assert selectors.service_profiles([service])[service.pk] == "K1 R1 T1 S1"

    new = services.classification_start(actor=official, asset=asset)
    assert new.profile == "K1 R1 T1 S1"
    assert not new.assessments.filter(category__code="miljo").exists()
    body = client_for(official).get(
        reverse("klassning:classification_detail", args=[new.pk])).content.decode()
    # The page's CSRF tokens are random letters and may contain "K4" themselves.
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    assert "K4" not in body and "K1 R1 T1 S1" in body


def test_saved_profile_ignores_cells_in_a_retired_category(farsta, official):
    asset = make_asset(farsta, official)
    draft = services.classification_start(actor=official, asset=asset)
    miljo = ConsequenceCategory.objects.get(code="miljo")
    k = Aspect.objects.get(code="K")
    ClassificationAssessment.objects.create(
        classification=draft, aspect=k, category=miljo, level=4, motivation="Gammal"
    )
    miljo.is_active = False
    miljo.save()
    ekonomi = ConsequenceCategory.objects.get(code="ekonomi")
    draft = services.classification_save(
        actor=official, classification=draft, expected_version=draft.version,
        assessments={(k.pk, ekonomi.pk): (2, "Motiverat")},
    )
    assert draft.profile == "K2"


# --- 4. Link changes are in the history, with the person who made them -------------------------

def test_linking_a_service_shows_in_the_asset_history(client_for, farsta, official, chief):
    service = make_service(farsta, chief, name="Skolplattformen")
    asset = make_asset(farsta, chief)
    services.asset_update(
        actor=official, asset=asset, expected_version=asset.version, it_services=[service]
    )
    client = client_for(chief)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    linked = rows_with(body, "Kopplad")
    assert len(linked) == 1
    assert "Skolplattformen" in linked[0] and "Handlaggare Farsta" in linked[0]
    assert ITService.history.filter(id=service.pk).latest().history_user == official

    asset.refresh_from_db()
    services.asset_update(actor=chief, asset=asset, expected_version=asset.version, it_services=[])
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    unlinked = rows_with(body, "Kopplad bort")
    assert len(unlinked) == 1 and "Chef Farsta" in unlinked[0]


def test_service_history_shows_user_unit_and_asset_changes(
    client_for, farsta, bromma, chief, official, outsider
):
    service = make_service(farsta, chief, name="Skolplattformen", user_units=[farsta])
    services.it_service_update(
        actor=official, service=service, expected_version=service.version,
        user_units=[bromma],
    )
    make_asset(farsta, chief, name="Elevregister", it_services=[service])
    body = client_for(chief).get(reverse("klassning:service_detail", args=[service.pk])).content.decode()
    changed = rows_with(body, "Används av:")
    assert len(changed) == 2  # created with Farsta, then Farsta → Bromma (one entry)
    assert "Handlaggare Farsta" in changed[0]
    assert "Farsta stadsdelsnämnd" in changed[0] and "Bromma stadsdelsnämnd" in changed[0]
    assert any("Elevregister" in row for row in rows_with(body, "Informationsmängder:"))

    # A user unit sees the service but not the owner's asset names, not even in its history.
    body = client_for(outsider).get(
        reverse("klassning:service_detail", args=[service.pk])).content.decode()
    assert "Skolplattformen" in body and "Elevregister" not in body


# --- 5. The asset page lists only services the viewer can open ---------------------------------

def test_asset_detail_hides_services_the_viewer_cannot_open(client_for, farsta, bromma,
                                                            official, outsider):
    asset = make_asset(farsta, official)
    hidden = make_service(bromma, outsider, name="Brommas interna system")
    hidden.assets.add(asset)  # an old link, from before links were limited to the unit
    body = client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "Brommas interna system" not in body
    assert client_for(official).get(
        reverse("klassning:service_detail", args=[hidden.pk])).status_code == 404


# --- 6. Huge ids in multi-selects are a field error, not a 500 ---------------------------------

@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "abc", "0"])
def test_huge_ids_in_multi_selects_give_a_field_error(client_for, official, farsta, value):
    client = client_for(official)
    response = client.post(reverse("klassning:service_create"), {
        "unit": farsta.pk, "name": "Ny tjänst", "kind": "system", "user_units": [value],
    })
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not ITService.objects.exists()
    response = client.post(reverse("klassning:asset_create"), asset_post(farsta, it_services=[value]))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not InformationAsset.objects.exists()


# --- 7. The IT service export, read chunk by chunk, has every service's profile -----------------

def test_service_export_in_chunks_has_every_profile(client_for, farsta, official, chief,
                                                    monkeypatch):
    from klassning.views import it_services as views

    monkeypatch.setattr(views, "EXPORT_CHUNK", 2)
    expected = {}
    for i in range(5):
        service = make_service(farsta, chief, name=f"Tjänst {i}")
        if i % 2 == 0:
            asset = make_asset(farsta, official, name=f"Mängd {i}", it_services=[service])
            approved(asset, official, chief, {"K": i // 2 + 1, "R": 1, "T": 1, "S": 1})
            expected[service.name] = f"K{i // 2 + 1} R1 T1 S1"
        else:
            expected[service.name] = ""
    response = client_for(official).get(reverse("klassning:service_list") + "?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = rows[0].index("Nivå som krävs")
    assert {row[0]: row[column] for row in rows[1:]} == expected


# --- 8. One invalid filter value does not throw away the others --------------------------------

def test_asset_filter_keeps_the_valid_filters(client_for, farsta, official):
    make_asset(farsta, official, name="Elevregister")
    make_asset(farsta, official, name="Ekonomisystem")
    response = client_for(official).get(
        reverse("klassning:asset_list") + "?q=Elev&status=trasig&sort=namn"
    )
    body = response.content.decode()
    assert "Elevregister" in body and "Ekonomisystem" not in body
    assert "Välj ett giltigt alternativ" in body and "trasig" in body
