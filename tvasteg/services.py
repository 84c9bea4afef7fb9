"""Writes of two-factor login: enrolment, verification, recovery codes, removal and reset.

Every change to a person's devices writes a :class:`TwoFactorEvent` (with its history) naming
who did it. Verification returns a result instead of raising: a wrong code must be *counted*
(django-otp's throttling on the device, django-axes' failed logins), so nothing may roll back.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass
from importlib import import_module

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nämnder import access

from . import selectors
from .models import EventKind, TwoFactorEvent

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservkoder"
TOTP_RE = re.compile(r"^[0-9]{6}$")
RECOVERY_RE = re.compile(r"^[a-z2-7]{8}$")


def normalise_code(raw: str) -> str:
    """A code as people type it: spaces and hyphens dropped, recovery codes in lower case."""
    return re.sub(r"[\s\-]", "", raw or "").lower()


def record(*, user, kind: str, actor) -> TwoFactorEvent:
    event = TwoFactorEvent(user=user, kind=kind, actor=actor, created_at=timezone.now())
    event.full_clean()
    event._history_user = actor
    event.save()
    return event


def secret_of(device: TOTPDevice) -> str:
    """The device's secret as authenticator apps take it typed in (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def key_from_secret(secret: str) -> str:
    """A base32 secret (as printed for the demo) as django-otp's hex key."""
    cleaned = secret.replace(" ", "").upper()
    cleaned += "=" * (-len(cleaned) % 8)
    try:
        return binascii.hexlify(base64.b32decode(cleaned)).decode("ascii")
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"Ogiltig base32-hemlighet: {exc}") from exc


# --- Enrolment -------------------------------------------------------------------------------

@transaction.atomic
def enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed app the person is adding: the same secret until it is confirmed, so that
    reloading the page shows the same QR code."""
    device = selectors.totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice(user=user, name=APP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def _new_recovery_codes(user) -> list[str]:
    # The recovery device is kept (only its codes change): a session that passed the second
    # step with a recovery code stays verified by it (django-otp remembers the device) and is
    # shown the new codes instead of being sent back to the verification page.
    device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    StaticDevice.objects.filter(user=user).exclude(pk=getattr(device, "pk", None)).delete()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    StaticToken.objects.filter(device=device).delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@dataclass(frozen=True)
class EnrolmentResult:
    device: TOTPDevice | None = None
    recovery_codes: list[str] | None = None  # new codes to show once (None: the old ones hold)
    error: str = ""


@transaction.atomic
def enrolment_confirm(*, user, code: str) -> EnrolmentResult:
    """Confirm the app being added with a code it shows. The first app also gets recovery
    codes; a new app replaces the old one (its codes stay). Wrong codes are throttled by
    django-otp (1, 2, 4, … s) but count toward no lockout: the secret is the person's own new one."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False).order_by("-id").first()
    )
    if device is None:
        return EnrolmentResult(error=_("Sidan har gått ut. Ladda om den och försök igen."))
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return EnrolmentResult(error=_wait_message(info))
    if not TOTP_RE.match(normalise_code(code)) or not device.verify_token(normalise_code(code)):
        return EnrolmentResult(error=_(
            "Koden stämmer inte. Skriv den sexsiffriga kod som appen visar just nu (kontrollera "
            "att telefonens klocka går rätt)."
        ))
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True)
    kind = EventKind.REPLACED if replaced.exists() else EventKind.ENROLLED
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = None
    if selectors.recovery_codes_left(user) == 0:
        codes = _new_recovery_codes(user)
    record(user=user, kind=kind, actor=user)
    logger.info("Tvåstegsverifiering: %s för användare %s.", kind, user.pk)
    return EnrolmentResult(device=device, recovery_codes=codes)


@transaction.atomic
def enrol_with_secret(*, user, secret: str, actor=None, name: str = APP_DEVICE_NAME) -> TOTPDevice:
    """A confirmed app with a known secret (``seed_demo``'s fixed demo secret). Idempotent: a
    person who already has an app keeps it."""
    device = selectors.totp_device(user)
    if device is None:
        device = TOTPDevice(user=user, name=name, confirmed=True, key=key_from_secret(secret))
        device.full_clean()
        device.save()
        record(user=user, kind=EventKind.ENROLLED, actor=actor)
    return device


@transaction.atomic
def recovery_codes_renew(*, user, actor) -> list[str]:
    """New recovery codes (the old ones stop working); only for a person with an app."""
    if selectors.totp_device(user) is None:
        raise PermissionDenied
    codes = _new_recovery_codes(user)
    record(user=user, kind=EventKind.RECOVERY_CODES, actor=actor)
    return codes


