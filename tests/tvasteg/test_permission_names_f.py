"""The portal's backend reads a person's model permissions as names only: the same set as
Django's own backend gives (the security function's ~400 through its group, a direct one)."""

from __future__ import annotations

import pytest
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission

from tvasteg.backends import ModelBackend, load_person


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["security_function", "city_auditor", "official"])
def test_same_permissions_as_djangos_backend(request, persona, django_assert_max_num_queries):
    person = request.getfixturevalue(persona)
    person.user_permissions.add(Permission.objects.get(codename="view_user"))
    expected = backends.ModelBackend().get_all_permissions(
        get_user_model().objects.get(pk=person.pk))
    user = load_person(person.pk)
    with django_assert_max_num_queries(1):
        assert ModelBackend().get_all_permissions(user) == expected
        assert user.has_perm("auth.view_user")
    if persona == "security_function":
        assert len(expected) > 100 and user.has_perm("namnder.manage_members")
