"""The start page overview that chiefs and the city-wide function read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.klassning_helpers import approved, draft, make_asset

pytestmark = pytest.mark.django_db


def _submit(asset, actor):
    from klassning import services

    c = draft(asset, actor, {"K": 2, "R": 1, "T": 1, "S": 1})
    return services.classification_submit(actor=actor, classification=c, expected_version=c.version)


def test_chief_sees_own_unit_with_work_waiting(client_for, chief, official, farsta, bromma, outsider):
    approved(make_asset(farsta, official, name="Elevakter"), official, chief, {"K": 3, "R": 2, "T": 2, "S": 1})
    _submit(make_asset(farsta, official, name="Lokalbokning"), official)
    make_asset(bromma, outsider, name="Brommas register")
    body = client_for(chief).get(reverse("start")).content.decode()
    assert "Läget per enhet" in body
    assert "1 / 2 (50 %)" in body  # one of two classifiable assets has an approved classification
    assert "status=submitted" in body  # a link to the classification waiting for approval
    assert "Bromma stadsdelsnämnd" not in body


def test_city_overview_stays_flat_in_queries(
    client_for, security_function, official, chief, farsta, make_unit, django_assert_max_num_queries
):
    client = client_for(security_function)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as few:  # every registered panel, few units
        client.get(reverse("start"))
    few_count = len(few.captured_queries)  # a request clears the connection's query log
    for i in range(20):
        unit = make_unit(f"enhet-{i}")
        make_asset(unit, security_function, name=f"Register {i}")
    for i in range(10):
        approved(make_asset(farsta, official, name=f"Akt {i}"), official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    # The city-wide rows are kept between requests with the key figures (``oversikt``): the
    # first view after a change computes them again, the next reads them kept, as "few" did.
    client.get(reverse("start"))
    # 16 with this app's panels alone: one asks whether the person runs IT services (the owner's
    # panel), one counts their unread notifications (the menu). Other apps' panels add their own
    # fixed number: the page costs no more with 20 more units than with few.
    with django_assert_max_num_queries(few_count):
        body = client.get(reverse("start")).content.decode()
    assert "Enhet-19 stadsdelsnämnd" in body
    assert "10 / 10 (100 %)" in body
