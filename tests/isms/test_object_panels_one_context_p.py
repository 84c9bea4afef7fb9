"""``isms.plugins.object_panels`` renders a page's panels in one request context: the context
processors (the menu, the header's links, the memberships …) run once for all of them rather
than once per panel, and each panel renders exactly as ``render_to_string`` with the request
renders it — its own variables only, none left over from the panel before it."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import RequestFactory

from isms import plugins
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

FIRST = (
    '{% load i18n %}<section id="a-{{ object.pk }}"><h2>{% translate "Risker" %}</h2>'
    "<p>{{ object.name }}: {{ n }} {{ user.username }} {{ request.path }}</p>"
    '{% with m=n %}<i>{{ m }}</i>{% endwith %}{% url "start" as start %}{{ start }}</section>'
)
# The second uses names the first set (n, m, start) without being given them.
SECOND = (
    "<section><p>[{{ n }}][{{ m }}][{{ start }}] {{ label }} {{ user.username }}</p>"
    "{% for menu in plugin_nav %}{{ menu.label }};{% endfor %}</section>"
)


@pytest.fixture
def panels(monkeypatch, tmp_path, settings):
    monkeypatch.setattr(plugins, "_object_panels", [])
    (tmp_path / "first.html").write_text(FIRST)
    (tmp_path / "second.html").write_text(SECOND)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    ]
    entries = [
        (10, "first", "first.html", lambda request, obj: {"n": 3}),
        (20, "none", "first.html", lambda request, obj: None),
        (30, "second", "second.html", lambda request, obj: {"label": "<b>"}),
    ]
    for order, key, template, context in entries:
        plugins.register_object_panel(order=order, key=key, model="klassning.ITService",
                                      template=template, context=context)
    return entries


def _request(user):
    request = RequestFactory().get("/it-tjanster/1/")
    request.user = get_user_model().objects.get(pk=user.pk)
    return request


def test_each_panel_renders_as_render_to_string(panels, farsta, official, chief):
    service = make_service(farsta, official, name="Skolplattformen")
    want = [
        render_to_string(template, {"object": service, **context(None, service)},
                         request=_request(chief))
        for _o, _k, template, context in panels if context(None, service) is not None
    ]
    got = plugins.object_panels(_request(chief), service)
    assert got == want
    assert "Skolplattformen: 3 " in got[0] and "<i>3</i>" in got[0]
    assert "<p>[][][] &lt;b&gt; " in got[1]  # nothing of the first panel, escaped


def test_the_context_processors_run_once(panels, monkeypatch, farsta, official, chief):
    service = make_service(farsta, official, name="Skolplattformen")
    calls = []
    account_links = plugins.account_links  # asked by the menu's context processor

    def counting(request):
        calls.append(request)
        return account_links(request)

    monkeypatch.setattr(plugins, "account_links", counting)
    assert len(plugins.object_panels(_request(chief), service)) == 2
    assert len(calls) == 1


def test_no_panel_no_context(panels, monkeypatch, farsta, official, chief):
    monkeypatch.setattr(plugins, "_object_panels", [])
    service = make_service(farsta, official, name="Skolplattformen")
    assert plugins.object_panels(_request(chief), service) == []
