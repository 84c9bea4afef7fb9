"""The session engine (``SESSION_ENGINE = "isms.sessions"``) and the idle timeout without a
session write on every request.

``SessionStore`` is Django's database store (sessions stay on the server: a logged-out or
revoked session is gone for every worker at once) reading its row with SQL built once per
process (``isms.compiled``) instead of a queryset built per request; expiry is checked on the
row read, as Django's query does.

A session expires ``SESSION_COOKIE_AGE`` seconds after it was last saved. Saving it on every
request (``SESSION_SAVE_EVERY_REQUEST``) kept that an *idle* timeout, at the price of a database
write on every page. This middleware saves it only when it was last refreshed more than
``SESSION_REFRESH_INTERVAL`` seconds ago (or is being saved anyway): a person active within the
timeout stays logged in, one idle for the timeout is logged out (at most the interval earlier).
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

from .compiled import CompiledQuery


def _session_row(*, session_key, key):
    from django.apps import apps

    return apps.get_model(key).objects.filter(session_key=session_key)


# A value no session key has (keys are 32 lowercase letters and digits).
_SESSION = CompiledQuery(_session_row, prepare=True, session_key="\x00isms-compiled-session-key")


# The keys Django makes (``get_random_string(32, VALID_KEY_CHARS)``). A cookie naming anything
# else is no session, before any query: a NUL byte made PostgreSQL refuse the query (a 500 on
# every request sending the cookie), as with Django's own database store.
_KEY = re.compile(r"[a-z0-9]{32}")


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return isinstance(key, str) and _KEY.fullmatch(key) is not None

    def _get_session_from_db(self):
        model = self.model
        found = _SESSION.objects(key=model._meta.label_lower, session_key=self.session_key)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None

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
