"""The idle timeout without a session write on every request.

A session expires ``SESSION_COOKIE_AGE`` seconds after it was last saved. Saving it on every
request (``SESSION_SAVE_EVERY_REQUEST``) kept that an *idle* timeout, at the price of a database
write on every page. This middleware saves it only when it was last refreshed more than
``SESSION_REFRESH_INTERVAL`` seconds ago (or is being saved anyway): a person active within the
timeout stays logged in, one idle for the timeout is logged out (at most the interval earlier).
"""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_KEY = "_isms_refreshed"


class SessionRefreshMiddleware:
    """After ``SessionMiddleware`` in ``MIDDLEWARE``, so it marks the session before that one
    decides whether to save it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request read and that holds something (a logged-in person):
        # never a new write for an anonymous visitor, nor an extra read.
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(REFRESHED_KEY)
        interval = getattr(settings, "SESSION_REFRESH_INTERVAL", 60)
        if session.modified or not isinstance(last, int) or not 0 <= now - last < interval:
            session[REFRESHED_KEY] = now
        return response
