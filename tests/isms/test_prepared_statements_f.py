"""The queries of every signed-in request (session, person, memberships) run as server-side
prepared statements on PostgreSQL (``isms.prepared``): planned once per database session, not on
every page. What a person reaches must not change: a logged-out session, a removed app and a
changed membership count at the next request, also after a reconnect or a lost statement."""

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from isms import prepared
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db


def _held() -> dict[str, int]:
    """The session's prepared statements and how often each was planned (custom or generic)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _executed(django_assert_max_num_queries, client, path):
    with django_assert_max_num_queries(50) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_signed_in_page_runs_its_fixed_queries_prepared(
    need_postgres, client_for, chief, django_assert_max_num_queries
):
    client = client_for(chief)
    url = reverse("notifieringar:notification_list")
    client.get(url)
    before = _held()
    response, sqls = _executed(django_assert_max_num_queries, client, url)
    assert response.status_code == 200
    after = _held()
    ran = {name for name, runs in after.items() if runs > before.get(name, 0)}
    # The session, the person (with the session's device: the chief uses two-factor login)
    # and the memberships of the header.
    assert len(ran) == 3, (before, after)
    # The query log shows each statement's SQL with its values, naming the statement.
    logged = [s for s in sqls if "/* prepared statement isms_compiled_" in s]
    assert len(logged) == 3, sqls
    assert [s.split()[0] for s in logged] == ["SELECT"] * 3
    assert {s.rsplit("/* prepared statement ", 1)[1].split()[0] for s in logged} == ran
    assert any(f"= '{client.session.session_key}'" in s for s in logged)
    assert any(s.startswith('SELECT "auth_user"') and f'"auth_user"."id" = {chief.pk}' in s
               for s in logged)


def test_the_header_shows_the_same_roles_prepared_or_not(need_postgres, client_for, chief, monkeypatch):
    client = client_for(chief)
    url = reverse("notifieringar:notification_list")
    prepared_page = client.get(url).content.decode()
    monkeypatch.setattr(prepared, "ensure", lambda *args, **kwargs: None)
    plain_page = client.get(url).content.decode()

    def header(page):
        return page[page.index('<header'):page.index('</header>')].replace(
            page[page.index('name="csrfmiddlewaretoken" value="'):].split('"')[3], "")

    assert header(prepared_page) == header(plain_page)


def test_logout_ends_the_session_for_the_prepared_read(need_postgres, client_for, official):
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    assert client.get(url).status_code == 200
    client.post(reverse("logout"))
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_removed_app_unverifies_the_session_at_the_next_request(need_postgres, client_for, chief):
    client = client_for(chief)
    url = reverse("notifieringar:notification_list")
    assert client.get(url).status_code == 200
    TOTPDevice.objects.filter(user=chief).delete()
    response = client.get(url)
    assert response.status_code == 302
    assert "/tvastegsverifiering/" in response["Location"] or "tvasteg" in response["Location"]


def test_a_new_membership_shows_at_the_next_request(need_postgres, client_for, official, bromma):
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    assert bromma.name not in client.get(url).content.decode()
    Membership.objects.create(user=official, unit=bromma, role=Role.OFFICIAL)
    assert bromma.name in client.get(url).content.decode()


def test_a_reconnect_prepares_again(need_postgres, client_for, official):
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    assert client.get(url).status_code == 200
    # A new database session (as after a failed health check) holds no statements.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared.forget(connections["default"])  # the wrapper, not the proxy
    assert not _held()
    assert client.get(url).status_code == 200
    assert {n for n in _held() if n.startswith("isms_compiled_")}


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_session_lost_is_prepared_again(need_postgres, client_for, official):
    """Outside a transaction (as a request in production): answered as before."""
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # the connection still believes it holds them
    assert client.get(url).status_code == 200
    assert {n for n in _held() if n.startswith("isms_compiled_")}


def test_a_statement_lost_inside_a_transaction_fails_it_once(need_postgres, client_for, official):
    """Inside a transaction the error stands (as any database error), and the connection
    forgets its statements: the next request prepares them again."""
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        client.get(url)
    assert client.get(url).status_code == 200


def test_a_prepare_inside_a_rolled_back_transaction_is_kept(need_postgres, client_for, official):
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared.forget(connections["default"])  # the wrapper, not the proxy
    try:
        with transaction.atomic():
            assert client.get(url).status_code == 200
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert client.get(url).status_code == 200


def test_with_prepared_statements_off_the_page_runs_plain_sql(
    client_for, official, django_assert_max_num_queries, settings
):
    """Other databases, and PostgreSQL behind a pooler in transaction mode
    (``DATABASE_PREPARED_STATEMENTS=false``): the same page, from plain SQL."""
    settings.DATABASE_PREPARED_STATEMENTS = False
    client = client_for(official)
    url = reverse("notifieringar:notification_list")
    client.get(url)
    if connection.vendor == "postgresql":
        before = _held()
    response, sqls = _executed(django_assert_max_num_queries, client, url)
    assert response.status_code == 200
    assert not any("prepared statement" in s or s.startswith("EXECUTE") for s in sqls), sqls
    if connection.vendor == "postgresql":
        assert _held() == before  # nothing prepared, nothing run prepared