# --- Verification at login -------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyResult:
    device: object = None  # the device that accepted the code
    error: str = ""
    locked: bool = False  # too many wrong codes: end the session, show the lockout page


def _wait_message(info: dict | None) -> str:
    until = (info or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
    return ngettext(
        "För många felaktiga koder i rad. Vänta %(n)d sekund och försök igen.",
        "För många felaktiga koder i rad. Vänta %(n)d sekunder och försök igen.",
        seconds,
    ) % {"n": seconds}


def _count_failure(request, user) -> bool:
    """A wrong code is a failed login for django-axes too (same counter as wrong passwords for
    this username and address). True when the person is now locked out."""
    if settings.AXES_ENABLED:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return bool(getattr(request, "axes_locked_out", False)) or (
        selectors.locked_until(user) is not None
    )


def verify(*, request, user, code: str) -> VerifyResult:
    """Check a code at login: a six-digit code from the app, or a recovery code (which then
    stops working). Not atomic as a whole: the failure counts must survive a wrong code."""
    if selectors.locked_until(user) is not None:
        return VerifyResult(locked=True)
    code = normalise_code(code)
    app = selectors.totp_device(user)
    recovery = selectors.recovery_device(user)
    device = recovery if (RECOVERY_RE.match(code) and recovery is not None) else app
    if device is None:
        return VerifyResult(error=_("Du har ingen app för engångskoder. Aktivera en först."))
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return VerifyResult(error=_wait_message(info))
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        if _count_failure(request, user):
            record(user=user, kind=EventKind.LOCKED, actor=None)
            logger.warning("Tvåstegsverifiering: användare %s spärrad efter felaktiga koder.",
                           user.pk)
            return VerifyResult(locked=True)
        return VerifyResult(error=_(
            "Koden stämmer inte. Skriv den sexsiffriga koden som appen visar just nu, eller "
            "en oanvänd reservkod."
        ))
    # A right code ends the run of wrong ones on every device, and (as a right password does)
    # django-axes' count for this username and address.
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).exclude(throttling_failure_count=0).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.update_request(request)
        AxesProxyHandler.reset_attempts(
            ip_address=request.axes_ip_address, username=user.get_username()
        )
    if isinstance(verified, StaticDevice):
        record(user=user, kind=EventKind.RECOVERY_CODE_USED, actor=user)
    return VerifyResult(device=verified)


def mark_verified(request, device) -> None:
    """The session passed the second step: a new session key (as at login), then django-otp
    remembers the device in it, and when (``selectors.recently_verified``)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[selectors.VERIFIED_AT_KEY] = timezone.now().timestamp()


# --- Removal ---------------------------------------------------------------------------------

def _delete_devices(user) -> bool:
    deleted = False
    for model in (TOTPDevice, StaticDevice):
        n, _detail = model.objects.filter(user=user).delete()
        deleted = deleted or n > 0
    return deleted


@transaction.atomic
def two_factor_remove(*, user, actor) -> bool:
    """A person for whom it is optional turns it off (their app and recovery codes go)."""
    if selectors.requires_two_factor(user):
        raise PermissionDenied(_("Tvåstegsverifiering krävs för din roll och kan inte stängas av."))
    if not _delete_devices(user):
        return False
    record(user=user, kind=EventKind.REMOVED, actor=actor)
    return True


def may_reset(actor, user) -> bool:
    """The city-wide security function resets another person's second factor (a superuser's
    only a superuser, as with the rest of a superuser's account). Never their own: that would
    turn it off without the fresh code their own page asks for (``recently_verified``), and
    for someone who must use it, at all; another security function or a superuser resets it."""
    if not access.is_city_security_function(actor) or actor.pk == user.pk:
        return False
    return actor.is_superuser or not user.is_superuser


def _sessions_end(user) -> int:
    """Delete ``user``'s sessions (database-backed session engines; a cookie store keeps
    nothing on the server). A lost phone is often a phone with a signed-in browser: without
    this, its session (no longer verified, but still signed in) could enrol a new app."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    if get_model is None:
        return 0
    ended = 0
    for session in get_model().objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(store().decode(session.session_data).get(SESSION_KEY)) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def two_factor_reset(*, actor, user) -> bool:
    """Delete a person's app and recovery codes (a lost phone) and end their sessions: they
    sign in with the password and enrol again. Recorded with who did it."""
    if not may_reset(actor, user):
        raise PermissionDenied
    _delete_devices(user)
    _sessions_end(user)
    record(user=user, kind=EventKind.RESET, actor=actor)
    logger.info("Tvåstegsverifiering: användare %s återställd av %s.", user.pk, actor.pk)
    return True
