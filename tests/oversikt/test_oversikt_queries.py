"""Both dashboards cost a fixed number of queries whatever the number of units and records:
measured with a small city, then asserted with a larger one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nämnder.models import UnitKind
from oversikt import figure_cache
from tests.incidenter_helpers import report
from tests.klassning_helpers import approved, make_asset
from tests.ledningssystem.helpers import audit_with_finding, decided
from tests.oversikt.world import build_farsta, submitted
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db


def _grow(make_unit, farsta, official, chief, security_function, n=12):
    kinds = (UnitKind.DISTRICT_BOARD, UnitKind.SPECIALIST_BOARD, UnitKind.COMPANY)
    for i in range(n):
        unit = make_unit(f"enhet-{i}", kind=kinds[i % 3])
        make_asset(unit, security_function, name=f"Register {i}")
        make_risk(unit, security_function, title=f"Risk {i}", likelihood=4, consequence=4)
        report(unit, security_function, discovered_at=timezone.now() - dt.timedelta(hours=30))
        decided(unit, security_function, next_review=timezone.localdate() - dt.timedelta(days=1))
        audit_with_finding(unit, security_function)
    for i in range(4):
        approved(make_asset(farsta, official, name=f"Akt {i}"), official, chief,
                 {"K": 1, "R": 1, "T": 1, "S": 1})
        submitted(make_asset(farsta, official, name=f"Väntar {i}"), official)
        make_risk(farsta, official, title=f"Farsta risk {i}", likelihood=4, consequence=4)


@pytest.mark.parametrize("page", ["start", "unit", "city"])
def test_dashboards_stay_flat(page, farsta, bromma, official, coordinator, chief, security_function,
                              make_unit, client_for, django_assert_max_num_queries):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    user = security_function if page == "city" else chief
    url = {"start": reverse("start"), "unit": reverse("oversikt:unit", args=[farsta.pk]),
           "city": reverse("oversikt:city")}[page]
    client = client_for(user)
    assert client.get(url).status_code == 200
    figure_cache.forget()  # both measured views compute the city's figures (the grown city's must)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(make_unit, farsta, official, chief, security_function)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    if page == "city":
        assert "Enhet-11 stadsdelsnämnd" in body
    else:
        assert "Klassningar att fastställa: 5" in body
