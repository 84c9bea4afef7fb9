"""The idle timeout holds without a session write on every page: a plain GET within a minute
of the last save writes nothing, activity after that moves the expiry on, and a person idle for
the whole timeout is logged out."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from isms.sessions import REFRESHED_KEY

pytestmark = pytest.mark.django_db


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _age_last_refresh(client, seconds: int) -> None:
    """As if the last save was ``seconds`` ago (the stored expiry moved back with it)."""
    session = client.session
    session[REFRESHED_KEY] -= seconds
    session.save()  # a save sets the expiry from now: move it back too
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=session.get_expiry_age() - seconds)
    )


def test_a_plain_get_within_the_interval_writes_no_session(client_for, official):
    client = client_for(official)
    client.get(reverse("start"))  # the first page after login marks the session
    before = _session(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("start")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []
    assert _session(client).expire_date == before


def test_activity_after_the_interval_moves_the_expiry_on(client_for, official, settings):
    client = client_for(official)
    client.get(reverse("start"))
    _age_last_refresh(client, settings.SESSION_REFRESH_INTERVAL + 1)
    before = _session(client).expire_date
    assert client.get(reverse("start")).status_code == 200
    after = _session(client).expire_date
    assert after - before >= dt.timedelta(seconds=settings.SESSION_REFRESH_INTERVAL)
    assert after > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_idle_for_the_timeout_logs_out(client_for, official, settings):
    client = client_for(official)
    client.get(reverse("start"))
    _age_last_refresh(client, settings.SESSION_COOKIE_AGE + 1)
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_visit_creates_no_session(client):
    client.get(reverse("login"))
    assert Session.objects.count() == 0
