"""The object-panel plug-in point: another app adds a section to an IT service's, an asset's or
a requirement's page without editing klassning's templates."""

import pytest
from django.urls import reverse

from isms import plugins
from tests.klassning_helpers import make_asset, make_service


@pytest.fixture
def panel(monkeypatch, tmp_path, settings):
    """Register a panel (and its template) for the test only."""
    monkeypatch.setattr(plugins, "_object_panels", [])
    (tmp_path / "panel.html").write_text(
        '<section class="plugin-panel"><h2>Risker</h2><p>{{ object.name }}: {{ n }}</p></section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    ]
    seen = []

    def register(model, context):
        def ctx(request, obj):
            seen.append((request.user.username, obj.pk))
            return context(request, obj)

        plugins.register_object_panel(
            order=10, key="test", model=model, template="panel.html", context=ctx
        )
        return seen

    return register


def test_service_page_shows_registered_panel(panel, client_for, chief, farsta):
    service = make_service(farsta, chief, name="Skolplattformen")
    seen = panel("klassning.ITService", lambda request, obj: {"n": 3})
    page = client_for(chief).get(reverse("klassning:service_detail", args=[service.pk]))
    assert page.status_code == 200
    assert "Skolplattformen: 3" in page.content.decode()
    assert seen == [(chief.username, service.pk)]


def test_panel_context_none_shows_nothing(panel, client_for, chief, farsta):
    asset = make_asset(farsta, chief, name="Elevregister")
    panel("klassning.InformationAsset", lambda request, obj: None)
    page = client_for(chief).get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert page.status_code == 200
    assert "plugin-panel" not in page.content.decode()


def test_panel_for_another_model_is_not_shown(panel, client_for, chief, farsta):
    asset = make_asset(farsta, chief, name="Elevregister")
    seen = panel("klassning.ITService", lambda request, obj: {"n": 1})
    page = client_for(chief).get(reverse("klassning:asset_detail", args=[asset.pk]))
    assert "plugin-panel" not in page.content.decode()
    assert seen == []
