"""The header's roles are read once per request, also on the start page whose panels render
with the request (and so run the context processors again)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_start_page_reads_the_roles_once(client_for, official):
    client = client_for(official)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("start")).content.decode()
    reads = [q for q in queries.captured_queries
             if q["sql"].startswith('SELECT "namnder_membership"."id"')]
    assert len(reads) == 1
    assert "Farsta stadsdelsnämnd" in body
