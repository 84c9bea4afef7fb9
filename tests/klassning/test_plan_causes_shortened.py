"""A requirement on a list page names its first few causing assets and counts the rest (a unit
with a thousand assets would otherwise print them all on every row); the requirement's own page
lists them all."""

import pytest
from django.urls import reverse

from klassning.handover import CAUSES_SHOWN
from klassning.models import UnitRequirement
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db


def test_plan_names_the_first_causes_and_counts_the_rest(farsta, official, chief, client_for):
    count = CAUSES_SHOWN + 3
    for i in range(count):
        approved(make_asset(farsta, official, name=f"Register {i:02d}"), official, chief,
                 {"K": 2, "R": 1, "T": 1, "S": 1})
    client = client_for(chief)
    plan = client.get(reverse("klassning:unit_plan", args=[farsta.pk])).content.decode()
    assert "och 3 informationsmängder till" in plan
    assert "Register 00" in plan and f"Register {count - 1:02d}" not in plan
    item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    page = client.get(reverse("klassning:unit_item_edit", args=[item.pk])).content.decode()
    assert all(f"Register {i:02d}" in page for i in range(count))
