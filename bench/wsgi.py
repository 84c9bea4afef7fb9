"""The portal's WSGI application with a SQL query counter, for ``make bench`` only.

Every request's queries are counted (a ``connection.execute_wrapper`` around the whole request,
including a streamed body); ``GET /__bench__/last`` answers the previous request's count as
JSON. Served only by the bench's own gunicorn: production uses ``isms.wsgi``.
"""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isms.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connections  # noqa: E402

_portal = get_wsgi_application()
_last = {"path": "", "queries": None}


class _Counted:
    """The response body; the count ends when the server closes it (after the last byte)."""

    def __init__(self, body, wrapper, count, path):
        self._body, self._wrapper, self._count, self._path = body, wrapper, count, path

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            if hasattr(self._body, "close"):
                self._body.close()
        finally:
            self._wrapper.__exit__(None, None, None)
            _last.update(path=self._path, queries=self._count[0])


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/__bench__/last":
        body = json.dumps(_last).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    wrapper = connections["default"].execute_wrapper(counter)
    wrapper.__enter__()
    try:
        body = _portal(environ, start_response)
    except BaseException:
        wrapper.__exit__(None, None, None)
        raise
    return _Counted(body, wrapper, count, environ.get("PATH_INFO", ""))
