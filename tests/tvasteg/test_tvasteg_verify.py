"""The second step at login: codes, recovery codes once, throttling and lockout like django-axes."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import TEST_SECRET, app_for, code_for, totp_now
from tvasteg import services
from tvasteg.models import EventKind, TwoFactorEvent

pytestmark = pytest.mark.django_db

VERIFY = reverse("tvasteg:verify")


@pytest.fixture
def chief_signed_in(client, chief):
    """The chief after the password step, with an app and recovery codes."""
    app_for(chief)
    codes = services.recovery_codes_renew(user=chief, actor=chief)
    client.force_login(chief)
    return client, codes


def _wait_out_throttle(user):
    """django-otp makes the next attempt wait 1, 2, 4, … s after a wrong code: age them."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).exclude(throttling_failure_timestamp=None).update(
            throttling_failure_timestamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        )


def test_a_code_from_the_app_passes_and_leads_to_the_page_asked_for(chief_signed_in, chief):
    client, _codes = chief_signed_in
    assert client.get(reverse("klassning:asset_list"))["Location"] == f"{VERIFY}?next=%2Finformationsmangder%2F"
    old_key = client.session.session_key
    response = client.post(VERIFY, {"code": totp_now(TEST_SECRET), "next": "/informationsmangder/"})
    assert response["Location"] == "/informationsmangder/"
    assert client.session.session_key != old_key  # a new session key, as at login
    assert client.get("/informationsmangder/").status_code == 200


def test_a_code_is_accepted_once(chief_signed_in, chief, client_for):
    client, _codes = chief_signed_in
    code = code_for(TOTPDevice.objects.get(user=chief))
    assert client.post(VERIFY, {"code": code})["Location"] == "/"
    client.post(reverse("logout"))
    client.force_login(chief)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()


def test_an_unsafe_next_is_ignored(chief_signed_in, chief):
    client, _codes = chief_signed_in
    response = client.post(VERIFY, {"code": totp_now(TEST_SECRET), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(chief_signed_in, chief):
    client, codes = chief_signed_in
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"  # as printed, typed in capitals
    response = client.post(VERIFY, {"code": typed})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=chief).count() == 9
    assert TwoFactorEvent.objects.filter(user=chief, kind=EventKind.RECOVERY_CODE_USED).exists()
    client.post(reverse("logout"))
    client.force_login(chief)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "Koden stämmer inte" in response.content.decode()
    _wait_out_throttle(chief)
    assert client.post(VERIFY, {"code": codes[1]})["Location"] == "/"


def test_wrong_codes_get_a_swedish_error_and_are_throttled(chief_signed_in, chief):
    client, _codes = chief_signed_in
    response = client.post(VERIFY, {"code": "000000"})
    page = response.content.decode()
    assert response.status_code == 200 and "Koden stämmer inte" in page
    # At once, even the right code must wait (django-otp: 1, 2, 4, … s).
    response = client.post(VERIFY, {"code": totp_now(TEST_SECRET)})
    assert "Vänta 1 sekund" in response.content.decode() or "Vänta 2 sekunder" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)
    # Malformed input is a field error, not counted, never a 500.
    for junk in ("", "abc", "12345678901234567890", "1234\x00"):
        response = client.post(VERIFY, {"code": junk})
        assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert TOTPDevice.objects.get(user=chief).throttling_failure_count == 1
    _wait_out_throttle(chief)
    assert client.post(VERIFY, {"code": totp_now(TEST_SECRET)})["Location"] == "/"
    assert TOTPDevice.objects.get(user=chief).throttling_failure_count == 0


def test_wrong_codes_count_as_failed_logins_for_django_axes(chief_signed_in, chief):
    client, _codes = chief_signed_in
    client.post(VERIFY, {"code": "000000"})
    attempt = AccessAttempt.objects.get(username=chief.username)
    assert attempt.failures_since_start == 1
    assert "000000" not in attempt.post_data  # the code is never stored


def test_after_the_failure_limit_the_session_ends_and_the_login_is_locked(
    chief_signed_in, chief, settings
):
    client, codes = chief_signed_in
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _wait_out_throttle(chief)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    _wait_out_throttle(chief)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 429
    assert "tillfälligt spärrad" in response.content.decode()
    assert client.get("/")["Location"].startswith(reverse("login"))  # signed out
    assert TwoFactorEvent.objects.filter(user=chief, kind=EventKind.LOCKED).exists()
    # The password login is locked too (django-axes counted the codes) ...
    response = client.post(reverse("login"), {"username": chief.username,
                                              "password": "test-password-123"})
    assert response.status_code == 429
    # ... and a right password does not undo the lock on the second step: even with axes'
    # count reset (a right password resets it), the wrong codes in a row still count.
    AccessAttempt.objects.all().delete()
    client.force_login(chief)
    for code in (totp_now(TEST_SECRET), codes[0]):
        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 429, code
        client.force_login(chief)
    assert StaticToken.objects.filter(device__user=chief).count() == 10  # nothing was tried


def test_the_lock_ends_after_the_lockout_period_and_a_right_code_clears_it(
    chief_signed_in, chief, settings
):
    client, _codes = chief_signed_in
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=chief).update(throttling_failure_count=3)
    # 6 wrong codes in a row, the last one longer ago than LOGIN_LOCKOUT_MINUTES.
    ago = dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=5)
    TOTPDevice.objects.filter(user=chief).update(throttling_failure_timestamp=ago)
    StaticDevice.objects.filter(user=chief).update(throttling_failure_timestamp=ago)
    assert client.post(VERIFY, {"code": totp_now(TEST_SECRET)})["Location"] == "/"
    assert sum(TOTPDevice.objects.filter(user=chief).values_list(
        "throttling_failure_count", flat=True)) == 0
    assert StaticDevice.objects.get(user=chief).throttling_failure_count == 0


def test_one_more_wrong_code_after_the_lockout_locks_again(chief_signed_in, chief, settings):
    client, _codes = chief_signed_in
    ago = dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=5)
    TOTPDevice.objects.filter(user=chief).update(
        throttling_failure_count=settings.AXES_FAILURE_LIMIT, throttling_failure_timestamp=ago)
    assert client.post(VERIFY, {"code": "000000"}).status_code == 429


def test_without_login_throttling_there_is_no_lockout(chief_signed_in, chief, settings):
    settings.AXES_ENABLED = False
    client, _codes = chief_signed_in
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _wait_out_throttle(chief)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    _wait_out_throttle(chief)
    assert client.post(VERIFY, {"code": totp_now(TEST_SECRET)})["Location"] == "/"


def test_verification_without_an_app_sends_to_enrolment_or_on(client, chief, official):
    client.force_login(chief)
    assert client.get(VERIFY)["Location"].startswith(reverse("tvasteg:enrol"))
    client.force_login(official)
    assert client.get(VERIFY)["Location"] == "/"
