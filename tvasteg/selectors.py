"""Reads of two-factor login: who must use it, what a person has enrolled, lockouts.

Who must use a second factor is decided here and nowhere else (the middleware, the pages, the
demo and scale seeders, the tests' personas ask ``requires_two_factor``/``login_state``):
superusers and staff (everyone who reaches ``/admin/``), and whoever holds the role of chef or
revisor in any unit, or the city-wide security function (a city-wide revisor is a revisor in the
city-wide unit). Memberships in a deactivated unit count too: the rule errs on the safe side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from isms.compiled import CompiledRows
from nämnder.models import Membership, Role

from .models import TwoFactorEvent

# Set on the signed-in person by ``with_login_state(session_device=...)``.
SESSION_DEVICE_COLUMN = "tvasteg_session_device"

# Roles that make a second factor compulsory, in any unit.
PRIVILEGED_ROLES = (Role.CHIEF, Role.AUDITOR, Role.SECURITY_FUNCTION)


@dataclass(frozen=True)
class LoginState:
    required: bool  # must pass a second factor (privileged)
    enrolled: bool  # has a confirmed authenticator app (then asked for a code at every login)


def _privileged_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, role__in=PRIVILEGED_ROLES)


def with_login_state(users: QuerySet, *, session_device: tuple | None = None) -> QuerySet:
    """``users`` with ``tvasteg_privileged`` and ``tvasteg_enrolled`` (the backend loads the
    signed-in person so, in the query it makes anyway).

    ``session_device``: ``(device model, id)`` of the device that verified the session (its
    persistent id, ``DEVICE_ID_SESSION_KEY``); adds ``tvasteg_session_device``: whether that
    device still exists, is confirmed and is the person's, as django-otp's ``OTPMiddleware``
    checks with a query of its own (``tvasteg.middleware.OTPMiddleware``)."""
    columns = {
        "tvasteg_privileged": Exists(Membership.objects.filter(
            user_id=OuterRef("pk"), role__in=PRIVILEGED_ROLES)),
        "tvasteg_enrolled": Exists(
            TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
    }
    if session_device is not None:
        model, device_id = session_device
        columns[SESSION_DEVICE_COLUMN] = Exists(
            model.objects.filter(pk=device_id, user_id=OuterRef("pk"), confirmed=True)
        )
    return users.annotate(**columns)


def login_state(user) -> LoginState:
    """What the second step asks of ``user``: from the columns the backend loaded with the
    signed-in person (``with_login_state``), else in one query."""
    if not user.is_authenticated:
        return LoginState(required=False, enrolled=False)
    if hasattr(user, "tvasteg_privileged"):
        privileged, enrolled = user.tvasteg_privileged, user.tvasteg_enrolled
    else:
        row = (
            with_login_state(get_user_model().objects.filter(pk=user.pk))
            .values_list("tvasteg_privileged", "tvasteg_enrolled").first()
        )
        privileged, enrolled = row or (False, False)
    return LoginState(
        required=bool(user.is_superuser or user.is_staff or privileged), enrolled=bool(enrolled)
    )


def requires_two_factor(user) -> bool:
    return login_state(user).required


def required_because(user) -> list[str]:
    """Why ``user`` must use a second factor, for their page: their privileged roles."""
    reasons = [m.role_label + ", " + m.unit.name
               for m in _privileged_memberships(user).select_related("unit").order_by("unit__name")]
    if user.is_superuser:
        reasons.append(_("superanvändare"))
    elif user.is_staff and not reasons:
        reasons.append(_("administratör"))
    return reasons


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()
        if user.is_authenticated else None
    )


def _enrolled(*, user_id):
    return TOTPDevice.objects.filter(user_id=user_id, confirmed=True).values_list("pk")[:1]


# SQL built once per process, prepared once per session (a person's page shows it on every view).
_ENROLLED = CompiledRows(_enrolled, prepare=True, user_id=-2_000_000_207)


def is_enrolled(user) -> bool:
    """Whether ``user`` has a confirmed authenticator app (``totp_device(user) is not None``):
    from the column the backend loaded with the signed-in person (``with_login_state``), else
    in one query."""
    if not user.is_authenticated:
        return False
    loaded = getattr(user, "tvasteg_enrolled", None)
    if loaded is not None:
        return bool(loaded)
    return bool(_ENROLLED.rows(user_id=user.pk))


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _cooloff() -> dt.timedelta | None:
    """django-axes' lockout period (``LOGIN_LOCKOUT_MINUTES``); None: until someone resets."""
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff is None or isinstance(cooloff, dt.timedelta):
        return cooloff
    return dt.timedelta(hours=float(cooloff))


def consecutive_failures(user) -> tuple[int, dt.datetime | None]:
    """Wrong codes in a row (only a right code resets them, a right password does not) and
    when the last one was entered, over the person's app and recovery codes."""
    count, last = 0, None
    for model in (TOTPDevice, StaticDevice):
        for n, at in model.objects.filter(user=user, confirmed=True).values_list(
            "throttling_failure_count", "throttling_failure_timestamp"
        ):
            count += n
            if at is not None and (last is None or at > last):
                last = at
    return count, last


def locked_until(user, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """The second step is locked after ``LOGIN_FAILURE_LIMIT`` wrong codes in a row, for
    ``LOGIN_LOCKOUT_MINUTES`` after the last one (as django-axes locks a password login); None
    when not locked (or ``LOGIN_THROTTLING`` is off)."""
    if not settings.AXES_ENABLED:
        return None
    count, last = consecutive_failures(user)
    if count < settings.AXES_FAILURE_LIMIT or last is None:
        return None
    cooloff = _cooloff()
    if cooloff is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    until = last + cooloff
    return until if (now or timezone.now()) < until else None


def events_of(user, *, limit: int = 20) -> list[TwoFactorEvent]:
    return list(
        TwoFactorEvent.objects.filter(user=user).select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Status:
    """A person's two-factor login, as their page and the security function's page show it."""

    required: bool
    reasons: list[str]
    device: TOTPDevice | None
    recovery_codes_left: int
    locked_until: dt.datetime | None

    @property
    def enrolled(self) -> bool:
        return self.device is not None


def status_of(user) -> Status:
    return Status(
        required=requires_two_factor(user), reasons=required_because(user),
        device=totp_device(user), recovery_codes_left=recovery_codes_left(user),
        locked_until=locked_until(user),
    )


VERIFIED_AT_KEY = "tvasteg_verified_at"  # when the session last passed the second step


def recently_verified(request) -> bool:
    """Whether this session's second step was passed (a code entered) within
    ``TVASTEG_REAUTH_SECONDS``: what changing the app, renewing the recovery codes or turning
    two-factor login off needs. A session verified before the time was recorded is not recent."""
    if getattr(request.user, "otp_device", None) is None:
        return False
    at = request.session.get(VERIFIED_AT_KEY)
    if not isinstance(at, (int, float)):
        return False
    age = timezone.now().timestamp() - at
    return 0 <= age <= settings.TVASTEG_REAUTH_SECONDS
