"""``isms.compiled.CompiledQuery``: the same objects as the queryset it was built from."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from isms.compiled import CompiledQuery
from nämnder import services
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db

SENTINEL = -2_000_000_099


def _memberships(*, user_id):
    return Membership.objects.filter(user_id=user_id).select_related("unit").order_by(
        "unit__name", "role"
    )


def test_it_returns_what_the_queryset_returns(official, bromma, chief):
    services.membership_add(actor=None, user=official, unit=bromma, role=Role.COORDINATOR)
    compiled = CompiledQuery(_memberships, user_id=SENTINEL)
    for user in (official, chief):
        expected = list(_memberships(user_id=user.pk))
        got = compiled.objects(user_id=user.pk)
        assert [(m.pk, m.role, m.unit.name, m.created_at) for m in got] == [
            (m.pk, m.role, m.unit.name, m.created_at) for m in expected
        ]
        assert all(m.created_at.tzinfo is not None for m in got)  # converters applied
    assert compiled.objects(user_id=10**9) == []


def test_a_sentinel_lost_in_the_build_is_refused():
    compiled = CompiledQuery(lambda *, user_id: Membership.objects.all(), user_id=SENTINEL)
    with pytest.raises(ImproperlyConfigured):
        compiled.objects(user_id=1)


def test_every_value_must_be_given():
    compiled = CompiledQuery(_memberships, user_id=SENTINEL)
    with pytest.raises(TypeError):
        compiled.objects()
