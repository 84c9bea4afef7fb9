"""A person's page counts an export's objects in the database (an export's event holds every
id it exported: decoding them all made the page cost more the more the person exported), and
counts their history records per register with the one cached statement."""

import re

import pytest
from django.urls import reverse

from sparbarhet import personal_data
from sparbarhet.models import EventKind
from tests.klassning_helpers import make_asset
from tests.sparbarhet.log_helpers import add_events

pytestmark = pytest.mark.django_db


def test_an_exports_object_count_is_shown_and_exported(client_for, official, farsta):
    add_events(1, unit=farsta, actor=official, kind=EventKind.READ, action="export",
               objects=(("klassning.informationasset", None),),
               details={"ids": list(range(1, 1235)), "units": [farsta.pk]})
    add_events(1, unit=farsta, actor=official, kind=EventKind.READ, action="export",
               objects=(("klassning.informationasset", None),), details={"ids": "odd"})
    [odd, export] = personal_data.latest_events(person=official)[:2]
    assert export["count"] == 1234 and odd["count"] == 0
    client = client_for(official)
    assert "1234 objekt" in client.get(reverse("sparbarhet:my_personal_data")).content.decode()
    data = client.get(reverse("sparbarhet:my_personal_data") + "?format=json").json()
    counts = [e["antal_objekt"] for e in data["registerutdrag"]["granskningshandelser"]["senaste"]]
    assert 1234 in counts


def test_history_counts_per_register(official, farsta):
    for i in range(3):
        make_asset(farsta, official, name=f"Register {i}")
    counts = {r["model"]: r["count"] for r in personal_data.history_counts(person=official)}
    assert counts["klassning.informationasset"] == 3
    assert all(n > 0 for n in counts.values())


@pytest.mark.parametrize("exports", [1, 30])
def test_the_page_reads_the_same_whatever_the_person_exported(
    exports, client_for, official, farsta, django_assert_max_num_queries
):
    add_events(exports, unit=farsta, actor=official, kind=EventKind.READ, action="export",
               details={"ids": list(range(5000)), "units": [farsta.pk]})
    client = client_for(official)
    client.get(reverse("sparbarhet:my_personal_data"))
    with django_assert_max_num_queries(18) as captured:
        assert client.get(reverse("sparbarhet:my_personal_data")).status_code == 200
    # The events' id lists stay in the database: no statement reads ``details``.
    events = [q["sql"] for q in captured.captured_queries if "sparbarhet_auditevent" in q["sql"]]
    assert events and not any(re.search(r'"details"(, "|\s+FROM)', sql) for sql in events)
