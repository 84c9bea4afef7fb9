"""The portal's backend reads a person's model permissions as names only: the same set as
Django's own backend gives (the security function's ~400 through its group, a direct one)."""

from __future__ import annotations

import pytest
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission

from tvasteg.backends import ModelBackend, _names_by_id, load_person


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["security_function", "city_auditor", "official"])
def test_same_permissions_as_djangos_backend(request, persona, django_assert_max_num_queries):
    person = request.getfixturevalue(persona)
    person.user_permissions.add(Permission.objects.get(codename="view_user"))
    expected = backends.ModelBackend().get_all_permissions(
        get_user_model().objects.get(pk=person.pk))
    user = load_person(person.pk)
    _names_by_id(set())  # the permissions' names, read once per process
    with django_assert_max_num_queries(1):
        assert ModelBackend().get_all_permissions(user) == expected
        assert user.has_perm("auth.view_user")
    if persona == "security_function":
        assert len(expected) > 100 and user.has_perm("namnder.manage_members")


@pytest.mark.django_db
def test_a_permission_created_later_is_named(security_function):
    """The names are kept per process: a permission the process has not seen yet (created
    after the names were read) is read anew, not left out."""
    from django.contrib.contenttypes.models import ContentType

    _names_by_id(set())
    perm = Permission.objects.create(
        codename="ny_behorighet", name="Ny", content_type=ContentType.objects.get_for_model(
            get_user_model()))
    security_function.user_permissions.add(perm)
    assert "auth.ny_behorighet" in ModelBackend().get_all_permissions(
        load_person(security_function.pk))
