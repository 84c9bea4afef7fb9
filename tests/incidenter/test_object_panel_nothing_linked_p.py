"""The incident panel on an IT service's and an information asset's page: most objects have no
incident, and then nothing is built beyond the read of the linked ids (compiled once per
process) — no empty queryset compiled either (Django builds its whole SQL before it finds it
empty, ~1 ms on every such page). The panel with incidents is unchanged: at most ten, newest
first, and whether there are more."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.sql.compiler import SQLCompiler
from django.test import RequestFactory

from incidenter import panels
from tests.incidenter_helpers import report, update
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=user.pk)
    return request


@pytest.fixture
def compiled(monkeypatch):
    """How many querysets were compiled to SQL."""
    calls = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        calls.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return calls


def test_nothing_linked_builds_no_query(farsta, official, chief, compiled,
                                        django_assert_num_queries):
    service = make_service(farsta, official, name="Lönesystemet")
    asset = make_asset(farsta, official, name="Löner", it_services=[service])
    for field, obj in (("it_services", service), ("assets", asset)):
        context = panels.object_panel_context(field)
        context(_request(chief), obj)  # the linked read's SQL is built once per process
        request = _request(chief)
        compiled.clear()
        with django_assert_num_queries(1):  # the linked ids, nothing else
            assert context(request, obj) is None
        assert compiled == []


def test_the_panel_with_incidents_is_unchanged(farsta, official, chief):
    service = make_service(farsta, official, name="Lönesystemet")
    titles = []
    for i in range(11):
        incident = report(farsta, official, title=f"Incident {i:02}")
        update(incident, chief, it_services=[service])
        titles.append(incident.title)
    context = panels.object_panel_context("it_services")(_request(chief), service)
    assert len(context["incidents"]) == panels.OBJECT_PANEL_LIMIT and context["more"]
    assert all(i.content_visible for i in context["incidents"])
    shown = [i.discovered_at for i in context["incidents"]]
    assert shown == sorted(shown, reverse=True)
