"""Action-plan fulfilment: one definition (fulfilled / applicable; "Ej tillämplig" left out of
the denominator) on the start page and in the yearly report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from klassning import services as klassning_services
from klassning.fulfilment import plan_fulfilment
from klassning.models import PlanStatus, UnitRequirement
from klassning.report import classification_section
from rapporter import rendering
from rapporter.models import Report, ReportKind
from tests.rapporter_helpers import seed_unit

pytestmark = pytest.mark.django_db


def test_not_applicable_leaves_the_denominator():
    f = plan_fulfilment({PlanStatus.FULFILLED: 1, PlanStatus.NOT_APPLICABLE: 1,
                         PlanStatus.NOT_STARTED: 2, PlanStatus.IN_PROGRESS: 0})
    assert (f.total, f.fulfilled, f.applicable, f.percent) == (4, 1, 3, 33)
    assert plan_fulfilment({PlanStatus.NOT_APPLICABLE: 2}).percent is None  # nothing applicable
    assert plan_fulfilment({}).percent is None


def _set_status(item, actor, status):
    klassning_services.plan_item_update(
        actor=actor, item=item, expected_version=item.version, status=status,
        motivation="Gäller inte vår verksamhet." if status == PlanStatus.NOT_APPLICABLE else "",
        evidence_note="Rutinen är införd." if status == PlanStatus.FULFILLED else "",
    )


def test_start_page_and_report_show_the_same_fulfilment(farsta, official, chief, client_for):
    seed_unit(farsta, submitter=official, approver=chief)
    items = list(UnitRequirement.objects.filter(unit=farsta, is_current=True).order_by("pk"))
    assert len(items) >= 4
    _set_status(items[0], chief, PlanStatus.FULFILLED)
    _set_status(items[1], chief, PlanStatus.NOT_APPLICABLE)
    applicable = len(items) - 1
    expected = round(100 / applicable)

    start = client_for(chief).get(reverse("start")).content.decode()
    assert f"1 / {applicable} ({expected} %)" in start

    year = timezone.localdate().year
    data = classification_section(unit=farsta, year=year)
    assert (data["unit_plan"].fulfilled, data["unit_plan"].applicable) == (1, applicable)
    assert data["unit_plan"].percent == expected
    html = rendering.render_report_html(
        report=Report(pk=1, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=year),
        generated_at=timezone.now(),
    )
    assert f"1/{applicable} ({expected} %)" in html
