"""The security function resets another person's second factor; recorded in history."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, verify_session
from tvasteg import services
from tvasteg.models import EventKind, TwoFactorEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("rot", password="test-password-123")


def test_the_security_function_resets_a_chiefs_app_from_the_persons_page(
    client, client_for, security_function, chief
):
    app_for(chief)
    services.recovery_codes_renew(user=chief, actor=chief)
    chief_client = client.__class__()
    chief_client.force_login(chief)
    verify_session(chief_client, chief)
    assert chief_client.get("/").status_code == 200

    sf = client_for(security_function)
    page = sf.get(reverse("tvasteg:person", args=[chief.pk])).content.decode()
    assert "Aktiverad" in page and "Återställ tvåstegsverifiering" in page
    response = sf.post(reverse("tvasteg:person_reset", args=[chief.pk]))
    assert response["Location"] == reverse("tvasteg:person", args=[chief.pk])
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticDevice.objects.filter(user=chief).exists()
    event = TwoFactorEvent.objects.get(user=chief, kind=EventKind.RESET)
    assert event.actor == security_function
    assert event.history.get().history_user == security_function
    assert "Tvåstegsverifiering återställd" in sf.get(
        reverse("tvasteg:person", args=[chief.pk])).content.decode()
    # The chief's sessions ended: the password, then enrolment again (a session on the lost
    # phone must not enrol a new app: tests/tvasteg/test_attack_reset_sessions.py).
    assert chief_client.get("/")["Location"].startswith(reverse("login"))
    chief_client.force_login(chief)
    assert chief_client.get("/")["Location"].startswith(reverse("tvasteg:enrol"))


@pytest.mark.parametrize("persona", ["official", "chief", "coordinator", "city_auditor"])
def test_nobody_else_sees_or_resets_another_persons_second_factor(
    client_for, request, persona, unit_auditor
):
    client = client_for(request.getfixturevalue(persona))
    app_for(unit_auditor)
    assert client.get(reverse("tvasteg:person", args=[unit_auditor.pk])).status_code == 404
    assert client.post(reverse("tvasteg:person_reset", args=[unit_auditor.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=unit_auditor).exists()


def test_a_superusers_second_factor_is_reset_only_by_a_superuser(
    client_for, security_function, superuser
):
    app_for(superuser)
    client = client_for(security_function)
    page = client.get(reverse("tvasteg:person", args=[superuser.pk])).content.decode()
    assert "Bara en superanvändare" in page
    assert client.post(reverse("tvasteg:person_reset", args=[superuser.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=superuser).exists()


def test_the_admin_lists_people_and_resets_them(client_for, security_function, chief, official,
                                                superuser):
    app_for(chief)
    app_for(superuser)
    client = client_for(security_function)
    url = reverse("admin:tvasteg_twofactorperson_changelist")
    page = client.get(url).content.decode()
    assert "chef.farsta" in page and reverse("tvasteg:person", args=[chief.pk]) in page
    response = client.post(url, {"action": "reset_two_factor",
                                 "_selected_action": [chief.pk, official.pk, superuser.pk]},
                           follow=True)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert TOTPDevice.objects.filter(user=superuser).exists()
    assert TwoFactorEvent.objects.filter(kind=EventKind.RESET, actor=security_function).count() == 2
    assert "superanvändare hoppades över" in response.content.decode()
    # The events, read-only.
    events = client.get(reverse("admin:tvasteg_twofactorevent_changelist")).content.decode()
    assert "Tvåstegsverifiering återställd" in events


def test_django_otps_device_admins_are_not_offered(client_for, superuser):
    client = client_for(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in page and "otp_static" not in page
    assert "tvasteg/twofactorperson" in page


def test_the_person_panel_for_the_security_function_only(rf, security_function, official, chief):
    from isms import plugins

    request = rf.get("/")
    request.user = security_function
    panels = plugins.object_panels(request, chief)
    assert len(panels) == 1 and reverse("tvasteg:person", args=[chief.pk]) in panels[0]
    request.user = official
    assert plugins.object_panels(request, chief) == []
