"""The start page's incident figures are read by SQL compiled once per shape of the person's
visibility (every incident; their units, incidents they handle, their grants): every shape
counts what the person may see, straight from ``visible_incidents``, and a second start page
runs the same statements (prepared on PostgreSQL) with nothing built again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import assign_perm

from incidenter import selectors as incident_selectors
from incidenter.models import Incident, IncidentStatus
from incidenter.selectors.access import GRANT_PERM
from tests.incidenter_helpers import report
from tests.oversikt.test_start_compact_g import _direct

pytestmark = pytest.mark.django_db


def _expected(user, now):
    return {"open": incident_selectors.visible_incidents(user).exclude(
        status=IncidentStatus.CLOSED).count(), **_direct(user, now)}


@pytest.fixture
def world(farsta, bromma, official, security_function):
    now = timezone.now()
    incidents = {
        "farsta_new": report(farsta, official, discovered_at=now - dt.timedelta(hours=2)),
        "farsta_old": report(farsta, official, discovered_at=now - dt.timedelta(days=10)),
        "bromma": report(bromma, security_function, discovered_at=now - dt.timedelta(days=10)),
        "bromma_new": report(bromma, security_function, discovered_at=now - dt.timedelta(hours=3)),
    }
    return now, incidents


@pytest.mark.parametrize("shape", ["units", "units_grants", "handler", "grants", "nothing"])
def test_every_shape_of_visibility_counts_what_the_person_may_see(
        shape, world, chief, outsider, django_user_model):
    now, incidents = world
    user = {"units": chief, "units_grants": outsider}.get(shape) or \
        django_user_model.objects.create_user("utan.enhet", password="x")  # noqa: S106
    if shape == "handler":
        Incident.objects.filter(pk=incidents["farsta_old"].pk).update(handler=user)
    if shape in ("units_grants", "grants"):
        Incident.objects.filter(pk=incidents["farsta_new"].pk).update(confidential=True)
        assign_perm(GRANT_PERM, user, incidents["farsta_new"])
    figures = incident_selectors.start_panel_figures(user=user, now=now)
    expected = _expected(user, now)
    assert figures == expected
    if shape != "nothing":
        assert figures["open"] > 0
    else:
        assert figures == {"open": 0, "overdue": 0, "soon": 0, "nearest": None}


def test_the_city_wide_function_counts_every_open_incident(world, security_function):
    now, incidents = world
    figures = incident_selectors.start_panel_figures(user=security_function, now=now)
    assert figures == _expected(security_function, now)
    assert figures["open"] == len(incidents)


def test_a_second_read_runs_prepared_statements_on_postgresql(need_postgres, world, chief):
    now, _incidents = world
    incident_selectors.start_panel_figures(user=chief, now=now)
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            incident_selectors.start_panel_figures(user=chief, now=now)
        assert len(ctx.captured_queries) == 3  # the grants, the open incidents, the deadlines
        assert all("prepared statement" in q["sql"] for q in ctx.captured_queries)
