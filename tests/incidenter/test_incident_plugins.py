"""The app registers itself: menu, unit links, object panels on IT-service and asset pages,
the report section replacing the placeholder, demo and scale seeders."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidenter.models import Applicability, Incident, IncidentObligation
from isms import plugins
from tests.incidenter_helpers import report, update
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db


def test_menu_has_incidents_and_quick_report(client_for, official):
    page = client_for(official).get(reverse("start")).content.decode()
    assert reverse("incidenter:incident_list") in page
    assert "Rapportera incident" in page


def test_report_section_replaces_the_placeholder():
    section = next(s for s in plugins.report_sections() if s.key == "incidenter")
    assert section.recorded and section.order == 50


def test_unit_page_links(client_for, farsta, official):
    page = client_for(official).get(reverse("unit_detail", args=[farsta.pk])).content.decode()
    assert f"{reverse('incidenter:incident_list')}?unit={farsta.pk}" in page
    assert f"{reverse('incidenter:deadlines')}?unit={farsta.pk}" in page


def test_object_panels_show_incidents_the_user_may_see(client_for, farsta, official, chief,
                                                       unit_auditor):
    service = make_service(farsta, official, name="Lönesystemet")
    asset = make_asset(farsta, official, name="Löner", it_services=[service])
    open_one = report(farsta, official, title="Lönefil skickad fel")
    update(open_one, chief, it_services=[service], assets=[asset])
    secret = report(farsta, chief, title="Hemlig lönesak")
    update(secret, chief, it_services=[service], confidential=True)
    for url in (reverse("klassning:service_detail", args=[service.pk]),
                reverse("klassning:asset_detail", args=[asset.pk])):
        page = client_for(unit_auditor).get(url).content.decode()
        assert "Lönefil skickad fel" in page and "Hemlig lönesak" not in page
    page = client_for(chief).get(reverse("klassning:service_detail", args=[service.pk]))
    assert "Hemlig lönesak" in page.content.decode()


def test_links_only_to_the_units_own_assets(farsta, bromma, official, outsider):
    from django.core.exceptions import ValidationError

    other = make_asset(bromma, outsider, name="Brommas mängd")
    incident = report(farsta, official)
    with pytest.raises(ValidationError) as exc:
        update(incident, official, assets=[other])
    assert "assets" in exc.value.error_dict


def test_seed_demo_incidents(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert Incident.objects.count() == 4
    assert Incident.objects.filter(confidential=True).count() == 1
    imy = IncidentObligation.objects.get(obligation__code="gdpr-art33",
                                         applies=Applicability.APPLIES)
    assert imy.sent_at <= imy.deadline and imy.incident.is_closed


def test_seed_scale_incidents(settings):
    settings.DEBUG = True
    call_command("seed_scale", scale=0.01, stdout=io.StringIO())
    scale = Incident.objects.filter(description="Skapad för prestandamätning.")
    assert scale.count() == 50  # seed_demo's four come first
    assert Incident.history.filter(id__in=scale.values("id")).count() == 50
    assert IncidentObligation.objects.filter(incident__in=scale).count() == 200
    late = IncidentObligation.objects.filter(sent_at__isnull=False, late_reason="")
    assert all(o.sent_at <= o.deadline for o in late)
