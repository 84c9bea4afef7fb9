"""Issue 9: on PostgreSQL the action plan names each requirement's first causes and counts the
rest in the database (``handover._unit_cause_heads``): the same assets, in the same (name)
order, and the same counts as walking every asset's levels (``cause_levels``)."""

import pytest
from django.urls import reverse

from klassning import handover, selectors
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

LEVELS = [
    ("Öppna data", {"K": 1, "R": 1, "T": 1, "S": 1}),
    ("Ärendeakter", {"K": 3, "R": 2, "T": 2, "S": 3}),
    ("Avtal", {"K": 2, "R": 3, "T": 1, "S": 2}),
    ("elevregister", {"K": 4, "R": 2, "T": 3, "S": 1}),
    ("Bygglov", {"K": 2, "R": 2, "T": 4, "S": 2}),
    ("Löner", {"K": 3, "R": 4, "T": 2, "S": 4}),
]


def _causes(items):
    return [(i.pk, [a.pk for a in i.causes], i.more_causes) for i in items]


@pytest.mark.parametrize("shown", [1, 2, 5])
def test_the_first_causes_and_the_rest_are_those_of_every_assets_levels(
    farsta, official, chief, shown
):
    for name, levels in LEVELS:
        approved(make_asset(farsta, official, name=name), official, chief, levels)
    make_asset(farsta, official, name="Ej klassad")
    items = list(selectors.unit_plan(unit=farsta))
    assert items
    fast = handover.attach_causes(items, user=chief, unit=farsta, shown=shown)
    walked = handover.attach_causes(
        list(selectors.unit_plan(unit=farsta)), user=chief, unit=farsta, shown=shown,
        levels=handover.cause_levels(unit=farsta),
    )
    assert _causes(fast) == _causes(walked)
    assert any(i.more_causes for i in fast) or shown == 5
    assert all(a.can_view for i in fast for a in i.causes)


def test_the_plan_names_the_causes_escaped_with_their_unit(farsta, official, chief, client_for):
    approved(make_asset(farsta, official, name="Avtal <b>&</b> ärenden"), official, chief,
             {"K": 4, "R": 4, "T": 4, "S": 4})
    body = client_for(chief).get(reverse("klassning:unit_plan", args=[farsta.pk])).content.decode()
    assert "Avtal &lt;b&gt;&amp;&lt;/b&gt; ärenden</a> (" in body
    assert "<b>&</b>" not in body
