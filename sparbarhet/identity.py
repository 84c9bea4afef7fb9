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

from . import services

IDENTITY_FIELDS = (
    "username", "first_name", "last_name", "email", "password", "is_active", "is_staff",
    "is_superuser",
)


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
        services.account_change_record(user_id=instance.pk, action="+", fields=[])
        return
    changed = getattr(instance, "_sparbarhet_changed", None)
    if changed:
        services.account_change_record(user_id=instance.pk, action="~", fields=changed)


def _after_delete(sender, instance, **kwargs):
    services.account_change_record(user_id=instance.pk, action="-", fields=[])


def connect() -> None:
    user = get_user_model()
    pre_save.connect(_before_save, sender=user, dispatch_uid="sparbarhet_user_before")
    post_save.connect(_after_save, sender=user, dispatch_uid="sparbarhet_user_after")
    post_delete.connect(_after_delete, sender=user, dispatch_uid="sparbarhet_user_delete")
