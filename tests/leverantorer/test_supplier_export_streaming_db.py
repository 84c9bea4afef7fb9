"""The supplier export streams its queryset after the view has returned: through a real WSGI
handler (the request signals and their connection handling on, unlike the test client), outside
any test transaction, with ``ATOMIC_REQUESTS`` on and a connection per request, every row arrives
(on PostgreSQL ``.iterator()`` reads through a server-side cursor, which then must be WITH HOLD)."""

import csv
import io

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.client import FakePayload
from openpyxl import load_workbook

from leverantorer.models import Supplier
from leverantorer.views import EXPORT_CHUNK

N = EXPORT_CHUNK * 2 + 7


def _wsgi_get(query: str, cookie: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/leverantorer/", "QUERY_STRING": query,
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie, "wsgi.input": FakePayload(b""), "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(), "wsgi.multithread": False, "wsgi.multiprocess": False,
        "wsgi.run_once": False, "wsgi.version": (1, 0),
    }
    status = []
    result = WSGIHandler()(environ, lambda s, h, *a: status.append(s))
    try:
        body = b"".join(result)
    finally:
        result.close()  # request_finished: the connection is closed (CONN_MAX_AGE 0)
    return status[0], body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("atomic", [False, True])
def test_every_row_streams_after_the_view_returned(client, official, atomic, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", atomic)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    Supplier.objects.bulk_create(Supplier(name=f"Leverantör {i:04}") for i in range(N))
    client.force_login(official)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    status, body = _wsgi_get("format=csv", cookie)
    assert status.startswith("200")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == N + 1 and rows[-1][0] == f"Leverantör {N - 1:04}"

    status, body = _wsgi_get("format=xlsx", cookie)
    assert status.startswith("200")
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.max_row == N + 1
    assert sheet.cell(row=N + 1, column=1).value == f"Leverantör {N - 1:04}"
    assert sheet.cell(row=2, column=4).value == 0  # service count: a number
