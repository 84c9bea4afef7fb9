"""An overdue requirement is flagged on the plan and counted on the start page; fulfilment has
one definition (Uppfylld is done, Ej tillämplig is left out) on the start page and in reports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from klassning import selectors
from klassning.fulfilment import plan_fulfilment
from klassning.models import PlanStatus, UnitRequirement
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(farsta, official, chief):
    approved(make_asset(farsta, official), official, chief, {"K": 2, "R": 1, "T": 1, "S": 1})
    items = list(UnitRequirement.objects.filter(unit=farsta, is_current=True).order_by("pk"))
    assert len(items) >= 4
    return items


def _set(item, **fields):
    UnitRequirement.objects.filter(pk=item.pk).update(**fields)


def test_overdue_is_flagged_on_the_plan_and_counted_on_the_start_page(plan, farsta, chief, client_for):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    _set(plan[0], due_date=yesterday)  # not started, due yesterday: overdue
    _set(plan[1], due_date=yesterday, status=PlanStatus.FULFILLED)  # done: not overdue
    _set(plan[2], due_date=timezone.localdate())  # due today: not yet overdue
    overdue = {i.pk for i in selectors.unit_plan(unit=farsta) if i.is_overdue}
    assert overdue == {plan[0].pk}

    client = client_for(chief)
    body = client.get(reverse("klassning:unit_plan", args=[farsta.pk])).content.decode()
    assert body.count('<span class="badge overdue">Försenad</span>') == 1
    filtered = client.get(reverse("klassning:unit_plan", args=[farsta.pk]) + "?overdue=on")
    assert filtered.content.decode().count(plan[0].requirement.code + "<") == 1
    assert plan[1].requirement.code + "<" not in filtered.content.decode()

    start = client.get(reverse("start")).content.decode()
    assert "Försenade åtgärder" in start
    assert f'{reverse("klassning:unit_plan", args=[farsta.pk])}?overdue=on">1</a>' in start


def test_fulfilment_counts_fulfilled_and_leaves_out_not_applicable(plan, farsta, chief, client_for):
    _set(plan[0], status=PlanStatus.FULFILLED)
    _set(plan[1], status=PlanStatus.NOT_APPLICABLE, motivation="Ingen extern åtkomst")
    for item in plan[2:]:
        _set(item, status=PlanStatus.IN_PROGRESS)
    total = len(plan)
    counts = selectors.plan_status_counts(unit=farsta)
    result = plan_fulfilment(counts)
    assert (result.total, result.fulfilled, result.applicable) == (total, 1, total - 1)
    assert result.percent == round(100 / (total - 1))
    body = client_for(chief).get(reverse("start")).content.decode()
    assert f"1 / {total - 1} ({result.percent} %)" in body


def test_fulfilment_of_nothing_is_none():
    assert plan_fulfilment({}).percent is None
    assert plan_fulfilment({PlanStatus.NOT_APPLICABLE: 2}).percent is None
