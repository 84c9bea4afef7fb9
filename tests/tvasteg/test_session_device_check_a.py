"""Security regressions for the folded checks of every request (issue 9): the device that
verified a session is checked in the query loading the person (``tvasteg.middleware.
OTPMiddleware``), and the session row is read with compiled SQL (``isms.sessions``). Whatever
happens to the device or the session is noticed at the very next request, in every worker."""

import datetime as dt

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, verify_session
from tvasteg.middleware import OTPMiddleware

pytestmark = pytest.mark.django_db

PAGE = reverse("unit_list")


def _verified(client, user):
    client.force_login(user)
    verify_session(client, user)
    assert client.get(PAGE).status_code == 200
    return client


def _asked_again(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("tvasteg:verify"), reverse("tvasteg:enrol"))
    )


def test_a_deleted_device_unverifies_the_session_at_the_next_request(client, chief):
    client = _verified(client, chief)
    TOTPDevice.objects.filter(user=chief).delete()  # no session ended: only the device
    assert _asked_again(client.get(PAGE))
    assert DEVICE_ID_SESSION_KEY not in client.session  # as django-otp: it leaves the session


def test_an_unconfirmed_device_does_not_verify(client, chief):
    client = _verified(client, chief)
    TOTPDevice.objects.filter(user=chief).update(confirmed=False)
    assert _asked_again(client.get(PAGE))


def test_a_replaced_device_does_not_verify_the_old_session(client, chief):
    client = _verified(client, chief)
    TOTPDevice.objects.filter(user=chief).delete()
    app_for(chief)  # a new app (a new id): the old session must pass the second step again
    assert _asked_again(client.get(PAGE))


def test_another_persons_device_in_the_session_does_not_verify(client, chief, unit_auditor):
    other = app_for(unit_auditor)
    app_for(chief)
    client.force_login(chief)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()
    assert _asked_again(client.get(PAGE))


@pytest.mark.parametrize("bad", [
    "otp_totp.totpdevice/abc", "otp_totp.totpdevice/99999999999999999999999", "auth.user/1",
    "nonsense", "no_such_app.device/1", "otp_totp.totpdevice/-1",
])
def test_a_forged_device_id_does_not_verify(client, chief, bad):
    app_for(chief)
    client.force_login(chief)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = bad
    session.save()
    assert _asked_again(client.get(PAGE))


def test_a_recovery_code_session_is_verified_until_its_device_goes(client, chief):
    app_for(chief)
    recovery = StaticDevice.objects.create(user=chief, name="Reservkoder", confirmed=True)
    client.force_login(chief)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = recovery.persistent_id
    session.save()
    assert client.get(PAGE).status_code == 200
    recovery.delete()
    assert _asked_again(client.get(PAGE))


def test_the_verified_person_carries_the_device_itself(chief):
    """``request.user.otp_device`` is the device (read when used), as django-otp sets it."""
    device = app_for(chief)
    client = Client()
    client.force_login(chief)
    verify_session(client, chief)
    request = RequestFactory().get(PAGE)
    request.session = client.session
    AuthenticationMiddleware(lambda r: None)(request)
    OTPMiddleware(lambda r: None)(request)
    assert request.user.is_verified()
    assert request.user.otp_device.persistent_id == device.persistent_id
    assert request.user.tvasteg_session_device is True


def test_a_logged_out_session_is_refused(chief):
    client = _verified(Client(), chief)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=stolen).exists()


def test_a_session_deleted_on_the_server_is_refused_at_once(client, official):
    client.force_login(official)
    assert client.get(PAGE).status_code == 200
    Session.objects.all().delete()  # revoked (e.g. by the security function's reset)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_expired_session_is_refused(client, official):
    client.force_login(official)
    assert client.get(PAGE).status_code == 200
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
