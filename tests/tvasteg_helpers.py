"""Two-factor login for the tests' personas (tvasteg).

A chef, revisor, the security function or a superuser reaches no page before the second step.
``client_for`` (tests/conftest.py) and the access matrix's sessions mark the session verified
with ``verify_session``, as django-otp's ``login()`` does after a right code; the browser tests'
``login_page`` types a code from ``code_for`` on the verification page.
"""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tvasteg import selectors
from tvasteg.services import key_from_secret

# The tests' own secret (not the demo's): base32, 160 bits.
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def app_for(user, secret: str = TEST_SECRET) -> TOTPDevice:
    """The person's confirmed authenticator app, created with ``secret`` if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Testapp", confirmed=True, key=key_from_secret(secret)
        )
    return device


def verify_session(client, user) -> None:
    """Mark ``client``'s (logged-in) session as having passed the second step, for a person
    who must use it (others are left as the password left them)."""
    if not selectors.requires_two_factor(user):
        return
    device = app_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[selectors.VERIFIED_AT_KEY] = time.time()  # as services.mark_verified: a code just now
    session.save()


def signed_in_with_code_age(client, user, *, code_age: float):
    """``user`` signed in with an app and a session verified by it, its last code entered
    ``code_age`` seconds ago (``selectors.recently_verified``), whatever their role."""
    device = app_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[selectors.VERIFIED_AT_KEY] = time.time() - code_age
    session.save()
    return client


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now. django-otp accepts each time step once (``last_t``) and
    one step either side of the clock (``tolerance``): take the first step not used yet, and
    wait for the clock only when even the step ahead is used (a third login in 30 seconds)."""
    device.refresh_from_db()
    while True:
        now_t = (int(time.time()) - device.t0) // device.step
        t = max(now_t, device.last_t + 1)
        if t <= now_t + device.tolerance:
            return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
        time.sleep(0.5)


def totp_now(secret: str) -> str:
    """What an authenticator app holding ``secret`` shows now."""
    return f"{totp(bytes.fromhex(key_from_secret(secret))):06d}"


def pass_second_step(page, user) -> None:
    """On the verification page after the password: type a code from the person's app."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.get_by_label("Kod").fill(code_for(device))
    page.get_by_role("button", name="Verifiera").click()
