"""The chief's dashboard: the start page of a unit's chief (samordnare, revisor), what waits for
the person (att göra) and the unit's key figures against the city median. Each figure is
compared with a direct count in its register."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from incidenter.models import IncidentObligation
from isms import plugins
from isms.dates import local_today
from klassning.models import ClassificationStatus, InformationAsset, PlanStatus, UnitRequirement
from ledningssystem.models import DocumentKind, DocumentStatus, FindingAction, SteeringDocument
from oversikt import selectors
from risk.models import Risk
from tests.klassning_helpers import approved, make_asset
from tests.oversikt.world import build_farsta

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(farsta, bromma, official, coordinator, chief, outsider):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    return farsta


def _figures(unit, user):
    data = selectors.unit_dashboards(user=user, units=[unit])
    return {row.figure.key: row for row in data["units"][0]["figures"]}


def test_start_page_of_the_chief_is_the_dashboard_with_todo_items(world, chief, client_for):
    body = client_for(chief).get(reverse("start")).content.decode()
    assert "Att göra" in body
    for label in ("Klassningar att fastställa: 1", "Försenade krav i åtgärdsplanen: 1",
                  "Risker över acceptanskriteriet som väntar på beslut: 1",
                  "Styrdokument vars översyn har passerat: 1",
                  "Försenade åtgärder på iakttagelser: 1"):
        assert label in body
    assert "Anmälningsfrister" in body
    assert "Brådskande:" in body  # urgency in text, not colour alone
    assert f'href="{reverse("klassning:asset_list")}?unit={world.pk}&amp;status=submitted"' in body
    assert reverse("oversikt:unit", args=[world.pk]) in body
    assert "Stadens median" in body


def test_each_todo_item_links_to_where_it_is_done(world, chief, client_for):
    client = client_for(chief)
    todo = selectors.todo_items(user=chief, units=[world])
    assert todo
    for item in todo:
        assert client.get(item.url).status_code == 200, item.url


def test_todo_counts_match_the_registers(world, chief):
    now = timezone.now()
    today = local_today()
    todo = {str(i.label): i.count for i in selectors.todo_items(user=chief, units=[world], now=now)}
    assert todo["Klassningar att fastställa"] == InformationAsset.objects.filter(
        unit=world, latest_status=ClassificationStatus.SUBMITTED).count()
    assert todo["Försenade krav i åtgärdsplanen"] == UnitRequirement.objects.filter(
        unit=world, is_current=True, due_date__lt=today,
        status__in=[PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS]).count()
    assert todo["Risker över acceptanskriteriet som väntar på beslut"] == sum(
        1 for r in Risk.objects.filter(unit=world, status__in=["identified", "in_treatment"])
        if r.current_value > 6)  # the default 4×4 matrix accepts up to 6
    assert todo["Styrdokument vars översyn har passerat"] == SteeringDocument.objects.filter(
        unit=world, status=DocumentStatus.DECIDED, next_review__lt=today).count()
    assert todo["Försenade åtgärder på iakttagelser"] == FindingAction.objects.filter(
        finding__unit=world, due_date__lt=today, status__in=["open", "in_progress"]).count()
    obligations = IncidentObligation.objects.filter(
        incident__unit=world, sent_at__isnull=True).exclude(applies="not_applicable")
    assert todo.get("Anmälningsfrister som har passerat", 0) == obligations.filter(
        deadline__lt=now).count()
    assert todo.get("Anmälningsfrister inom 24 timmar", 0) == obligations.filter(
        deadline__gte=now, deadline__lt=now + dt.timedelta(hours=24)).count()


def test_key_figures_match_the_registers(world, chief):
    figures = _figures(world, chief)
    assets = InformationAsset.objects.filter(unit=world, security_protection=False)
    classified = assets.filter(current_classification__isnull=False).count()
    assert figures["classified"].value == round(100 * classified / assets.count()) == 50
    items = UnitRequirement.objects.filter(unit=world, is_current=True)
    applicable = items.exclude(status=PlanStatus.NOT_APPLICABLE).count()
    assert figures["fulfilment"].value == round(
        100 * items.filter(status=PlanStatus.FULFILLED).count() / applicable)
    assert figures["overdue_reviews"].value == 0
    assert figures["risks_above"].value == 1
    assert figures["incidents"].value == 1
    assert figures["training"].value == 0  # 10 staff, nobody trained
    required = DocumentKind.objects.filter(is_active=True, scope="local",
                                           required_for_every_unit=True)
    present = SteeringDocument.objects.filter(unit=world, status=DocumentStatus.DECIDED,
                                              kind__in=required).values("kind").distinct()
    assert figures["missing_documents"].value == required.count() - present.count() > 0
    assert figures["overdue_documents"].value == 1


def test_median_is_over_all_active_units(world, bromma, make_unit, chief, outsider, security_function):
    approved(make_asset(bromma, outsider, name="Bromma A"), outsider, _chief_of(bromma),
             {"K": 1, "R": 1, "T": 1, "S": 1})
    third = make_unit("tredje")
    make_asset(third, security_function, name="Oklassad")
    make_unit("inaktiv", is_active=False)
    figures = _figures(world, chief)
    # Farsta 50 %, Bromma 100 %, the third 0 %; the inactive unit and the city level not counted.
    assert figures["classified"].median == statistics.median([50, 100, 0]) == 50
    assert figures["classified"].comparison == "som medianen"
    assert figures["risks_above"].median == statistics.median([1, 0, 0])
    assert figures["risks_above"].comparison == "sämre än medianen"


def _chief_of(unit):
    from django.contrib.auth import get_user_model

    from nämnder.models import Role
    from nämnder.services import membership_add

    user = get_user_model().objects.create_user(f"chef.{unit.short_name}", password="x")
    membership_add(actor=None, user=user, unit=unit, role=Role.CHIEF)
    return user


def test_revisor_sees_the_figures_but_nothing_to_do(world, unit_auditor, client_for):
    body = client_for(unit_auditor).get(reverse("start")).content.decode()
    assert "Nyckeltal" in body
    assert "Inget väntar på dig just nu." in body


def test_coordinator_is_not_asked_for_the_chief_only_decisions_beyond_approving(world, coordinator):
    labels = {str(i.label) for i in selectors.todo_items(user=coordinator, units=[world])}
    assert "Klassningar att fastställa" in labels


def test_official_keeps_the_plain_start_page(world, official, client_for):
    body = client_for(official).get(reverse("start")).content.decode()
    assert "Att göra" not in body
    assert 'id="oversikt-start"' not in body


def test_unit_dashboard_page(world, chief, client_for):
    response = client_for(chief).get(reverse("oversikt:unit", args=[world.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Översikt: Farsta stadsdelsnämnd</h1>" in body
    assert "Klassningar att fastställa: 1" in body


def test_another_units_dashboard_is_404(world, bromma, chief, outsider, client_for):
    assert client_for(chief).get(reverse("oversikt:unit", args=[bromma.pk])).status_code == 404
    assert client_for(outsider).get(reverse("oversikt:unit", args=[world.pk])).status_code == 404


def test_the_dashboard_app_names_no_register():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "oversikt"
    for path in root.rglob("*.py"):
        text = path.read_text()
        for app in ("klassning", "risk", "incidenter", "ledningssystem"):
            assert f"from {app}" not in text and f"import {app}" not in text, (path, app)
    assert {s.key for s in plugins.dashboard_sources()} >= {
        "klassning", "risk", "incidenter", "ledningssystem"}


def test_incident_and_notification_figures_match_the_registers(farsta, official, coordinator,
                                                                 chief):
    from incidenter.models import Incident
    from tests.incidenter_helpers import report as incident_report
    from tests.incidenter_helpers import set_obligation

    now = timezone.now()
    incident = incident_report(farsta, official, discovered_at=now - dt.timedelta(hours=100))
    # Sent within its deadline (72 h), and the early warning (24 h) sent late.
    set_obligation(incident, "gdpr-art33", coordinator, applies="applies",
                   sent_at=now - dt.timedelta(hours=50))
    set_obligation(incident, "csl-tidig-varning", coordinator, applies="applies",
                   sent_at=now - dt.timedelta(hours=60), late_reason="Helg")
    figures = _figures(farsta, chief)
    year = local_today().year
    assert figures["incidents"].value == Incident.objects.filter(
        unit=farsta, discovered_at__year=year).count() == 1
    due = IncidentObligation.objects.filter(incident__unit=farsta, applies="applies").exclude(
        sent_at__isnull=True, deadline__gte=now)
    on_time = sum(1 for o in due if o.sent_at is not None and o.sent_at <= o.deadline)
    assert figures["notifications_on_time"].value == round(100 * on_time / due.count()) == 50
    assert figures["notifications_late"].value == due.count() - on_time == 1
