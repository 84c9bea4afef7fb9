"""Attack/review (issue 14): a lost phone is often a phone with a signed-in browser. After the
security function resets the person's second factor, a session that had passed the second step
must not be able to enrol a new app without the password: the reset ends the person's sessions."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, verify_session
from tvasteg import services

pytestmark = pytest.mark.django_db


def test_a_stolen_verified_session_cannot_enrol_a_new_app_after_the_reset(
    client_for, security_function, chief
):
    app_for(chief)
    thief = Client()
    thief.force_login(chief)
    verify_session(thief, chief)
    assert thief.get("/").status_code == 200

    client_for(security_function).post(reverse("tvasteg:person_reset", args=[chief.pk]))

    response = thief.get(reverse("tvasteg:enrol"))
    # Before the fix: 200, the enrolment page with a new secret, and the code below made the
    # thief's app the chief's second factor.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    device = TOTPDevice.objects.filter(user=chief, confirmed=False).first()
    if device is not None:
        thief.post(reverse("tvasteg:enrol"), {"code": f"{totp(device.bin_key):06d}"})
    assert not TOTPDevice.objects.filter(user=chief, confirmed=True).exists()


def test_the_reset_ends_only_the_persons_sessions(client_for, security_function, chief,
                                                   official):
    app_for(chief)
    other = Client()
    other.force_login(official)
    services.two_factor_reset(actor=security_function, user=chief)
    assert other.get("/").status_code == 200
