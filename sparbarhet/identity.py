"""Who an id in the trail is: changes to a person's account are audit events too.

The trail names people by user id and the audit log shows that id's current name, so renaming
or repurposing an account must itself leave a trace, or an insider could make the log read as if
somebody else had done what they did. The user table has no history (it would keep the old
names that pseudonymisation removes), so the event names only *which* account fields changed,
never their values: created, which of :data:`IDENTITY_FIELDS` changed (the password included,
never its hash), deleted. A login's own update of ``last_login`` is not an event."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords

from isms.client_ip import client_ip_address

from . import chain
from .models import EventKind

IDENTITY_FIELDS = (
    "username", "first_name", "last_name", "email", "password", "is_active", "is_staff",
    "is_superuser",
)


def _request():
    return getattr(HistoricalRecords.context, "request", None)


def _append(user_id: int, action: str, fields: list[str]) -> None:
    request = _request()
    actor = getattr(request, "user", None) if request is not None else None
    chain.append([{
        "occurred_at": timezone.now(),
        "kind": EventKind.CHANGE,
        "action": action,
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "unit_id": None,
        "object_type": "auth.user",
        "object_id": user_id,
        "history_id": None,
        "client_address": client_ip_address(request) if request is not None else None,
        "details": {"fields": fields} if fields else {},
    }])


def _before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._sparbarhet_changed = None
    if raw or instance.pk is None:
        return
    watched = set(IDENTITY_FIELDS)
    if update_fields is not None:
        watched &= set(update_fields)
        if not watched:
            return  # e.g. the login's last_login
    old = sender._default_manager.filter(pk=instance.pk).values(*sorted(watched)).first()
    if old is None:
        return
    instance._sparbarhet_changed = sorted(
        name for name in watched if old[name] != getattr(instance, name)
    )


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        _append(instance.pk, "+", [])
        return
    changed = getattr(instance, "_sparbarhet_changed", None)
    if changed:
        _append(instance.pk, "~", changed)


def _after_delete(sender, instance, **kwargs):
    _append(instance.pk, "-", [])


def connect() -> None:
    user = get_user_model()
    pre_save.connect(_before_save, sender=user, dispatch_uid="sparbarhet_user_before")
    post_save.connect(_after_save, sender=user, dispatch_uid="sparbarhet_user_after")
    post_delete.connect(_after_delete, sender=user, dispatch_uid="sparbarhet_user_delete")
