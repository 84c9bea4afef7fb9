"""``isms.counted_pages``: a list made DISTINCT is counted as Django counts it (a window
function counts the rows before DISTINCT)."""

import pytest
from django.core.paginator import Paginator

from isms.counted_pages import CountedKeysPaginator
from nämnder.models import Membership, OrganisationUnit, Role

pytestmark = pytest.mark.django_db


def test_a_distinct_list_is_counted_as_django_counts_it(make_person, farsta, bromma):
    for n in range(3):
        person = make_person(f"person{n}", farsta, Role.OFFICIAL)
        Membership.objects.create(user=person, unit=bromma, role=Role.OFFICIAL)
    units = OrganisationUnit.objects.filter(memberships__isnull=False).distinct().order_by("name")
    assert units.count() == 2
    ours = CountedKeysPaginator(units, 1).get_page(1)
    theirs = Paginator(units, 1).get_page(1)
    assert ours.paginator.count == theirs.paginator.count == 2
    assert list(ours) == list(theirs)
