"""A person's page (Mina personuppgifter, and anyone's for the security function), issue 9: its
reads are built once per process and, on PostgreSQL, prepared once per database session. The
counts are each person's own whoever was read before (the SQL is kept, the person's id and
username are its parameters), a person's audit events are counted from an index alone, and a
person id the user table cannot hold is a 404 (never sent to the database)."""

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from notifieringar.models import Notification
from sparbarhet import personal_data
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _notify(person, n, *, read=0):
    for i in range(n):
        Notification.objects.create(
            recipient=person, kind="test", title=f"Notis {i}", body="", dedupe_key=f"test-{i}",
            read_at=timezone.now() if i < read else None,
        )


def _logins(person, n, *, failures=0):
    access = {"username": person.username, "ip_address": "127.0.0.1", "user_agent": "test",
              "http_accept": "*/*", "path_info": "/logga-in/"}
    for _ in range(n):
        AccessLog.objects.create(**access)
    for _ in range(failures):
        AccessFailureLog.objects.create(**access)


def _expected_audit_counts(person):
    return sorted(
        AuditEvent.objects.filter(actor_id=person.pk).values_list("kind", "action")
        .annotate(n=Count("pk")).order_by()
    )


def test_the_counts_are_each_persons_own(farsta, official, chief):
    _notify(official, 3, read=1)
    _notify(chief, 5, read=4)
    _logins(official, 2, failures=1)
    _logins(chief, 4)
    for i in range(3):
        make_asset(farsta, official, name=f"Register {i}")
    make_asset(farsta, chief, name="Chefens register")
    # Alternating, twice (the second round runs what the first prepared).
    for _ in range(2):
        for person, notifications, logins in (
            (official, {"total": 3, "unread": 2}, {"logins": 2, "failures": 1}),
            (chief, {"total": 5, "unread": 1}, {"logins": 4, "failures": 0}),
        ):
            assert personal_data.other_counts(person=person) == (notifications, logins)
            counts = sorted((*r["key"], r["count"]) for r in personal_data.audit_counts(person=person))
            assert counts == _expected_audit_counts(person)
            assert personal_data.pseudonymisation(person=person) is None
            assert personal_data.membership_history(person=person)[0]["unit"] == farsta.name


def test_a_person_id_beyond_the_user_table_is_not_found(client_for, security_function):
    client = client_for(security_function)
    for pk in (2**31, 2**63 - 1):
        response = client.get(reverse("sparbarhet:personal_data", args=[pk]))
        assert response.status_code == 404


def test_the_security_functions_own_page_reads_their_app_with_them(
    client_for, security_function, django_assert_max_num_queries
):
    """The two-factor panel on one's own page answers from the column loaded with the
    signed-in person: no query of its own."""
    client = client_for(security_function)
    url = reverse("sparbarhet:my_personal_data")
    client.get(url)
    # session, person, permissions, memberships; the page: pseudonymisation, membership
    # history, history counts, audit counts, latest events, notifications and logins
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "Aktiverad." in response.content.decode()


def test_every_read_of_a_persons_page_is_prepared(
    need_postgres, client_for, farsta, official, security_function
):
    from django.test.utils import CaptureQueriesContext

    make_asset(farsta, official, name="Register")
    client = client_for(security_function)
    url = reverse("sparbarhet:personal_data", args=[official.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    plain = [q["sql"] for q in queries.captured_queries if "/* prepared statement" not in q["sql"]]
    assert plain == []


def test_the_audit_counts_need_no_event_row(need_postgres, farsta, official):
    """Counted from the index on (actor, kind, action) alone: with every other way to read
    the events turned off, PostgreSQL can still answer (an index-only scan)."""
    make_asset(farsta, official, name="Register")
    sql, params = personal_data._audit_counts(actor_id=official.pk).query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using auditevent_actor_kind_idx" in plan
