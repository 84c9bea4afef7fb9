"""The dashboards read what several parts of a page need once (``isms.shared_reads``): the
chief's start page and the unit dashboard run no SQL statement twice, and the figures stay the
registers' own."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms import shared_reads
from isms.dates import local_today
from klassning.dashboard import unit_rows
from tests.oversikt.world import build_farsta

pytestmark = pytest.mark.django_db


def _repeated(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    counts = Counter(q["sql"] for q in queries.captured_queries)
    return [sql[:200] for sql, n in counts.items() if n > 1]


@pytest.mark.parametrize("page", ["start", "unit"])
def test_the_chiefs_pages_read_nothing_twice(page, farsta, bromma, official, coordinator, chief,
                                             client_for):
    """The city's figures (for the median) serve the chief's to-do items, the start page's
    panels and the trend's current month; the risk matrix is read once."""
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    url = reverse("start") if page == "start" else reverse("oversikt:unit", args=[farsta.pk])
    assert _repeated(client_for(chief), url) == []


def test_rows_read_for_the_city_serve_a_unit_within_a_page(farsta, bromma, official,
                                                           django_assert_num_queries):
    from tests.klassning_helpers import make_asset

    make_asset(farsta, official)
    with shared_reads.scope():
        city = unit_rows(units=[farsta, bromma], today=local_today())
        with django_assert_num_queries(0):
            (mine,) = unit_rows(units=[farsta], today=local_today())
        assert mine is city[0] and mine["total"] == 1
    # Outside a page nothing is kept: a new asset counts at once.
    make_asset(farsta, official, name="Nytt")
    assert unit_rows(units=[farsta], today=local_today())[0]["total"] == 2


def test_a_scope_ends_with_its_page():
    calls = []
    with shared_reads.scope():
        shared_reads.once("k", lambda: calls.append(1))
        shared_reads.once("k", lambda: calls.append(1))
    shared_reads.once("k", lambda: calls.append(1))
    assert calls == [1, 1]
