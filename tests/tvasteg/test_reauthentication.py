"""Changing one's second factor needs a code entered just now (ASVS re-authentication).

A session left open (an unlocked computer, a stolen session cookie) must not be enough to put a
new authenticator app on someone's account, to print new recovery codes or to turn two-factor
login off: those need a code from the app or a recovery code entered within
``TVASTEG_REAUTH_SECONDS`` — at login, or on the page "Bekräfta att det är du".
"""


import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, code_for, signed_in_with_code_age, verify_session
from tvasteg import selectors, services
from tvasteg.models import EventKind, TwoFactorEvent

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("tvasteg:overview")
ENROL = reverse("tvasteg:enrol")
CONFIRM = reverse("tvasteg:confirm")
RENEW = reverse("tvasteg:recovery_codes_renew")
REMOVE = reverse("tvasteg:remove")


_signed_in = signed_in_with_code_age


@pytest.fixture
def stale(settings):
    settings.TVASTEG_REAUTH_SECONDS = 600
    return 601


def test_replacing_the_app_in_an_old_session_asks_for_a_code_first(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(CONFIRM + "?next=")
    # No new (unconfirmed) app was even started for the session.
    assert not TOTPDevice.objects.filter(user=chief, confirmed=False).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Bekräfta att det är du" in page


def test_a_right_code_on_the_confirmation_page_leads_on_to_the_new_app(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    location = client.get(ENROL)["Location"]
    device = TOTPDevice.objects.get(user=chief, confirmed=True)
    response = client.post(location, {"code": code_for(device), "next": ENROL})
    assert response["Location"] == ENROL
    page = client.get(ENROL).content.decode()
    assert "Byt app för engångskoder" in page


def test_a_wrong_code_on_the_confirmation_page_is_refused_and_counted(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    response = client.post(CONFIRM, {"code": "000000", "next": ENROL})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert TOTPDevice.objects.get(user=chief, confirmed=True).throttling_failure_count == 1
    assert client.get(ENROL).status_code == 302  # still not confirmed


def test_renewing_recovery_codes_in_an_old_session_changes_nothing(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    old = services.recovery_codes_renew(user=chief, actor=chief)
    response = client.post(RENEW)
    assert response["Location"].startswith(CONFIRM)
    assert set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True)) \
        == set(old)


def test_a_recovery_code_confirms_too(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    codes = services.recovery_codes_renew(user=chief, actor=chief)
    response = client.post(CONFIRM, {"code": codes[0]}, follow=True)
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "Du använde en reservkod" in response.content.decode()
    response = client.post(RENEW)
    assert response["Location"] == reverse("tvasteg:recovery_codes")


def test_turning_optional_two_factor_off_in_an_old_session_needs_a_code(
    client, official, stale
):
    _signed_in(client, official, code_age=stale)
    assert not selectors.requires_two_factor(official)
    response = client.post(REMOVE)
    assert response["Location"].startswith(CONFIRM)
    assert TOTPDevice.objects.filter(user=official).exists()
    assert not TwoFactorEvent.objects.filter(user=official, kind=EventKind.REMOVED).exists()
    device = TOTPDevice.objects.get(user=official)
    client.post(CONFIRM, {"code": code_for(device)})
    client.post(REMOVE)
    assert not TOTPDevice.objects.filter(user=official).exists()


def test_right_after_the_login_code_no_second_code_is_asked(client, chief):
    app_for(chief)
    client.force_login(chief)
    device = TOTPDevice.objects.get(user=chief, confirmed=True)
    assert client.post(reverse("tvasteg:verify"), {"code": code_for(device)}).status_code == 302
    assert client.get(ENROL).status_code == 200


def test_a_session_verified_before_the_time_was_recorded_is_not_recent(client, chief):
    app_for(chief)
    client.force_login(chief)
    verify_session(client, chief)
    session = client.session
    del session[selectors.VERIFIED_AT_KEY]
    session.save()
    assert client.get(ENROL)["Location"].startswith(CONFIRM)


def test_the_confirmation_page_sends_elsewhere_only_within_the_portal(client, chief, stale):
    _signed_in(client, chief, code_age=stale)
    device = TOTPDevice.objects.get(user=chief, confirmed=True)
    response = client.post(CONFIRM, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == OVERVIEW


def test_resetting_anothers_second_factor_needs_a_fresh_code_too(client, security_function,
                                                                 chief, stale):
    """A reset leaves the person with the password alone: an old session of the security
    function is not enough, on the person's page nor in the admin."""
    app_for(chief)
    _signed_in(client, security_function, code_age=stale)
    response = client.post(reverse("tvasteg:person_reset", args=[chief.pk]))
    assert response["Location"].startswith(CONFIRM)
    admin_list = reverse("admin:tvasteg_twofactorperson_changelist")
    response = client.post(admin_list, {"action": "reset_two_factor",
                                        "_selected_action": [chief.pk]})
    assert response["Location"].startswith(CONFIRM)
    assert TOTPDevice.objects.filter(user=chief, confirmed=True).exists()
    device = TOTPDevice.objects.get(user=security_function, confirmed=True)
    client.post(CONFIRM, {"code": code_for(device)})
    client.post(reverse("tvasteg:person_reset", args=[chief.pk]))
    assert not TOTPDevice.objects.filter(user=chief).exists()
