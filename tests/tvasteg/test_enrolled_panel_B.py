"""Whether a person has an authenticator app (the security function's panel on a person's
page): from the column loaded with the signed-in person, else one prepared query; only a
confirmed app counts. The person's model permissions: a prepared statement, each person's own."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tvasteg_helpers import app_for
from tvasteg import selectors
from tvasteg.backends import ModelBackend, _names_by_id, load_person

pytestmark = pytest.mark.django_db


def test_only_a_confirmed_app_counts(official, chief, django_assert_num_queries):
    TOTPDevice.objects.create(user=official, name="Ej bekräftad", confirmed=False)
    app_for(chief)
    for _ in range(2):  # the second round runs what the first prepared
        with django_assert_num_queries(1):
            assert selectors.is_enrolled(official) is False
        with django_assert_num_queries(1):
            assert selectors.is_enrolled(chief) is True


def test_the_signed_in_person_needs_no_query(official, chief, django_assert_num_queries):
    app_for(chief)
    loaded_chief, loaded_official = load_person(chief.pk), load_person(official.pk)
    with django_assert_num_queries(0):
        assert selectors.is_enrolled(loaded_chief) is True
        assert selectors.is_enrolled(loaded_official) is False


def test_the_permissions_are_each_persons_own_and_prepared(
    need_postgres, official, security_function
):
    official.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    _names_by_id(set())
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            mine = ModelBackend().get_all_permissions(load_person(official.pk))
            theirs = ModelBackend().get_all_permissions(load_person(security_function.pk))
        assert mine == {"admin.view_logentry"}
        assert "namnder.manage_members" in theirs and "admin.view_logentry" not in theirs
        permission_reads = [q["sql"] for q in queries.captured_queries if "permission_id" in q["sql"]]
        assert len(permission_reads) == 2
        assert all("/* prepared statement" in sql for sql in permission_reads)
