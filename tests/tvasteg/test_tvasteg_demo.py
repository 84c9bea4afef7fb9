"""seed_demo enrols the privileged demo users with one fixed secret; the bench types its code."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import otp as bench_otp
from nämnder import demo as namnder_demo
from tvasteg.demo import DEMO_TOTP_SECRET
from tvasteg.models import EventKind, TwoFactorEvent
from tvasteg.services import key_from_secret, secret_of

pytestmark = pytest.mark.django_db

PRIVILEGED_DEMO_USERS = {"chef.farsta", "revisor.farsta", "chef.bromma", "chef.stockholmshem",
                         "revisor.stad", "sakerhet.stad"}


def test_seed_demo_enrols_the_privileged_demo_users_with_the_fixed_secret(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    devices = TOTPDevice.objects.select_related("user")
    assert {d.user.username for d in devices} == PRIVILEGED_DEMO_USERS
    assert all(d.confirmed and secret_of(d) == DEMO_TOTP_SECRET for d in devices)
    assert TwoFactorEvent.objects.filter(kind=EventKind.ENROLLED).count() == 6
    printed = out.getvalue()
    assert DEMO_TOTP_SECRET in printed and "demo_totp" in printed
    # Printed with the demo logins, before the other apps' demo data.
    lines = printed.splitlines()
    logins = next(i for i, line in enumerate(lines) if line.strip().startswith("sakerhet.stad"))
    assert any(DEMO_TOTP_SECRET in line for line in lines[logins:logins + 4])


def test_a_demo_chief_logs_in_with_password_and_the_demo_secrets_code(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(reverse("login"), {"username": "chef.farsta",
                                               "password": namnder_demo.DEMO_PASSWORD})
    assert response["Location"] == "/"
    assert client.get("/")["Location"].startswith(reverse("tvasteg:verify"))
    assert client.post(reverse("tvasteg:verify"), {"code": bench_otp.code()})["Location"] == "/"
    assert client.get("/").status_code == 200
    # An ordinary demo user is not asked.
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "handlaggare.farsta",
                                   "password": namnder_demo.DEMO_PASSWORD})
    assert client.get("/").status_code == 200


def test_the_bench_and_the_demo_agree_on_the_secret_and_the_code():
    assert bench_otp.DEMO_TOTP_SECRET == DEMO_TOTP_SECRET
    key = bytes.fromhex(key_from_secret(DEMO_TOTP_SECRET))
    for at in (time.time(), time.time() + 30, 59.0, 1111111109.0):
        app = TOTP(key)
        app.time = at
        assert bench_otp.code(at=at) == f"{app.token():06d}"
    # RFC 6238's SHA-1 test vector (key "12345678901234567890", T = 59 s): 94287082 → 287082.
    rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert bench_otp.code(rfc, at=59) == "287082"


def test_demo_totp_prints_the_current_code_and_refuses_without_debug(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().split()[0] in {bench_otp.code(), bench_otp.code(at=time.time() - 30)}
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp")


def test_seed_scale_users_get_the_demo_app(settings):
    """Privileged scale users (also of a city seeded before two-factor login) get the app."""
    from nämnder import services as unit_services
    from nämnder.models import OrganisationUnit, Role
    from tvasteg.scale import enrol_scale_users

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    farsta = OrganisationUnit.objects.get(short_name="farsta")
    users = {}
    for name, role in (("skala.farsta.01", Role.CHIEF), ("skala.farsta.03", Role.OFFICIAL)):
        users[name] = get_user_model().objects.create_user(name, password="x")
        unit_services.membership_add(actor=None, user=users[name], unit=farsta, role=role)
    assert enrol_scale_users() == 1
    assert enrol_scale_users() == 0
    assert secret_of(TOTPDevice.objects.get(user=users["skala.farsta.01"])) == DEMO_TOTP_SECRET
    assert not TOTPDevice.objects.filter(user=users["skala.farsta.03"]).exists()
