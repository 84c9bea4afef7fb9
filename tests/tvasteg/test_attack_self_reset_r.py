"""Attack: the security function's reset used on oneself.

Changing one's own second factor needs a code entered just now (``tvasteg:confirm``), and a
person who must use two-factor login cannot turn it off at all. The reset of *another* person's
second factor (a lost phone) must not be a way around both: a security function's session left
open could otherwise delete their own app and recovery codes, and whoever also knows the
password signs in and enrols their own phone.
"""


import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, signed_in_with_code_age
from tvasteg import services
from tvasteg.models import EventKind, TwoFactorEvent

pytestmark = pytest.mark.django_db


def _left_open(client, user, *, code_age: float = 3600):
    """``user``'s verified session whose last code was entered ``code_age`` seconds ago (an
    hour: a session left open)."""
    signed_in_with_code_age(client, user, code_age=code_age)
    services.recovery_codes_renew(user=user, actor=user)
    return client


def _untouched(user):
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert StaticDevice.objects.filter(user=user, confirmed=True).exists()
    assert not TwoFactorEvent.objects.filter(user=user, kind=EventKind.RESET).exists()


def test_the_security_function_cannot_reset_their_own_second_factor(client, security_function):
    # Even with a code entered just now (an old session is first sent to confirm it).
    _left_open(client, security_function, code_age=0)
    own = reverse("tvasteg:person", args=[security_function.pk])
    assert "Återställ tvåstegsverifiering" not in client.get(own).content.decode()
    response = client.post(reverse("tvasteg:person_reset", args=[security_function.pk]))
    assert response.status_code == 403
    _untouched(security_function)
    # The session goes on (nothing was reset, no session ended).
    assert client.get(reverse("tvasteg:overview")).status_code == 200


def test_nor_through_the_admin_action(client, security_function):
    _left_open(client, security_function)
    url = reverse("admin:tvasteg_twofactorperson_changelist")
    response = client.post(url, {"action": "reset_two_factor",
                                 "_selected_action": [security_function.pk]}, follow=True)
    assert response.status_code == 200
    _untouched(security_function)


def test_another_persons_reset_still_works(client, security_function, chief):
    _left_open(client, security_function, code_age=0)
    app_for(chief)
    client.post(reverse("tvasteg:person_reset", args=[chief.pk]))
    assert not TOTPDevice.objects.filter(user=chief).exists()
