"""The classification pages as users meet them: access, workflow, errors, exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from klassning import services
from klassning.models import (
    Classification,
    ClassificationStatus,
    InformationAsset,
    PlanStatus,
    ServiceRequirement,
    UnitRequirement,
)
from tests.klassning_helpers import approved, draft, make_asset, make_service

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}


def asset_data(**changes):
    data = {
        "name": "Elevregister", "description": "Elevernas uppgifter", "process": "Skola",
        "responsible": "Sara Nilsson", "personal_data": "sensitive", "osl_provision": "",
        "archive_rule": "Bevaras", "security_protection_note": "",
    }
    data.update(changes)
    return data


def classification_post(classification, action="save", level="2", motivation="Motiverat"):
    from klassning.models import Aspect, ConsequenceCategory

    data = {"version": classification.version, "action": action}
    for aspect in Aspect.objects.all():
        for category in ConsequenceCategory.objects.filter(is_active=True):
            data[f"{aspect.code}-{category.code}-level"] = level
            data[f"{aspect.code}-{category.code}-motivation"] = motivation
    return data


def test_official_registers_an_asset(client_for, official, farsta):
    client = client_for(official)
    assert client.get(reverse("klassning:asset_create")).status_code == 200
    response = client.post(reverse("klassning:asset_create"), asset_data(unit=farsta.pk))
    asset = InformationAsset.objects.get()
    assert response.status_code == 302 and asset.unit == farsta
    assert asset.history.get().history_user == official
    body = client.get(reverse("klassning:asset_list")).content.decode()
    assert "Elevregister" in body and "Ej klassad" in body


def test_bad_input_gives_swedish_field_errors(client_for, official, farsta):
    response = client_for(official).post(
        reverse("klassning:asset_create"), asset_data(unit=farsta.pk, name="", personal_data="x")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Formuläret kunde inte sparas" in body
    assert "Detta fält måste fyllas i." in body
    assert "Välj ett giltigt alternativ" in body


def test_security_protection_details_refused_in_form(client_for, official, farsta):
    response = client_for(official).post(
        reverse("klassning:asset_create"),
        asset_data(unit=farsta.pk, security_protection="on", personal_data="none"),
    )
    assert response.status_code == 200
    assert "säkerhetsskyddslagen" in response.content.decode()
    assert not InformationAsset.objects.exists()


def test_security_protection_asset_page_has_no_classification(client_for, official, farsta):
    asset = make_asset(farsta, official, name="Skyddat", security_protection=True)
    client = client_for(official)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "säkerhetsskyddslagen utanför portalen" in body
    assert "Klassa informationsmängden" not in body
    response = client.post(reverse("klassning:classification_start", args=[asset.pk]))
    assert response.status_code == 302 and not Classification.objects.exists()


def test_other_units_asset_is_404(client_for, outsider, official, farsta):
    asset = make_asset(farsta, official)
    c = draft(asset, official, LEVELS)
    client = client_for(outsider)
    for url in (
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:asset_edit", args=[asset.pk]),
        reverse("klassning:classification_detail", args=[c.pk]),
        reverse("klassning:classification_edit", args=[c.pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Elevregister" not in client.get(reverse("klassning:asset_list")).content.decode()
    csv = b"".join(client.get(reverse("klassning:asset_list") + "?format=csv").streaming_content)
    assert "Elevregister" not in csv.decode()


def test_auditor_reads_but_cannot_write(client_for, unit_auditor, official, chief, farsta):
    asset = make_asset(farsta, official)
    service = make_service(farsta, official)
    c = approved(asset, official, chief, LEVELS)
    item = UnitRequirement.objects.filter(unit=farsta).first()
    client = client_for(unit_auditor)
    for url in (
        reverse("klassning:asset_detail", args=[asset.pk]),
        reverse("klassning:classification_detail", args=[c.pk]),
        reverse("klassning:unit_plan", args=[farsta.pk]),
        reverse("klassning:service_detail", args=[service.pk]),
    ):
        assert client.get(url).status_code == 200, url
    writes = [
        (reverse("klassning:asset_create"), asset_data(unit=farsta.pk, name="Nytt")),
        (reverse("klassning:asset_edit", args=[asset.pk]), asset_data(version=asset.version)),
        (reverse("klassning:classification_start", args=[asset.pk]), {}),
        (reverse("klassning:classification_approve", args=[c.pk]), {"version": c.version}),
        (reverse("klassning:unit_item_edit", args=[item.pk]), {"status": "fulfilled"}),
        (reverse("klassning:service_create"), {"name": "X", "kind": "system"}),
        (reverse("klassning:service_edit", args=[service.pk]), {"name": "X"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert InformationAsset.objects.count() == 1
    item.refresh_from_db()
    assert item.status == PlanStatus.NOT_STARTED


def test_classification_workflow_through_pages(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    client = client_for(official)
    response = client.post(reverse("klassning:classification_start", args=[asset.pk]))
    c = Classification.objects.get()
    assert response.url == reverse("klassning:classification_edit", args=[c.pk])
    page = client.get(response.url).content.decode()
    assert "Konfidentialitet" in page and "Liv och hälsa" in page
    # Preview with a missing motivation: field error, nothing saved, input kept.
    data = classification_post(c, action="preview", level="3")
    data["K-ekonomi-motivation"] = ""
    response = client.post(reverse("klassning:classification_edit", args=[c.pk]), data)
    assert response.status_code == 200
    assert "Skriv en motivering." in response.content.decode()
    c.refresh_from_db()
    assert c.status == ClassificationStatus.DRAFT and not c.assessments.exists()
    # Complete: saved, previewed, then submitted from the preview.
    data = classification_post(c, action="preview", level="2")
    data["K-liv-och-halsa-level"] = "4"
    response = client.post(reverse("klassning:classification_edit", args=[c.pk]), data)
    assert response.url == reverse("klassning:classification_preview", args=[c.pk])
    c.refresh_from_db()
    response = client.post(
        reverse("klassning:classification_submit", args=[c.pk]), {"version": c.version}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == ClassificationStatus.SUBMITTED and c.profile == "K4 R2 T2 S2"
    # The official cannot approve: 403. The chief can.
    url = reverse("klassning:classification_approve", args=[c.pk])
    assert client.post(url, {"version": c.version}).status_code == 403
    client = client_for(chief)
    assert "Fastställ klassningen" in client.get(
        reverse("klassning:classification_detail", args=[c.pk])
    ).content.decode()
    client.post(url, {"approve-version": c.version, "approve-confirmed": "on"})
    c.refresh_from_db()
    assert c.status == ClassificationStatus.APPROVED and c.approved_by == chief
    assert UnitRequirement.objects.filter(unit=farsta).exists()


def test_self_approval_refused_on_page(client_for, coordinator, farsta):
    asset = make_asset(farsta, coordinator)
    c = draft(asset, coordinator, LEVELS)
    c = services.classification_submit(actor=coordinator, classification=c, expected_version=c.version)
    client = client_for(coordinator)
    page = client.get(reverse("klassning:classification_detail", args=[c.pk])).content.decode()
    assert "Du har själv skickat in klassningen" in page
    response = client.post(
        reverse("klassning:classification_approve", args=[c.pk]),
        {"approve-version": c.version, "approve-confirmed": "on"}, follow=True,
    )
    assert "själv har skickat in" in response.content.decode()
    c.refresh_from_db()
    assert c.status == ClassificationStatus.SUBMITTED


def test_concurrent_classification_edit_refused_and_input_kept(
    client_for, official, coordinator, farsta
):
    asset = make_asset(farsta, official)
    c = services.classification_start(actor=official, asset=asset)
    opened = classification_post(c, level="1", motivation="Min egen bedömning")
    services.classification_save(
        actor=coordinator, classification=c, expected_version=c.version, assessments={}
    )
    response = client_for(official).post(
        reverse("klassning:classification_edit", args=[c.pk]), opened
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in body
    assert "Min egen bedömning" in body
    assert not c.assessments.exists()


def test_concurrent_asset_edit_refused_and_input_kept(client_for, official, coordinator, farsta):
    asset = make_asset(farsta, official)
    opened = asset.version
    services.asset_update(actor=coordinator, asset=asset, expected_version=opened, process="A")
    response = client_for(official).post(
        reverse("klassning:asset_edit", args=[asset.pk]),
        asset_data(process="Min process", version=opened),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in body and "Min process" in body
    asset.refresh_from_db()
    assert asset.process == "A"


def test_plan_item_status_and_not_applicable_motivation(client_for, official, chief, farsta):
    approved(make_asset(farsta, official), official, chief, LEVELS)
    item = UnitRequirement.objects.filter(unit=farsta).first()
    client = client_for(official)
    url = reverse("klassning:unit_item_edit", args=[item.pk])
    response = client.post(url, {"status": "not_applicable", "motivation": "", "version": item.version})
    assert "Motivera varför kravet inte är tillämpligt." in response.content.decode()
    response = client.post(url, {
        "status": "in_progress", "responsible": "Sara", "due_date": "2027-03-01",
        "version": item.version,
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanStatus.IN_PROGRESS
    assert item.history.latest().history_user == official
    body = client.get(reverse("klassning:unit_plan", args=[farsta.pk]) + "?status=in_progress")
    assert item.requirement.code in body.content.decode()


def test_plan_and_service_requirements_export(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    service = make_service(farsta, official)
    services.asset_update(
        actor=official, asset=asset, expected_version=asset.version, it_services=[service]
    )
    approved(asset, official, chief, LEVELS)
    client = client_for(official)
    response = client.get(reverse("klassning:unit_plan", args=[farsta.pk]) + "?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffEnhet;Id;Krav")
    assert UnitRequirement.objects.filter(unit=farsta).first().requirement.code in body
    response = client.get(reverse("klassning:service_detail", args=[service.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    codes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == set(
        ServiceRequirement.objects.filter(it_service=service).values_list("requirement__code", flat=True)
    )
    assert client.get(reverse("klassning:asset_list") + "?format=pdf").status_code == 404


def test_asset_detail_shows_history_and_diff(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    approved(asset, official, chief, LEVELS)
    approved(asset, official, chief, {"K": 4, "R": 2, "T": 2, "S": 3})
    client = client_for(official)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    assert "Version 2" in body and "Ersatt" in body and "K4 R2 T2 S3" in body
    body = client.get(
        reverse("klassning:asset_compare", args=[asset.pk]) + "?fran=1&till=2"
    ).content.decode()
    assert "K3 R2 T2 S3 → K4 R2 T2 S3" in body
    assert "<del>3</del> → <ins>4</ins>" in body
    bad = client.get(reverse("klassning:asset_compare", args=[asset.pk]) + "?fran=x&till=9")
    assert bad.status_code == 302


def test_service_pages_show_prioritised_flag(client_for, official, farsta, bromma):
    service = make_service(farsta, official, user_units=[farsta, bromma])
    client = client_for(official)
    assert "Prioriterad" in client.get(reverse("klassning:service_list")).content.decode()
    assert "Prioriterad" in client.get(
        reverse("klassning:service_detail", args=[service.pk])
    ).content.decode()


def test_service_visible_to_using_unit_not_to_others(
    client_for, official, outsider, farsta, bromma, make_person
):
    service = make_service(bromma, outsider, name="Bromma-systemet", user_units=[farsta])
    other = make_service(bromma, outsider, name="Bara Bromma")
    client = client_for(official)
    assert client.get(reverse("klassning:service_detail", args=[service.pk])).status_code == 200
    assert client.get(reverse("klassning:service_edit", args=[service.pk])).status_code == 403
    assert client.get(reverse("klassning:service_detail", args=[other.pk])).status_code == 404
    body = client.get(reverse("klassning:service_list")).content.decode()
    assert "Bromma-systemet" in body and "Bara Bromma" not in body


def test_official_creates_it_service(client_for, official, farsta, bromma):
    response = client_for(official).post(reverse("klassning:service_create"), {
        "unit": farsta.pk, "name": "Procapita", "kind": "system", "manager": "Lena",
        "supplier": "Leverantör AB", "user_units": [farsta.pk],
    })
    assert response.status_code == 302
