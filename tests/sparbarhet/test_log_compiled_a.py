"""The audit log's events query is compiled once per shape (which filters, how many ids) and the
filter's fields written once per language, choices and values typed: a later page still shows
exactly the events and the values asked for."""

import weakref

import pytest

from nämnder import services as unit_services
from nämnder.models import Role
from sparbarhet import selectors_log
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset
from tests.sparbarhet.log_helpers import URL, add_events

pytestmark = pytest.mark.django_db
ASSET = "klassning.informationasset"


def _seqs(response) -> list[int]:
    assert response.status_code == 200
    return [row.seq for row in response.context["page"].rows]


@pytest.fixture
def trail(farsta, bromma, chief, official, coordinator):
    asset = make_asset(farsta, coordinator, name="Elevregister")
    add_events(4, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)])
    add_events(3, unit=farsta, actor=official, objects=[(ASSET, asset.pk)])
    add_events(2, unit=bromma, actor=official, objects=[(ASSET, asset.pk)])
    return asset


def _expected(**filters) -> list[int]:
    return list(AuditEvent.objects.filter(**filters).values_list("seq", flat=True)[:25])


def test_the_events_query_is_built_once_per_shape_not_per_page(
    trail, farsta, chief, client_for, monkeypatch
):
    built = []
    events = selectors_log._events

    def counting(*args, **kwargs):
        built.append(1)
        return events(*args, **kwargs)

    monkeypatch.setattr(selectors_log, "_events", counting)
    monkeypatch.setattr(selectors_log, "_PLANS", weakref.WeakKeyDictionary(), raising=False)
    client = client_for(chief)
    first = _seqs(client.get(URL))
    assert first == _expected(unit_id=farsta.pk)
    assert _seqs(client.get(f"{URL}?fore={first[2]}")) == first[3:]
    assert _seqs(client.get(f"{URL}?fore={first[4]}")) == first[5:]
    assert len(built) == 2  # the newest page, and the pages before a position


def test_filters_of_other_shapes_and_values_each_get_their_own_events_and_fields(
    trail, farsta, bromma, chief, official, coordinator, security_function, client_for
):
    client = client_for(security_function)
    assert _seqs(client.get(URL)) == _expected()
    by_chief = client.get(f"{URL}?person=chef.farsta")
    assert _seqs(by_chief) == _expected(actor=chief)
    assert 'value="chef.farsta"' in by_chief.content.decode()
    by_official = client.get(f"{URL}?person={official.username}&unit={bromma.pk}")
    assert _seqs(by_official) == _expected(actor=official, unit=bromma) and len(_seqs(by_official)) == 2
    html = by_official.content.decode()
    assert f'value="{official.username}"' in html and 'value="chef.farsta"' not in html
    assert f'<option value="{bromma.pk}" selected>' in html
    several = client.get(f"{URL}?person=farsta")  # the chief, the official, the samordnare
    people = [chief, official, coordinator]
    assert _seqs(several) == _expected(actor__in=people) and len(_seqs(several)) >= 9
    # The chief's units: one, then two (another IN list), and the unit filter's choices follow.
    chief_client = client_for(chief)
    html = chief_client.get(URL).content.decode()
    assert _seqs(chief_client.get(URL)) == _expected(unit=farsta)
    assert f'<option value="{bromma.pk}"' not in html
    unit_services.membership_add(actor=security_function, user=chief, unit=bromma, role=Role.CHIEF)
    response = chief_client.get(URL)
    assert _seqs(response) == _expected(unit__in=[farsta, bromma])
    assert f'<option value="{bromma.pk}"' in response.content.decode()


def test_postgresql_knows_a_persons_events_are_in_their_own_unit():
    """Extended statistics (migration 0005): without them PostgreSQL estimated "one unit and one
    person" at a handful of events and read all of the person's before sorting."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkind FROM pg_statistic_ext WHERE stxname = 'auditevent_actor_unit_stats'"
        )
        row = cursor.fetchone()
    assert row is not None and "f" in row[0]  # functional dependencies
