"""``isms.compiled.CompiledRows``: grouped rows built once per process give what the queryset
they were built from gives, for any number of ids and any day or moment."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from isms.compiled import CompiledRows, Ids
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db


def _per_unit(unit_ids, since):
    return (Membership.objects.filter(unit_id__in=unit_ids).values("unit_id")
            .annotate(n=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since)))
            .order_by("unit_id").values_list("unit_id", "n", "recent"))


COMPILED = CompiledRows(_per_unit, unit_ids=Ids(-2_000_000_901),
                        since=dt.datetime(1901, 1, 2, 3, 4, 5, tzinfo=dt.UTC))


def test_the_rows_are_the_querysets_for_any_ids_and_moment(official, coordinator, chief, farsta,
                                                           bromma):
    Membership.objects.create(user=official, unit=bromma, role=Role.COORDINATOR)
    ids = [farsta.pk, bromma.pk]
    now = timezone.now()
    for unit_ids in ([farsta.pk], ids, [bromma.pk, farsta.pk, farsta.pk], [10**6]):
        for since in (now - dt.timedelta(days=1), now + dt.timedelta(days=1)):
            assert COMPILED.rows(unit_ids=unit_ids, since=since) == list(
                _per_unit(unit_ids, since)
            )
    rows = {pk: n for pk, n, _recent in COMPILED.rows(unit_ids=ids, since=now)}
    assert rows[bromma.pk] == Membership.objects.filter(unit=bromma).count()


def test_no_ids_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert COMPILED.rows(unit_ids=[], since=timezone.now()) == []
    assert not queries.captured_queries


def test_a_day_compared_in_the_sql(official, farsta, bromma):
    Membership.objects.create(user=official, unit=bromma, role=Role.COORDINATOR)

    def joined_before(unit_ids, day):
        return (Membership.objects.filter(unit_id__in=unit_ids, created_at__date__lt=day)
                .values("unit_id").annotate(n=Count("pk")).order_by("unit_id")
                .values_list("unit_id", "n"))

    compiled = CompiledRows(joined_before, unit_ids=Ids(-2_000_000_911), day=dt.date(1901, 3, 4))
    today = timezone.localdate()
    ids = [farsta.pk, bromma.pk]
    for day in (today + dt.timedelta(days=1), today - dt.timedelta(days=3650)):
        assert compiled.rows(unit_ids=ids, day=day) == list(joined_before(ids, day))
    assert compiled.rows(unit_ids=ids, day=today + dt.timedelta(days=1))
    assert compiled.rows(unit_ids=ids, day=today - dt.timedelta(days=3650)) == []


def test_a_sentinel_lost_in_the_build_is_refused(farsta):
    compiled = CompiledRows(lambda unit_ids, since: _per_unit(unit_ids, timezone.now()),
                            unit_ids=Ids(-2_000_000_921), since=dt.datetime(1901, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ImproperlyConfigured):
        compiled.rows(unit_ids=[farsta.pk], since=timezone.now())


def test_every_value_must_be_given(farsta):
    with pytest.raises(TypeError):
        COMPILED.rows(unit_ids=[farsta.pk])


def test_two_lists_of_ids_that_overlap_are_refused(farsta):
    compiled = CompiledRows(
        lambda unit_ids, user_ids: Membership.objects.filter(unit_id__in=unit_ids,
                                                             user_id__in=user_ids)
        .values_list("pk"),
        unit_ids=Ids(-2_000_000_931), user_ids=Ids(-2_000_000_932),
    )
    with pytest.raises(ImproperlyConfigured):
        compiled.rows(unit_ids=[farsta.pk, farsta.pk + 1], user_ids=[1])


def test_distinct_rows_keep_their_own_columns_only(official, coordinator, farsta, bromma):
    """A DISTINCT over a model with a default ordering selects the ordering's columns too:
    the rows are the values asked for, as the queryset's."""
    Membership.objects.create(user=official, unit=bromma, role=Role.COORDINATOR)

    def roles(unit_ids):
        return (Membership.objects.filter(unit_id__in=unit_ids).order_by("user__username")
                .values_list("unit_id", "role").distinct())

    compiled = CompiledRows(roles, unit_ids=Ids(-2_000_000_941))
    ids = [farsta.pk, bromma.pk]
    assert sorted(compiled.rows(unit_ids=ids)) == sorted(roles(ids))
    assert all(len(row) == 2 for row in compiled.rows(unit_ids=ids))
