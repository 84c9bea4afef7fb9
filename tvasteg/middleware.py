"""Until the session has passed the second step, a person who must use it reaches nothing else.

Runs after ``AuthenticationMiddleware``, django-otp's ``OTPMiddleware`` (which tells whether a
device verified this session: ``request.user.is_verified()``) and ``LoginRequiredMiddleware``
(anonymous requests never get here). A signed-in person whose session is not verified and who
must use two-factor login (``selectors.login_state``: a privileged role, a superuser or staff) or
has turned it on is sent to the verification page, or to enrolment if they have no app yet. Let
through: the views marked ``two_factor_exempt`` (verification, enrolment), logging in and out,
and the health probes. Static files are served before any of this (WhiteNoise, runserver).
The admin is no exception: its pages are views like any other.

Cost: no query of its own: who must use the second step and who has an app are loaded with
the signed-in person (``tvasteg.backends.ModelBackend``). ``OTPMiddleware`` (django-otp's, in its
place in ``MIDDLEWARE``) reads whether the session's device still exists, is confirmed and is
the person's in that same query instead of one of its own: a reset or a removed app still
unverifies the session at the next request.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware

from . import backends, selectors

EXEMPT_VIEW_NAMES = frozenset({"login", "logout", "healthz", "readyz", "admin:logout"})


def two_factor_exempt(view):
    """Mark a view reachable before the second step (the verification and enrolment pages)."""
    view.two_factor_exempt = True
    return view


def login_state(request) -> selectors.LoginState:
    """Read once per request."""
    state = getattr(request, "_tvasteg_state", None)
    if state is None:
        state = request._tvasteg_state = selectors.login_state(request.user)
    return state


def is_verified(user) -> bool:
    return getattr(user, "otp_device", None) is not None


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's ``OTPMiddleware`` (``request.user.otp_device``, ``is_verified()``), with the
    check of the session's device folded into the query loading the person.

    While the lazy ``request.user`` loads, ``backends.session_device`` names the device in the
    session, and ``backends.ModelBackend`` adds ``tvasteg_session_device`` (it exists, is
    confirmed, belongs to this person: django-otp's ``_finalize_device`` rules) to its query.
    True: ``otp_device`` is the device, read from the database only if something uses more
    than its presence. False: not verified, and the device leaves the session (as django-otp
    does), as when the session names no device model. Absent (the person was loaded otherwise):
    django-otp's own reading, with its query."""

    def _verify_user_sync(self, request, user):
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        ref = (
            backends.device_ref(self._normalize_persistent_id(persistent_id))
            if isinstance(persistent_id, str) else None
        )
        token = backends.session_device.set(ref)
        try:
            self._init_user_fields(user)  # loads the person (the lazy user)
        finally:
            backends.session_device.reset(token)
        if not user.is_authenticated:
            return user
        if ref is None:  # no device named, or none of a device model: not verified
            user.otp_device = self._finalize_device(request, user, None)
            return user
        verified = getattr(user, selectors.SESSION_DEVICE_COLUMN, None)
        if verified is None:
            return super()._verify_user_sync(request, user)
        if verified:
            user.otp_device = SimpleLazyObject(
                partial(self._device_from_persistent_id, persistent_id)
            )
        else:
            user.otp_device = self._finalize_device(request, user, None)
        return user


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(view_func, "two_factor_exempt", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEW_NAMES:
            return None
        if is_verified(user):
            return None
        state = login_state(request)
        if not (state.required or state.enrolled):
            return None  # optional and not turned on: the password was enough
        target = reverse("tvasteg:verify" if state.enrolled else "tvasteg:enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
