"""A request that meets a lost database connection answers a Swedish 503 page, not a 500.

With persistent connections (``CONN_MAX_AGE``) and ``CONN_HEALTH_CHECKS`` a connection the
database dropped between two requests is noticed and replaced when the next request starts. One
that drops *during* a request raises ``OperationalError``/``InterfaceError``: this middleware
closes the broken connection (the next request opens a fresh one) and answers "try again".
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.shortcuts import render

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Databasen kunde inte nås under en förfrågan: %s", exception)
        for conn in connections.all(initialized_only=True):
            try:
                if conn.in_atomic_block:
                    conn.needs_rollback = True
                conn.close()
            except Exception:  # noqa: BLE001, S110 - already broken; the next request reconnects
                pass
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
