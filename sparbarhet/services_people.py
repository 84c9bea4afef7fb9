"""Pseudonymising a person who has left (GDPR: data minimisation), keeping the trail whole.

The city-wide security function replaces what names the person on their account — username,
first and last name, e-mail — with a stable pseudonym, and closes the account. The user row
keeps its id: every historical record (``history_user``) and every audit event (``actor``) still
points at the same person, and now shows the pseudonym. Audit events hold ids, never names, so
no event changes and the chain still verifies. A :class:`~sparbarhet.models.Pseudonymisation`
(with history, so an audit event of its own) records who did it and when, never the old name.

Refused: for anyone but the security function (403); for oneself; for a superuser; for a person
already pseudonymised; and for a person who still has memberships. Memberships are removed
first, on the units' pages or in the admin, each through ``nämnder.services.membership_remove``
(with its own checks and history): taking someone's access away is a decision of its own, and
this service never does it on the side.

What else it does, in the same transaction: deletes the person's sessions and the notifications
addressed to them (their texts may name the person; nobody else reads them); renames the person
in django-axes' login records (the lockout counters are deleted) and in the admin's log
(``object_repr`` of entries about the person and their memberships).
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from isms.validators import validate_one_line_fields
from nämnder.models import Membership

from .models import Pseudonymisation
from .personal_data import may_see_anyone

FIRST_NAME = "Pseudonymiserad"


def pseudonym_for(person) -> str:
    """Stable and unique: the same person always gets the same pseudonym (from the user id,
    which every record pointing at the person already holds)."""
    return f"pseudonym-{person.pk:06d}"


def refusal(*, actor, person) -> str | None:
    """Why ``person`` may not be pseudonymised by ``actor`` now (a Swedish sentence), or None.
    The permission itself (the security function) is checked by the caller (403)."""
    if person.pk == actor.pk:
        return _("Du kan inte pseudonymisera dig själv.")
    if person.is_superuser:
        return _("Personen är superanvändare. En superanvändare tar först bort den behörigheten.")
    if Pseudonymisation.objects.filter(person_id=person.pk).exists():
        return _("Personen är redan pseudonymiserad.")
    if Membership.objects.filter(user_id=person.pk).exists():
        return _(
            "Personen har fortfarande medlemskap. Ta bort dem först (på enheternas sidor eller i "
            "administrationen): bara den som har slutat pseudonymiseras."
        )
    return None


def _sessions_end(person) -> int:
    """Delete the person's sessions in the session store (database-backed engines: ``db`` and
    ``cached_db``; a cookie-based store has nothing on the server). The account is closed and
    its password unusable anyway, which ends any session at its next request."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    if get_model is None:
        return 0
    ended = 0
    for session in get_model().objects.all().iterator():
        data = store().decode(session.session_data)  # {} for an unreadable session
        if str(data.get("_auth_user_id")) == str(person.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _notifications_delete(person) -> int:
    if not apps.is_installed("notifieringar"):
        return 0
    from notifieringar.services import notifications_delete_for

    return notifications_delete_for(recipient=person)


def _login_records_rename(old: str, new: str) -> None:
    if not apps.is_installed("axes"):
        return
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # The lockout counters (with the login form's data) are transient: gone.
    AccessAttempt.objects.filter(username=old).delete()
    for model in (AccessLog, AccessFailureLog):
        model.objects.filter(username=old).update(username=new)


def _admin_log_rename(person, old: str, new: str) -> None:
    if not apps.is_installed("django.contrib.admin"):
        return
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    membership_ids = {
        str(pk) for pk in Membership.history.filter(user_id=person.pk)
        .values_list("id", flat=True).distinct()
    }
    for model, ids in (
        (get_user_model(), {str(person.pk)}), (Membership, membership_ids),
    ):
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids,
            ).update(object_repr=Replace("object_repr", Value(old), Value(new)))


@transaction.atomic
def person_pseudonymise(*, actor, person) -> Pseudonymisation:
    """Pseudonymise ``person`` (who has left): see the module's description."""
    if not may_see_anyone(actor):
        raise PermissionDenied
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    reason = refusal(actor=actor, person=person)
    if reason:
        raise ValidationError(reason)
    old, pseudonym = person.username, pseudonym_for(person)
    person.username = pseudonym
    person.first_name = FIRST_NAME
    person.last_name = f"person {person.pk}"
    person.email = ""
    person.is_active = False
    person.is_staff = False
    person.set_unusable_password()
    validate_one_line_fields(person, ("username", "first_name", "last_name", "email"))
    person.full_clean()
    person.save()
    record = Pseudonymisation(
        person=person, pseudonym=pseudonym, performed_by=actor, performed_at=timezone.now(),
        sessions_ended=_sessions_end(person),
        notifications_deleted=_notifications_delete(person),
    )
    record.full_clean()
    record._history_user = actor
    record.save()
    _login_records_rename(old, pseudonym)
    _admin_log_rename(person, old, pseudonym)
    return record
