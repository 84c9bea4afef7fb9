"""``isms.compiled.CompiledRows``: the same rows as the ``values_list`` queryset it was built
from (its column order, converted values), with the request's values in the sentinels."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Value

from isms.compiled import CompiledRows
from nämnder import services
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db

SENTINEL = -2_000_000_098


def _rows(*, user_id):
    # Annotations listed before a field and an expression: Django reorders the SQL's columns
    # into this order, and so must the compiled rows.
    return (
        Membership.objects.filter(user_id=user_id)
        .annotate(unit_name=F("unit__name"))
        .order_by("unit__name", "role")
        .values_list("unit_name", "role", "created_at", Value(True), "pk")
    )


def test_it_returns_what_the_queryset_returns(official, bromma, chief):
    services.membership_add(actor=None, user=official, unit=bromma, role=Role.COORDINATOR)
    compiled = CompiledRows(_rows, user_id=SENTINEL)
    for user in (official, chief):
        expected = list(_rows(user_id=user.pk))
        assert expected
        got = compiled.rows(user_id=user.pk)
        assert got == [tuple(row) for row in expected]
        assert all(row[2].tzinfo is not None and row[3] is True for row in got)  # converted
    assert compiled.rows(user_id=10**9) == []


def test_a_column_only_ordered_by_is_not_given(official, bromma):
    services.membership_add(actor=None, user=official, unit=bromma, role=Role.COORDINATOR)

    def build(*, user_id):
        return Membership.objects.filter(user_id=user_id).order_by("-unit__name").values_list("role")

    assert CompiledRows(build, user_id=SENTINEL).rows(user_id=official.pk) == [
        tuple(row) for row in build(user_id=official.pk)
    ]


def test_variants_by_key_are_built_apart(official, bromma):
    services.membership_add(actor=None, user=official, unit=bromma, role=Role.COORDINATOR)

    def build(*, key, user_id):
        return Membership.objects.filter(user_id=user_id, role=key).values_list("unit__name")

    compiled = CompiledRows(build, user_id=SENTINEL)
    assert compiled.rows(key=Role.COORDINATOR, user_id=official.pk) == [(bromma.name,)]
    assert compiled.rows(key=Role.CHIEF, user_id=official.pk) == []


def test_a_sentinel_lost_in_the_build_is_refused():
    compiled = CompiledRows(
        lambda *, user_id: Membership.objects.values_list("pk"), user_id=SENTINEL
    )
    with pytest.raises(ImproperlyConfigured):
        compiled.rows(user_id=1)


def test_it_gives_rows_not_objects():
    compiled = CompiledRows(_rows, user_id=SENTINEL)
    assert not hasattr(compiled, "objects")
    with pytest.raises(TypeError):
        compiled.rows()
