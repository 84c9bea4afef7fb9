"""``make bench`` logs in over HTTP through the second step (bench/run.py, bench/otp.py)."""

import urllib.parse

import pytest

from nämnder import demo as namnder_demo
from nämnder.models import Role
from tests.tvasteg_helpers import app_for
from tvasteg.demo import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bench_client_passes_the_second_step_twice_in_a_row(
    live_server, monkeypatch, make_person, farsta
):
    from bench import run

    chief = make_person("skala.farsta.01", farsta, Role.CHIEF)
    chief.set_password(namnder_demo.DEMO_PASSWORD)
    chief.save()
    app_for(chief, secret=DEMO_TOTP_SECRET)
    address = urllib.parse.urlsplit(live_server.url)
    monkeypatch.setattr(run, "HOST", address.hostname)
    monkeypatch.setattr(run, "PORT", address.port)
    for _ in range(2):  # the second login's step was used by the first: the next one is typed
        client = run.Client()
        client.login(chief.username)
        status, _headers, _body, _t = client.get("/tvastegsverifiering/")
        assert status == 200
