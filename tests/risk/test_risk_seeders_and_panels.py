"""The risk app's plug-ins: demo and scale seeders, the start-page panel for chiefs and
samordnare, the object panels on klassning's pages and a risk made from a requirement."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from isms.dates import local_today
from klassning import services as klassning_services
from klassning.models import PlanStatus, UnitRequirement
from risk import matrix as risk_matrix
from risk import services
from risk.models import Risk, RiskAction, RiskStatus
from tests.klassning_helpers import approved, make_asset
from tests.risk_helpers import make_action, make_risk

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_seed_demo_adds_risks_once_some_accepted_by_the_chief(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    count = Risk.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Risk.objects.count() == count >= 4
    accepted = Risk.objects.filter(status=RiskStatus.ACCEPTED)
    assert accepted.exists()
    assert {r.accepted_by.username for r in accepted} <= {"chef.farsta", "chef.bromma"}
    assert accepted.filter(accepted_above_criterion=True).exists()
    assert RiskAction.objects.filter(due_date__lt=local_today(), status="planned").exists() or \
        RiskAction.objects.filter(due_date__lt=local_today(), status="in_progress").exists()


def test_seed_scale_inserts_risks_as_the_services_would(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    demo = Risk.objects.count()
    out = io.StringIO()
    call_command("seed_scale", scale=0.01, stdout=out)
    assert Risk.objects.count() == 100 + demo
    assert Risk.history.filter(title__regex=r"\(\d+\)$", history_type="+").count() == 100
    assert RiskAction.history.count() == RiskAction.objects.count() > 0
    m = risk_matrix.load()
    for risk in Risk.objects.all():
        assert risk.inherent_likelihood in m.likelihood_values
        assert risk.inherent_consequence in m.consequence_values
        if risk.status == RiskStatus.ACCEPTED and risk.accepted_above_criterion:
            assert services.is_unit_chief(risk.accepted_by, risk.unit)
    assert "Risker: 100 risker" in out.getvalue()


def test_start_panel_for_chief_shows_risks_awaiting_decision(client_for, chief, official, farsta):
    make_risk(farsta, official, title="Hög risk", likelihood=4, consequence=3)
    late = make_risk(farsta, official, title="Sen", likelihood=1, consequence=1,
                     next_follow_up=local_today() - dt.timedelta(days=2))
    make_action(late, official, days=-1)
    body = _text(client_for(chief).get(reverse("start")))
    assert "Risker som väntar på beslut eller uppföljning" in body
    assert re.search(r"Farsta stadsdelsnämnd</a></th><td>1</td><td>1</td><td><a[^>]*>1</a>", body)


def test_start_panel_not_for_handlaggare(client_for, official, farsta):
    make_risk(farsta, official, likelihood=4, consequence=4)
    body = _text(client_for(official).get(reverse("start")))
    assert "Risker som väntar på beslut" not in body


def test_requirement_not_applicable_becomes_a_risk_to_accept(client_for, official, chief, farsta):
    asset = make_asset(farsta, official, name="Elevakter")
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 2})
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    item = klassning_services.plan_item_update(
        actor=official, item=item, expected_version=item.version,
        status=PlanStatus.NOT_APPLICABLE, motivation="Ingen sådan verksamhet",
    )
    client = client_for(official)
    body = _text(client.get(reverse("klassning:unit_item_edit", args=[item.pk])))
    assert "Gör till risk att acceptera" in body
    href = re.search(r'href="([^"]*)">Gör till risk att acceptera', body).group(1)
    form = _text(client.get(href.replace("&amp;", "&")))
    assert f'<option value="{item.pk}" selected>' in form
    assert item.requirement.code in form and 'value="accept" selected' in form
    assert "Ingen sådan verksamhet" in form


def test_fulfilled_requirement_offers_no_risk(client_for, official, chief, farsta):
    asset = make_asset(farsta, official, name="Elevakter")
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 2})
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    body = _text(client_for(official).get(reverse("klassning:unit_item_edit", args=[item.pk])))
    assert "Gör till risk att acceptera" not in body
    assert "Risker som hänvisar till kravet" not in body  # nothing to show: no panel


def test_requirement_panel_lists_citing_risks(client_for, official, chief, farsta):
    asset = make_asset(farsta, official, name="Elevakter")
    approved(asset, official, chief, {"K": 3, "R": 2, "T": 2, "S": 2})
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    make_risk(farsta, official, title="Saknad rutin", cited_unit_requirements=[item])
    body = _text(client_for(official).get(reverse("klassning:unit_item_edit", args=[item.pk])))
    assert "Risker som hänvisar till kravet" in body and "Saknad rutin" in body


def test_service_panel_hides_other_units_risks(client_for, official, outsider, farsta, bromma):
    from tests.klassning_helpers import make_service

    service = make_service(farsta, official, name="Procapita", user_units=[bromma])
    make_risk(farsta, official, title="Farstas risk", it_services=[service])
    body = _text(client_for(outsider).get(reverse("klassning:service_detail",
                                                  args=[service.pk])))
    assert "Farstas risk" not in body


def test_supplier_panel_shows_the_suppliers_risks_the_user_may_see(
    rf, official, outsider, farsta
):
    from isms import plugins
    from leverantorer.models import Supplier

    supplier = Supplier.objects.create(name="Tieto Evry")
    make_risk(farsta, official, title="Underbiträde utan avtal", suppliers=[supplier])

    def panels(user):
        request = rf.get("/")
        request.user = user
        return "".join(plugins.object_panels(request, supplier))

    assert "Underbiträde utan avtal" in panels(official)
    assert "Risker som gäller leverantören" in panels(official)
    assert f"/risker/ny/?supplier={supplier.pk}" in panels(official)
    assert "Underbiträde utan avtal" not in panels(outsider)


def test_risk_prefilled_with_supplier(client_for, official, farsta):
    from leverantorer.models import Supplier

    supplier = Supplier.objects.create(name="Tieto Evry")
    form = _text(client_for(official).get(f"/risker/ny/?supplier={supplier.pk}"))
    assert f'<option value="{supplier.pk}" selected>Tieto Evry' in form
