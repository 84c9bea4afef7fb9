"""Exports in the read-access log (issue 14): one entry per export naming the protected objects
in it (their ids, in id order), none when it holds none; written before the body streams; the
cost is a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning import services
from klassning.models import (
    Aspect,
    Classification,
    ClassificationAspectLevel,
    ClassificationStatus,
    InformationAsset,
)
from sparbarhet import chain
from sparbarhet.models import AuditEvent, EventKind
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

LIST = reverse("klassning:asset_list")


def read_events():
    return AuditEvent.objects.filter(kind=EventKind.READ).order_by("seq")


def bulk_assets(unit, n, *, k, s=1, prefix="Mängd"):
    """``n`` assets with an approved classification at K ``k`` and S ``s``, inserted in bulk
    (the way a loader does; the state and levels are what the services would keep)."""
    assets = InformationAsset.objects.bulk_create(
        InformationAsset(unit=unit, name=f"{prefix} {i:04}") for i in range(n)
    )
    classifications = Classification.objects.bulk_create(
        Classification(asset=a, number=1, status=ClassificationStatus.APPROVED,
                       profile=f"K{k} S{s}", review_due="2099-01-01")
        for a in assets
    )
    aspects = {a.code: a for a in Aspect.objects.all()}
    ClassificationAspectLevel.objects.bulk_create(
        ClassificationAspectLevel(classification=c, aspect=aspects[code], level=level)
        for c in classifications for code, level in (("K", k), ("S", s))
    )
    services.classification_state_refresh()
    return assets


def drain(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_logs_one_entry_with_the_protected_ids_only(
    client_for, official, farsta, bromma, fmt
):
    protected = bulk_assets(farsta, 4, k=3, prefix="Skyddad")
    traced = bulk_assets(farsta, 2, k=1, s=2, prefix="Spårad")
    bulk_assets(farsta, 5, k=1, prefix="Vanlig")
    bulk_assets(bromma, 3, k=4, prefix="Bromma")  # not visible to a Farsta official
    response = client_for(official).get(f"{LIST}?format={fmt}", REMOTE_ADDR="10.9.8.7")
    event = read_events().get()  # written before a byte of the body was read
    drain(response)
    assert read_events().count() == 1
    assert (event.action, event.actor_id, event.unit_id) == ("export", official.pk, farsta.pk)
    assert (event.object_type, event.object_id) == ("klassning.informationasset", None)
    assert event.details == {
        "ids": sorted(a.pk for a in protected + traced), "units": [farsta.pk],
    }
    assert event.client_address == "10.9.8.7"
    assert chain.verify().ok


def test_the_entry_follows_the_lists_filters(client_for, official, farsta):
    bulk_assets(farsta, 3, k=3, prefix="Skyddad")
    bulk_assets(farsta, 3, k=1, prefix="Vanlig")
    client = client_for(official)
    drain(client.get(f"{LIST}?format=csv&q=Vanlig"))
    assert not read_events().exists()  # an export of unprotected assets only: no entry
    drain(client.get(f"{LIST}?format=csv&q=Skyddad 0001"))
    assert len(read_events().get().details["ids"]) == 1


def test_a_city_wide_export_names_every_unit(client_for, security_function, farsta, bromma):
    a = bulk_assets(farsta, 2, k=3)
    b = bulk_assets(bromma, 2, k=3)
    drain(client_for(security_function).get(f"{LIST}?format=csv"))
    event = read_events().get()
    assert event.unit_id is None  # more than one unit: the units are in the details
    assert event.details == {
        "ids": sorted(x.pk for x in a + b), "units": sorted([farsta.pk, bromma.pk]),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_cost_stays_flat(client_for, official, farsta, fmt):
    """The log costs a fixed number of queries: the protected ones are found by handing the
    export's queryset to the source as a subquery, not one query per row nor a list of ids."""
    bulk_assets(farsta, 3, k=3)
    client = client_for(official)
    client.get(reverse("start"))
    counts = []
    for more in (0, 300):
        bulk_assets(farsta, more, k=3, prefix=f"Fler {more}")
        with CaptureQueriesContext(connection) as queries:
            drain(client.get(f"{LIST}?format={fmt}"))
        counts.append(len(queries.captured_queries))
        assert not any(
            "klassning_informationasset" in q["sql"] and q["sql"].count("%s") > 50
            for q in queries.captured_queries
        )
    assert counts[0] == counts[1]
    assert len(read_events().last().details["ids"]) == 303


def test_it_service_export_names_the_services_holding_protected_assets(
    client_for, official, chief, farsta
):
    protected = bulk_assets(farsta, 1, k=3)[0]
    ordinary = bulk_assets(farsta, 1, k=1, prefix="Vanlig")[0]
    holder = make_service(farsta, official, name="Procapita")
    plain = make_service(farsta, official, name="Intranät")
    holder.assets.add(protected, ordinary)
    plain.assets.add(ordinary)
    drain(client_for(official).get(reverse("klassning:service_list") + "?format=xlsx"))
    event = read_events().get()
    assert event.object_type == "klassning.itservice"
    assert event.details == {"ids": [holder.pk], "units": [farsta.pk]}


def test_the_action_plan_export_is_not_a_read_of_protected_information(
    client_for, official, chief, farsta
):
    """It lists requirements and their status, never an asset or its levels."""
    from tests.klassning_helpers import approved, make_asset

    asset = make_asset(farsta, official)
    approved(asset, official, chief, {"K": 3, "R": 3, "T": 3, "S": 3})
    drain(client_for(official).get(
        reverse("klassning:unit_plan", args=[farsta.pk]) + "?format=csv"
    ))
    assert not read_events().exists()
