"""Control characters (issue 8, item 2): refused at input with a Swedish error, and stripped
from data stored before, so one invisible character never breaks an export for everyone."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from isms.exports import Column, export_response
from isms.validators import reject_control_characters, reject_control_characters_multiline
from klassning import services
from klassning.models import Classification, ClassificationStatus, InformationAsset
from nämnder import services as unit_services
from nämnder.models import Membership, OrganisationUnit
from tests.klassning_helpers import draft, make_asset

pytestmark = pytest.mark.django_db

ERROR = "otillåtna styrtecken"
BAD = "Anna\x01Berg"
PROJECT_APPS = ("namnder", "klassning", "risk", "incidenter", "rapporter")


def asset_data(**changes):
    data = {
        "name": "Elevregister", "description": "Elevernas uppgifter", "process": "Skola",
        "responsible": "Sara Nilsson", "personal_data": "none", "osl_provision": "",
        "archive_rule": "", "security_protection_note": "",
    }
    data.update(changes)
    return data


def test_every_free_text_model_field_refuses_control_characters():
    """Every CharField/TextField a person can fill in carries one of the rules, so a new
    field without it fails here."""
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            # Slugs and e-mail addresses have their own format rules.
            if field.choices or not field.editable or isinstance(
                field, (models.SlugField, models.EmailField)
            ):
                continue
            if model._meta.app_label == "rapporter":
                continue  # written by the system only (status, hashes, copied usernames)
            expected = (
                reject_control_characters_multiline if isinstance(field, models.TextField)
                else reject_control_characters
            )
            if expected not in field.validators:
                missing.append(f"{model.__name__}.{field.name}")
    assert not missing


def test_asset_form_refuses_a_control_character_with_a_swedish_error(client_for, official, farsta):
    response = client_for(official).post(
        reverse("klassning:asset_create"), asset_data(unit=farsta.pk, responsible=BAD)
    )
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert not InformationAsset.objects.exists()


def test_text_areas_keep_line_breaks_and_tabs_but_refuse_other_control_characters(
    client_for, official, farsta
):
    client = client_for(official)
    response = client.post(
        reverse("klassning:asset_create"),
        asset_data(unit=farsta.pk, description="Rad 1\r\nRad 2\tmed tabb"),
    )
    assert response.status_code == 302
    assert InformationAsset.objects.get().description == "Rad 1\r\nRad 2\tmed tabb"
    response = client.post(
        reverse("klassning:asset_create"),
        asset_data(unit=farsta.pk, name="Annat", description="Rad\x0b2"),
    )
    assert response.status_code == 200 and ERROR in response.content.decode()
    # A one-line field refuses a line break too.
    response = client.post(
        reverse("klassning:asset_create"), asset_data(unit=farsta.pk, name="Två\nrader")
    )
    assert response.status_code == 200 and ERROR in response.content.decode()
    assert InformationAsset.objects.count() == 1


def test_services_refuse_control_characters_too(official, farsta):
    with pytest.raises(ValidationError) as exc:
        services.asset_create(actor=official, unit=farsta, name=BAD)
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.it_service_create(
            actor=official, unit=farsta, name="System", kind="system", supplier="Lev\x7f",
            user_units=(),
        )
    with pytest.raises(ValidationError):
        unit_services.unit_create(
            actor=None, short_name="ny", name="Ny\x00nämnd", administration_name="Ny förvaltning",
            kind="district_board",
        )
    with pytest.raises(ValidationError) as exc:
        unit_services.user_create(
            actor=None, username="anna.berg", first_name=BAD, last_name="Berg",
            email="anna@example.se", password=None,
        )
    assert "first_name" in exc.value.message_dict


def test_role_holder_form_refuses_control_characters(client_for, chief, farsta):
    response = client_for(chief).post(
        reverse("unit_edit", args=[farsta.pk]),
        {"version": farsta.version, "chief_name": BAD, "coordinator_name": "", "dpo_name": "",
         "chief_email": "", "coordinator_email": "", "dpo_email": ""},
    )
    assert response.status_code in (200, 400)
    assert ERROR in response.content.decode()
    farsta.refresh_from_db()
    assert farsta.chief_name == ""


def test_classification_motivation_refuses_control_characters(client_for, official, farsta):
    from klassning.models import Aspect, ConsequenceCategory

    asset = make_asset(farsta, official)
    c = services.classification_start(actor=official, asset=asset)
    data = {"version": c.version, "action": "save"}
    for aspect in Aspect.objects.all():
        for category in ConsequenceCategory.objects.filter(is_active=True):
            data[f"{aspect.code}-{category.code}-level"] = "2"
            data[f"{aspect.code}-{category.code}-motivation"] = "Bra\nmotiverat"
    first = next(k for k in data if k.endswith("-motivation"))
    data[first] = "Dolt\x1btecken"
    response = client_for(official).post(
        reverse("klassning:classification_edit", args=[c.pk]), data
    )
    assert response.status_code == 200 and ERROR in response.content.decode()
    assert not c.assessments.exists()
    # The service refuses it as well (it writes the cells in bulk, without full_clean()).
    cells = {(a.pk, cat.pk): (2, "Ok") for a in Aspect.objects.all()
             for cat in ConsequenceCategory.objects.filter(is_active=True)}
    cells[next(iter(cells))] = (2, "Dolt\x1btecken")
    with pytest.raises(ValidationError):
        services.classification_save(
            actor=official, classification=c, expected_version=c.version, assessments=cells
        )


def test_return_comment_refuses_control_characters(client_for, official, chief, farsta):
    asset = make_asset(farsta, official)
    c = draft(asset, official, {"K": 2, "R": 2, "T": 2, "S": 2})
    c = services.classification_submit(actor=official, classification=c, expected_version=c.version)
    response = client_for(chief).post(
        reverse("klassning:classification_return", args=[c.pk]),
        {"return-version": c.version, "return-comment": "Se\x01över"}, follow=True,
    )
    assert ERROR in response.content.decode()
    assert Classification.objects.get(pk=c.pk).status == ClassificationStatus.SUBMITTED


def test_filter_search_with_a_control_character_gets_a_field_error(client_for, official, farsta):
    make_asset(farsta, official)
    response = client_for(official).get(reverse("klassning:asset_list"), {"q": "Elev\x01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert ERROR in body and "Elevregister" in body  # the bad search is ignored


def test_membership_username_refuses_control_characters(client_for, chief, farsta, make_person):
    make_person("anna.berg")
    response = client_for(chief).post(
        reverse("membership_add", args=[farsta.pk]), {"username": "anna.berg\x01", "role": "official"}
    )
    assert ERROR in response.content.decode()
    assert not Membership.objects.filter(user__username="anna.berg").exists()


def test_admin_user_form_refuses_control_characters_in_names(admin_client, official):
    url = reverse("admin:auth_user_change", args=[official.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        "username": official.username, "first_name": BAD, "last_name": "Berg",
        "email": "anna@example.se", "is_active": "on",
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    official.refresh_from_db()
    assert official.first_name == "Handlaggare"
    data["first_name"] = "Anna"
    assert admin_client.post(url, data).status_code == 302
    official.refresh_from_db()
    assert official.first_name == "Anna"


def test_admin_unit_form_refuses_control_characters(admin_client, farsta):
    url = reverse("admin:namnder_organisationunit_change", args=[farsta.pk])
    response = admin_client.post(url, {
        "name": farsta.name, "administration_name": "Farsta\x02förvaltning",
        "short_name": farsta.short_name, "kind": farsta.kind, "is_active": "on",
    })
    assert response.status_code == 200 and ERROR in response.content.decode()
    assert OrganisationUnit.objects.get(pk=farsta.pk).administration_name == "Farsta förvaltning"


# --- Data stored before the rules: the exports clean it ------------------------------------

ROWS = [{"namn": "Anna\x01Berg", "text": "Rad 1\nRad 2\x0b\tslut\x7f"}]
COLUMNS = [Column("Namn", lambda r: r["namn"]), Column("Text", lambda r: r["text"])]


def test_xlsx_export_strips_control_characters():
    response = export_response(rows=ROWS, columns=COLUMNS, title="Test", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == "AnnaBerg"
    assert sheet["B2"].value == "Rad 1\nRad 2\tslut"


def test_csv_export_strips_control_characters():
    response = export_response(rows=ROWS, columns=COLUMNS, title="Test", fmt="csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "AnnaBerg" in body and '"Rad 1\nRad 2\tslut"' in body
    assert not any(ch in body for ch in "\x01\x0b\x7f")


def test_register_exports_work_with_a_stored_control_character(client_for, official, farsta):
    asset = make_asset(farsta, official, responsible="Sara")
    # As if saved before the rule existed: straight into the database.
    InformationAsset.objects.filter(pk=asset.pk).update(name=BAD, responsible="Sa\x02ra")
    client = client_for(official)
    response = client.get(reverse("klassning:asset_list"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "AnnaBerg" in [c.value for c in sheet[2]]
    response = client.get(reverse("klassning:asset_list"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "AnnaBerg" in body and "\x01" not in body
