"""The asset page shows the current classification and its latest changes, grouped, with a link
to the full history; its cost does not grow with the number of classification versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning import services
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 1}


def _reclassified(asset, official, chief, times):
    for i in range(times):
        approved(asset, official, chief, {**LEVELS, "K": 1 + i % 4})
    return asset


def _rows(body: str) -> int:
    table = body.split('class="table history"', 1)[1].split("</table>", 1)[0]
    return table.count("<tr>") - 1  # the header row


def test_detail_shows_the_latest_ten_changes_and_links_the_full_history(
    client_for, official, chief, farsta
):
    asset = _reclassified(make_asset(farsta, official), official, chief, 4)
    client = client_for(official)
    body = client.get(reverse("klassning:asset_detail", args=[asset.pk])).content.decode()
    shown = _rows(body)
    assert 0 < shown <= 10
    full_url = reverse("klassning:asset_history", args=[asset.pk])
    assert full_url in body
    assert "Fastställd klassning (version 4)" in body

    full = client.get(full_url).content.decode()
    # Every save, submit, approval and supersession of the four versions and the creation.
    assert _rows(full) > max(shown, 10)
    assert "v1" in full and asset.name in full


def test_detail_costs_the_same_with_few_or_many_versions(
    client_for, official, chief, farsta
):
    one = _reclassified(make_asset(farsta, official, name="Några versioner"), official, chief, 3)
    many = _reclassified(make_asset(farsta, official, name="Många versioner"), official, chief, 8)
    client = client_for(official)
    client.get(reverse("start"))
    counts = []
    for asset in (one, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("klassning:asset_detail", args=[asset.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_full_history_is_for_those_who_may_see_the_asset(client_for, official, outsider, farsta):
    asset = make_asset(farsta, official)
    url = reverse("klassning:asset_history", args=[asset.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(official).get(url).status_code == 200


def test_full_history_of_a_security_protection_asset_shows_no_details(
    client_for, official, farsta
):
    asset = make_asset(farsta, official, name="Skyddsobjekt", security_protection=True,
                       security_protection_note="Hanteras av säkerhetsskyddschefen.")
    services.asset_update(actor=official, asset=asset, expected_version=asset.version,
                          security_protection_note="Ny notering.")
    body = client_for(official).get(
        reverse("klassning:asset_history", args=[asset.pk])
    ).content.decode()
    assert "Skyddsobjekt" in body
