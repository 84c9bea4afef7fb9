"""A double-click (or two people at once) must not answer 500 from a unique constraint.

The race is made deterministic: the duplicate row is written right after the service (or the
admin form) validated, the moment another request's INSERT would land. The second write then
hits the database's constraint, as it does for real, and must come back as a Swedish form error.
(The stand-in row is written in the request's own transaction, so it is rolled back with it.)
Runs on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import BaseModelForm
from django.urls import reverse

from klassning.models import Classification, InformationAsset
from nämnder.models import Membership, OrganisationUnit, Role, UnitKind
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_service_validation(monkeypatch):
    """``after_service_validation(Model, write)``: ``write()`` runs once, right after the
    service's own ``full_clean()`` of a ``Model`` (forms call it with arguments: not those)."""

    def install(model, write):
        original = model.full_clean
        done = []

        def full_clean(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if not args and not kwargs and not done:
                done.append(True)
                write()

        monkeypatch.setattr(model, "full_clean", full_clean)

    return install


def _asset_post(unit, name):
    return {
        "unit": unit.pk, "name": name, "description": "", "process": "", "responsible": "",
        "personal_data": "none", "osl_provision": "", "archive_rule": "",
        "security_protection_note": "",
    }


def test_double_click_on_register_asset_is_a_form_error(
    client_for, official, farsta, after_service_validation
):
    after_service_validation(
        InformationAsset, lambda: InformationAsset.objects.create(unit=farsta, name="Elevregister")
    )
    response = client_for(official).post(
        reverse("klassning:asset_create"), _asset_post(farsta, "Elevregister")
    )
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()


def test_renaming_asset_onto_a_name_taken_meanwhile_is_a_form_error(
    client_for, official, farsta, after_service_validation
):
    asset = make_asset(farsta, official, name="Gammalt namn")
    after_service_validation(
        InformationAsset, lambda: InformationAsset.objects.create(unit=farsta, name="Nytt namn")
    )
    data = _asset_post(farsta, "Nytt namn")
    del data["unit"]
    data["version"] = asset.version
    response = client_for(official).post(reverse("klassning:asset_edit", args=[asset.pk]), data)
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    asset.refresh_from_db()
    assert asset.name == "Gammalt namn"


def test_double_click_on_classify_is_a_message_not_a_500(
    client_for, official, farsta, after_service_validation
):
    asset = make_asset(farsta, official)
    after_service_validation(
        Classification, lambda: Classification.objects.create(asset=asset, number=1)
    )
    response = client_for(official).post(reverse("klassning:classification_start", args=[asset.pk]))
    assert response.status_code == 302
    page = client_for(official).get(response.url)
    assert "redan en klassning under arbete" in page.content.decode()


def test_double_click_on_add_member_is_a_form_error(
    client_for, chief, farsta, make_person, after_service_validation
):
    person = make_person("ny.handlaggare")
    after_service_validation(
        Membership,
        lambda: Membership.objects.create(user=person, unit=farsta, role=Role.OFFICIAL),
    )
    response = client_for(chief).post(
        reverse("membership_add", args=[farsta.pk]),
        {"username": person.username, "role": Role.OFFICIAL},
    )
    assert response.status_code == 200
    assert "redan den rollen" in response.content.decode()


def test_service_called_twice_past_the_check_gives_validation_error(
    official, farsta, after_service_validation
):
    """The service's own check passed, the row appears before the INSERT: ValidationError
    (which every view puts on its form), not IntegrityError."""
    from django.core.exceptions import ValidationError

    from klassning import services

    after_service_validation(
        InformationAsset, lambda: InformationAsset.objects.create(unit=farsta, name="Diarium")
    )
    with pytest.raises(ValidationError) as caught:
        services.asset_create(actor=official, unit=farsta, name="Diarium")
    assert "finns redan" in " ".join(caught.value.messages)


@pytest.fixture
def after_admin_form_validation(monkeypatch):
    """``write()`` runs once, right after an admin model form's own validation passed."""

    def install(write):
        original = BaseModelForm._post_clean
        done = []

        def post_clean(self):
            original(self)
            if not done and not self.errors:
                done.append(True)
                write()

        monkeypatch.setattr(BaseModelForm, "_post_clean", post_clean)

    return install


def test_double_click_on_admin_add_unit_is_a_form_error(
    client_for, security_function, after_admin_form_validation
):
    after_admin_form_validation(lambda: OrganisationUnit.objects.create(
        name="Skärholmens stadsdelsnämnd", short_name="skarholmen",
        administration_name="Skärholmens stadsdelsförvaltning", kind=UnitKind.DISTRICT_BOARD,
    ))
    response = client_for(security_function).post(
        reverse("admin:namnder_organisationunit_add"),
        {
            "name": "Skärholmens stadsdelsnämnd", "short_name": "skarholmen",
            "administration_name": "Skärholmens stadsdelsförvaltning",
            "kind": UnitKind.DISTRICT_BOARD, "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()


def test_double_click_on_admin_add_person_is_a_form_error(
    client_for, security_function, after_admin_form_validation
):
    after_admin_form_validation(
        lambda: get_user_model().objects.create(username="ny.person")
    )
    response = client_for(security_function).post(reverse("admin:auth_user_add"), {
        "username": "ny.person", "usable_password": "false",
        "password1": "", "password2": "",
    })
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()


def test_double_click_on_admin_add_membership_is_a_form_error(
    client_for, security_function, farsta, make_person, after_admin_form_validation
):
    person = make_person("ny.handlaggare")
    after_admin_form_validation(
        lambda: Membership.objects.create(user=person, unit=farsta, role=Role.OFFICIAL)
    )
    response = client_for(security_function).post(
        reverse("admin:namnder_membership_add"),
        {"user": person.pk, "unit": farsta.pk, "role": Role.OFFICIAL},
    )
    assert response.status_code == 200
    assert "redan" in response.content.decode()


def test_admin_membership_rule_of_the_service_is_a_form_error(
    client_for, security_function, farsta, make_person
):
    """The service refuses the security-function role outside the city unit: a form error."""
    person = make_person("ny.handlaggare")
    response = client_for(security_function).post(
        reverse("admin:namnder_membership_add"),
        {"user": person.pk, "unit": farsta.pk, "role": Role.SECURITY_FUNCTION},
    )
    assert response.status_code == 200
    assert "Rollen kan bara innehas i den stadsövergripande enheten." in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()
