"""The second factor's part of ``manage.py seed_scale``: every privileged scale user (chefs,
revisorer, the security function) gets an app with the demo secret, so that ``make bench`` and
``make loadtest`` log in through the second step (``bench/otp.py``) as people do.

Bulk rows are the ones ``services.enrol_with_secret`` writes: the confirmed device and an event
with its history. ``seed_demo`` (which ``seed_scale`` runs first, also on a city seeded before
two-factor login existed) calls ``enrol_scale_users`` too, so an older bench database gets
its apps on the next run.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import bulk_create_with_history

from nämnder.models import Membership
from nämnder.scale import USERNAME_PREFIX

from .demo import DEMO_DEVICE_NAME, DEMO_TOTP_SECRET
from .models import EventKind, TwoFactorEvent
from .selectors import PRIVILEGED_ROLES
from .services import key_from_secret


def enrol_scale_users(*, now=None) -> int:
    """Apps for the privileged scale users who have none; returns how many were added."""
    now = now or timezone.now()
    user_ids = list(
        get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
        .filter(Exists(Membership.objects.filter(user_id=OuterRef("pk"),
                                                 role__in=PRIVILEGED_ROLES)))
        .exclude(Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"))))
        .order_by("pk").values_list("pk", flat=True)
    )
    key = key_from_secret(DEMO_TOTP_SECRET)
    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user_id=pk, name=DEMO_DEVICE_NAME, confirmed=True, key=key) for pk in user_ids],
        batch_size=1000,
    )
    events = []
    for pk in user_ids:
        event = TwoFactorEvent(user_id=pk, kind=EventKind.ENROLLED, actor=None, created_at=now)
        event._history_date = now
        event._history_user = None
        events.append(event)
    bulk_create_with_history(events, TwoFactorEvent, batch_size=1000)
    return len(user_ids)


def seed(*, ctx) -> None:
    ctx.counts["appar för tvåstegsverifiering"] = enrol_scale_users(now=ctx.now)
