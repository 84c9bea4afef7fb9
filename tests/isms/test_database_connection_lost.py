"""Issue 15: a database connection lost between two requests (a restart, a failover,
``pg_terminate_backend``) is replaced, and one lost during a request gives a Swedish 503 page.

The first test runs the portal as production does: gunicorn (one sync worker, so both requests
use the same persistent connection), DEBUG off, ``CONN_MAX_AGE`` set, PostgreSQL.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import RequestFactory

from isms.middleware import DatabaseUnavailableMiddleware
from tests.rapporter.test_rapporter_worker import database_url

GUNICORN = Path(sys.executable).with_name("gunicorn")
APP_NAME = f"isms-test-gunicorn-{uuid.uuid4().hex[:8]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]  # the ModelBackend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _get(port: int, path: str, session_key: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": f"sessionid={session_key}"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_a_connection_terminated_between_requests_is_replaced(need_postgres, official, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(), "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "ISMS_TESTING": "1",
        "CONN_MAX_AGE": "600", "CELERY_BROKER_URL": "", "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "isms.settings",
        # libpq names gunicorn's connections, so only they are terminated below.
        "PGAPPNAME": APP_NAME,
    }
    env.pop("DATABASE_TEST_TEMPLATE", None)
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(GUNICORN), "isms.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    session_key = _session_for(official)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/healthz", session_key) == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.2)
        assert _get(port, "/rapporter/", session_key) == 200, log_path.read_text()[-3000:]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s", [APP_NAME]
            )
            assert cursor.fetchone()[0] >= 1  # gunicorn's persistent connection
        statuses = [_get(port, "/rapporter/", session_key) for _ in range(2)]
        assert statuses == [200, 200], log_path.read_text()[-3000:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_connection_lost_during_a_request_answers_a_swedish_503(rf: RequestFactory, db):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(
        rf.get("/rapporter/"), OperationalError("server closed the connection unexpectedly")
    )
    assert response.status_code == 503 and response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Portalen är tillfälligt otillgänglig" in text and "Försök igen om en stund" in text
    assert "server closed" not in text
    assert middleware.process_exception(rf.get("/"), ValueError("annat")) is None
