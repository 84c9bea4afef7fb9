"""The fixed cost of every authenticated request (issue 9): the queries a minimal page makes
before its own, none of them twice, whatever the person has (notifications, memberships)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifieringar import services as notice_services
from notifieringar.models import NotificationKind
from nämnder import services as namnder_services
from nämnder.models import Role

pytestmark = pytest.mark.django_db

MINIMAL = reverse("notifieringar:notification_list")


def _notices(user, n):
    for i in range(n):
        notice_services.notify(
            recipients=[user], kind=NotificationKind.CLASSIFICATION_APPROVED,
            title=f"Klassningen är fastställd: Register {i}", body="Fastställd.",
            link="/informationsmangder/", dedupe_key=f"fixed-cost:{i}",
        )


def _queries(client, path=MINIMAL) -> list[str]:
    assert client.get(path).status_code == 200  # warm: nothing lazy left for the next one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


# session, the person (with their login state, the session's device and unread count),
# memberships, and the page's own: the notifications' count (and the page of them).
FIXED = 3


@pytest.mark.parametrize("persona", ["official", "chief", "security_function"])
def test_the_minimal_page_costs_the_fixed_queries_and_its_own(request, client_for, persona):
    user = request.getfixturevalue(persona)
    queries = _queries(client_for(user))
    assert len(queries) == FIXED + 1, "\n".join(queries)  # no notifications: the count only


def test_the_minimal_page_stays_flat_with_more_notifications_and_memberships(
    client_for, chief, bromma
):
    client = client_for(chief)
    _notices(chief, 1)
    few = _queries(client)
    _notices(chief, 40)
    namnder_services.membership_add(actor=None, user=chief, unit=bromma, role=Role.AUDITOR)
    many = _queries(client)
    assert len(few) == len(many) == FIXED + 2, "\n".join(many)


@pytest.mark.parametrize(("persona", "paths"), [
    ("official", (MINIMAL, reverse("unit_list"), reverse("start"))),
    # (a chief's start page is the dashboards', docs/oversikt.md)
    ("chief", (MINIMAL, reverse("unit_list"), reverse("sparbarhet:audit_log"))),
])
def test_no_query_runs_twice(request, client_for, persona, paths):
    """The unread count (menu badge and the page's heading), the memberships (header, menu's
    and page's audit-log rule, the start page's units) and the second step's device are each
    read once."""
    user = request.getfixturevalue(persona)
    _notices(user, 3)
    for path in paths:
        queries = _queries(client_for(user), path)
        repeated = {q for q in queries if queries.count(q) > 1}
        assert not repeated, f"{path}: {repeated}"
        # The unread count only as a column of the person's query.
        assert not [q for q in queries
                    if '"read_at" IS NULL' in q and not q.startswith('SELECT "auth_user"')]
        assert not [q for q in queries if q.startswith('SELECT "otp_')]
        if path != reverse("start"):  # (the start page's panels read more about units)
            assert sum(q.startswith('SELECT "namnder_membership"') for q in queries) == 1


def test_the_unread_count_is_read_again_by_the_next_request(client_for, official):
    client = client_for(official)
    _notices(official, 2)
    body = client.get(MINIMAL).content.decode()
    assert "2 olästa notiser" in body and '<span class="badge">2<' in body
    _notices(official, 3)  # five in all (dedupe: 0..2 again, plus 2)
    body = client.get(MINIMAL).content.decode()
    assert "3 olästa notiser" in body and '<span class="badge">3<' in body
    client.post(reverse("notifieringar:notifications_mark_all_read"))
    body = client.get(MINIMAL).content.decode()
    assert "0 olästa notiser" in body and 'class="badge"' not in body


def test_a_new_membership_shows_in_the_header_at_the_next_request(client_for, official, bromma):
    client = client_for(official)
    assert "Bromma" not in client.get(MINIMAL).content.decode()
    namnder_services.membership_add(actor=None, user=official, unit=bromma, role=Role.OFFICIAL)
    assert "Bromma" in client.get(MINIMAL).content.decode()


# A person's model permissions (``user.has_perm``): Django's two queries, or the backend's one.
# Django's own reads, and the portal's (tvasteg.backends: the ids the person holds, and once
# per process the permissions' names).
PERMISSION_QUERIES = ('SELECT "auth_permission"', 'SELECT "django_content_type"."app_label"',
                      "SELECT d.permission_id")


def test_model_permissions_cost_no_query_for_who_holds_none(client_for, chief):
    """A unit role's rights are object permissions: ``has_perm`` (``access.sees_all_units``) on
    the report archive asks the database nothing for a chief."""
    queries = _queries(client_for(chief), "/rapporter/")
    assert not [q for q in queries if q.startswith(PERMISSION_QUERIES)]


def test_model_permissions_are_read_in_one_query(client_for, security_function):
    queries = _queries(client_for(security_function), "/rapporter/")
    assert sum(q.startswith(PERMISSION_QUERIES) for q in queries) == 1


def test_a_city_wide_role_counts_from_the_next_request_and_ends_with_it(
    client_for, official, city, bromma
):
    from nämnder.models import Membership

    client = client_for(official)
    assert "Bromma" not in client.get(reverse("unit_list")).content.decode()
    membership = namnder_services.membership_add(
        actor=None, user=official, unit=city, role=Role.AUDITOR
    )
    from tests.tvasteg_helpers import verify_session

    verify_session(client, official)  # a revisor must use the second step
    assert "Bromma" in client.get(reverse("unit_list")).content.decode()
    namnder_services.membership_remove(actor=None, membership=membership)
    assert not Membership.objects.filter(user=official, unit=city).exists()
    assert "Bromma" not in client.get(reverse("unit_list")).content.decode()
