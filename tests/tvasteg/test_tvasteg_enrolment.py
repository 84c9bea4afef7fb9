"""Enrolment on first login: QR code and secret, a code to confirm, recovery codes once."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for, code_for, verify_session
from tvasteg.models import EventKind, TwoFactorEvent

pytestmark = pytest.mark.django_db

ENROL = reverse("tvasteg:enrol")


def _secret(page: str) -> str:
    return "".join(re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page)
                   .group(1).split())


def _code(secret: str) -> str:
    """What an authenticator app holding ``secret`` shows now."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_the_enrolment_page_shows_a_local_qr_code_and_the_secret_as_text(client, chief):
    client.force_login(chief)
    response = client.get(ENROL + "?next=/enheter/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img" aria-label="QR-kod att skanna med autentiseringsappen"' in page
    assert "<img" not in page and "<script" not in page  # drawn inline, no other request
    secret = _secret(page)
    device = TOTPDevice.objects.get(user=chief)
    assert not device.confirmed and len(secret) == 32
    assert device.config_url.split("secret=")[1].startswith(secret)
    assert 'name="next" value="/enheter/"' in page
    # Reloading shows the same secret (the unconfirmed app is kept until confirmed).
    assert _secret(client.get(ENROL).content.decode()) == secret
    assert TOTPDevice.objects.filter(user=chief).count() == 1


def test_the_right_code_confirms_the_app_and_shows_recovery_codes_once(client, chief):
    client.force_login(chief)
    secret = _secret(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": _code(secret), "next": "/enheter/"})
    assert response["Location"] == reverse("tvasteg:recovery_codes")
    device = TOTPDevice.objects.get(user=chief)
    assert device.confirmed
    page = client.get(response["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=chief).values_list("token", flat=True)
    assert len(codes) == 10
    for code in codes:
        assert f"{code[:4]} {code[4:]}" in page
    assert 'href="/enheter/"' in page  # then on to the page first asked for
    # Shown once: the second visit has nothing to show.
    assert client.get(reverse("tvasteg:recovery_codes"))["Location"] == reverse("tvasteg:overview")
    # The session has passed the second step.
    assert client.get(reverse("start")).status_code == 200
    event = TwoFactorEvent.objects.get(user=chief)
    assert (event.kind, event.actor) == (EventKind.ENROLLED, chief)
    assert event.history.get().history_user == chief


def test_a_wrong_code_gives_a_swedish_error_and_confirms_nothing(client, chief):
    client.force_login(chief)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Koden stämmer inte" in page
    assert not TOTPDevice.objects.get(user=chief).confirmed
    assert client.get(reverse("start"))["Location"].startswith(ENROL)
    # Malformed input: a field error, never a 500.
    for junk in ("", "12345", "abcdef", "1234567", "12\x0034"):
        response = client.post(ENROL, {"code": junk})
        assert response.status_code == 200, junk
        assert 'class="field-error"' in response.content.decode(), junk


def test_enrolment_is_throttled(client, chief):
    client.force_login(chief)
    secret = _secret(client.get(ENROL).content.decode())
    client.post(ENROL, {"code": "000000"})
    response = client.post(ENROL, {"code": _code(secret)})  # right, but too soon
    assert "Vänta" in response.content.decode()
    assert not TOTPDevice.objects.get(user=chief).confirmed


def test_a_verified_person_replaces_the_app_and_keeps_the_recovery_codes(client_for, chief):
    client = client_for(chief)
    old = app_for(chief)
    from tvasteg import services

    services.recovery_codes_renew(user=chief, actor=chief)
    page = client.get(ENROL).content.decode()
    assert "Byt app för engångskoder" in page
    secret = _secret(page)
    response = client.post(ENROL, {"code": _code(secret)})
    assert response["Location"] == reverse("tvasteg:overview")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.get(user=chief, confirmed=True).pk != old.pk
    assert StaticToken.objects.filter(device__user=chief).count() == 10
    assert TwoFactorEvent.objects.filter(user=chief, kind=EventKind.REPLACED).exists()
    assert client.get(reverse("start")).status_code == 200  # still verified, by the new app


def test_an_ordinary_member_enrols_voluntarily_and_may_turn_it_off(client_for, official):
    client = client_for(official)
    assert "Aktivera tvåstegsverifiering" in client.get(reverse("tvasteg:overview")).content.decode()
    secret = _secret(client.get(ENROL).content.decode())
    assert client.post(ENROL, {"code": _code(secret)}).status_code == 302
    assert TOTPDevice.objects.get(user=official).confirmed
    assert client.post(reverse("tvasteg:remove"))["Location"] == reverse("tvasteg:overview")
    assert not TOTPDevice.objects.filter(user=official).exists()
    assert not StaticToken.objects.filter(device__user=official).exists()
    kinds = set(TwoFactorEvent.objects.filter(user=official).values_list("kind", flat=True))
    assert kinds == {EventKind.ENROLLED, EventKind.REMOVED}


def test_a_privileged_person_cannot_turn_it_off(client_for, chief):
    client = client_for(chief)
    assert client.post(reverse("tvasteg:remove")).status_code == 403
    assert TOTPDevice.objects.filter(user=chief, confirmed=True).exists()
    assert "Stäng av tvåstegsverifiering" not in client.get(
        reverse("tvasteg:overview")).content.decode()


def test_new_recovery_codes_replace_the_old_ones(client_for, chief):
    client = client_for(chief)
    from tvasteg import services

    old = services.recovery_codes_renew(user=chief, actor=chief)
    response = client.post(reverse("tvasteg:recovery_codes_renew"))
    assert response["Location"] == reverse("tvasteg:recovery_codes")
    new = set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    page = client.get(response["Location"]).content.decode()
    assert all(f"{c[:4]} {c[4:]}" in page for c in new)


def test_code_for_helper_gives_an_unused_step(chief, client):
    # The tests' own helper: a second code in the same 30 s is the next step's.
    device = app_for(chief)
    client.force_login(chief)
    verify_session(client, chief)
    first = code_for(device)
    assert device.verify_token(first)
    second = code_for(device)
    assert second != first and device.verify_token(second)
