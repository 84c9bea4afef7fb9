"""The audit log pages by ``seq`` (keyset, ``?fore=`` / ``?efter=``), never by OFFSET: every event
once across the pages, both ways, and the same number of queries for 5 and 500 events and on
the first and a later page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sparbarhet import selectors_log
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset, make_service
from tests.sparbarhet.log_helpers import URL, add_events

pytestmark = pytest.mark.django_db
SIZE = selectors_log.PAGE_SIZE


def _page_seqs(response) -> list[int]:
    return [row.seq for row in response.context["page"].rows]


def _link(response, name) -> str | None:
    match = re.search(rf'href="\?([^"]*)"[^>]*>{name}<', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def objects(farsta, coordinator):
    asset = make_asset(farsta, coordinator, name="Elevregister")
    service = make_service(farsta, coordinator, name="Procapita")
    return [("klassning.informationasset", asset.pk), ("klassning.itservice", service.pk)]


def test_every_event_once_across_the_pages_older_then_newer(
    farsta, chief, objects, client_for
):
    add_events(2 * SIZE + 7, unit=farsta, actor=chief, objects=objects)
    expected = list(AuditEvent.objects.filter(unit=farsta).values_list("seq", flat=True))
    client = client_for(chief)
    response = client.get(URL)
    pages = [_page_seqs(response)]
    assert _link(response, "Nyare händelser") is None and _link(response, "Nyaste händelser") is None
    while (older := _link(response, "Äldre händelser")) is not None:
        response = client.get(f"{URL}?{older}")
        pages.append(_page_seqs(response))
    seen = [seq for page in pages for seq in page]
    assert seen == expected  # newest first, each once
    assert all(len(page) == SIZE for page in pages[:-1])
    # ... and back up from the oldest page with "Nyare händelser".
    back = [_page_seqs(response)]
    while (newer := _link(response, "Nyare händelser")) is not None:
        response = client.get(f"{URL}?{newer}")
        back.append(_page_seqs(response))
    assert sorted({seq for page in back for seq in page}, reverse=True) == expected
    assert sum(len(page) for page in back) == len(expected)
    assert _link(response, "Nyaste händelser") is None  # back on the newest


def test_paging_keeps_the_filter(farsta, chief, official, objects, client_for):
    add_events(2 * SIZE + 10, unit=farsta, actor=chief, objects=objects)
    add_events(SIZE + 5, unit=farsta, actor=official, objects=objects)
    client = client_for(chief)
    response = client.get(f"{URL}?person=chef.farsta&object_type=klassning.itservice")
    older = _link(response, "Äldre händelser")
    assert "person=chef.farsta" in older and "object_type=klassning.itservice" in older
    rows = [*response.context["page"].rows, *client.get(f"{URL}?{older}").context["page"].rows]
    assert {r.person for r in rows} == {"Chef Farsta"}
    assert {r.object_type for r in rows} == {"klassning.itservice"}
    assert len(rows) == len({r.seq for r in rows}) == SIZE + 5


def test_a_page_past_the_oldest_event_is_empty_with_a_way_back(farsta, chief, client_for):
    response = client_for(chief).get(f"{URL}?fore=1")
    assert response.context["page"].rows == []
    assert "Inga händelser matchar." in response.content.decode()
    assert _link(response, "Nyaste händelser") == ""


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("query", ["", "unit={farsta}&person=chef.farsta&kind=change",
                                   "fran=2000-01-01&till=2100-01-01"])
def test_the_query_count_is_the_same_for_5_and_500_events_and_on_a_later_page(
    farsta, chief, objects, client_for, query
):
    query = query.format(farsta=farsta.pk)
    client = client_for(chief)
    client.get(URL)  # warm-up: the session's first read
    add_events(5, unit=farsta, actor=chief, objects=objects)
    few = _queries(client, f"{URL}?{query}")
    add_events(495, unit=farsta, actor=chief, objects=objects)
    many = _queries(client, f"{URL}?{query}")
    middle = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)[250]
    later = _queries(client, f"{URL}?{query}&fore={middle}")
    back = _queries(client, f"{URL}?{query}&efter={middle}")
    assert few == many == later == back


def test_the_page_has_a_bounded_number_of_queries(farsta, chief, objects, client_for,
                                                  django_assert_max_num_queries):
    add_events(500, unit=farsta, actor=chief, objects=objects)
    client = client_for(chief)
    client.get(URL)
    # Session, user, memberships (access; the header's), units (the filter), the period's two
    # ends, events with their people, object names, the notifications badge.
    # 12: +1 the second factor's device of the verified session (tvasteg).
    with django_assert_max_num_queries(12):
        client.get(f"{URL}?person=chef&fran=2000-01-01")


def test_object_names_are_one_query_for_every_type_on_the_page(farsta, chief, objects):
    add_events(10, unit=farsta, actor=chief, objects=[*objects, ("klassning.requirement", 1),
                                                      ("namnder.organisationunit", farsta.pk)])
    filt = selectors_log.LogFilter(unit_ids=[farsta.pk])
    with CaptureQueriesContext(connection) as ctx:
        page = selectors_log.log_page(filt=filt, viewer=chief, units={farsta.pk: "Farsta"})
    assert len(ctx) == 2  # the events with their people, every object's name
    names = {row.object_text for row in page.rows[:4]}
    assert {"Elevregister", "Procapita", farsta.name} <= names
