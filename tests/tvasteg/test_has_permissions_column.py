"""Whether a signed-in person holds any model permission is read with the person (one query),
from the link tables only: a group with permissions counts, an empty group does not, and a
person holding none answers ``has_perm`` without asking the database."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tvasteg.backends import HAS_PERMISSIONS_COLUMN, load_person


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user("perm.test", password="x" * 20)


def holds(person) -> bool:
    return getattr(load_person(person.pk), HAS_PERMISSIONS_COLUMN)


@pytest.mark.django_db
def test_none_then_no_query(person, django_assert_num_queries):
    user = load_person(person.pk)
    assert getattr(user, HAS_PERMISSIONS_COLUMN) is False
    with django_assert_num_queries(0):
        assert not user.has_perm("auth.view_user")


@pytest.mark.django_db
def test_empty_group_holds_nothing(person):
    person.groups.add(Group.objects.create(name="Tom grupp"))
    assert holds(person) is False


@pytest.mark.django_db
def test_group_permission_counts(person):
    group = Group.objects.create(name="Med behörighet")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    person.groups.add(group)
    assert holds(person) is True
    assert load_person(person.pk).has_perm("auth.view_user")


@pytest.mark.django_db
def test_direct_permission_counts(person):
    person.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert holds(person) is True


@pytest.mark.django_db
def test_another_persons_group_does_not_count(person):
    other = get_user_model().objects.create_user("perm.other", password="x" * 20)
    group = Group.objects.create(name="Andras")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    other.groups.add(group)
    person.groups.add(Group.objects.create(name="Egen tom"))
    assert holds(person) is False
    assert holds(other) is True
