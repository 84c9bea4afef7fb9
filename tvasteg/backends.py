"""Django's ``ModelBackend``, loading the signed-in person in one query with what every request
needs about them:

- what the second step needs (``selectors.with_login_state``: a privileged role? an app?), so
  ``TwoFactorRequiredMiddleware`` asks the database nothing more;
- whether the device that verified the session still exists, is confirmed and is theirs
  (``tvasteg.middleware.OTPMiddleware`` names it in ``session_device`` while the person loads),
  which django-otp's middleware would read with a query of its own: a reset or a removed app
  unverifies the session at the very next request, as before;
- whether they hold any model permission (``get_all_permissions``: most people hold none,
  and ``has_perm`` then costs no query; the others' are read in one query instead of two);
- the columns other apps register (``isms.plugins.register_user_column``, e.g. the unread
  notifications of the menu's badge).

The query's SQL is built once per process (``isms.compiled``): building it anew cost more
Python time than the database spends on it.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.apps import apps
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.signals import post_migrate
from django_otp.models import Device

from isms import plugins, prepared
from isms.compiled import CompiledQuery

from . import selectors

# (device model label, id) of the device named in the session of the request whose person is
# being loaded; set by ``tvasteg.middleware.OTPMiddleware`` around the loading only.
session_device: ContextVar[tuple[str, int] | None] = ContextVar(
    "tvasteg_session_device", default=None
)

# Values no id ever has: the compiled query's parameter slots (isms.compiled).
_USER_ID = -2_000_000_001
_DEVICE_ID = -2_000_000_002


def device_ref(persistent_id: str) -> tuple[str, int] | None:
    """``(model label, id)`` of a django-otp persistent id ("otp_totp.totpdevice/12"), or None
    if it names no device model (then django-otp's own reading decides, and refuses it)."""
    try:
        label, device_id = persistent_id.rsplit("/", 1)
        model = apps.get_model(label)
        device_id = int(device_id)
    except (ValueError, LookupError, TypeError, AttributeError):
        return None
    if not issubclass(model, Device) or model._meta.proxy or not 0 < device_id < 2**63:
        return None
    return model._meta.label_lower, device_id


# Whether the person holds any model permission directly or through a group: most people hold
# none (a unit role's rights are guardian object permissions), and their ``has_perm`` then
# needs no query at all.
HAS_PERMISSIONS_COLUMN = "auth_has_permissions"


def _has_permissions():
    """Only the link tables: ``Permission.objects.filter(group__user=…)`` joined four tables,
    and PostgreSQL spent ~1 ms planning that join on every request (the rest of the person's
    query plans in ~0.3 ms); a group's permission rows exist only for permissions that do."""
    User = get_user_model()
    user_perms = User.user_permissions.through.objects.filter(user_id=OuterRef("pk"))
    groups = User.groups.through.objects.filter(user_id=OuterRef(OuterRef("pk")))
    group_perms = Permission.group_set.through.objects.filter(
        group_id__in=groups.values("group_id")
    )
    return ExpressionWrapper(
        Q(Exists(user_perms)) | Q(Exists(group_perms)), output_field=BooleanField()
    )


def _person(*, user_id, key=None, device_id=None):
    users = get_user_model()._default_manager.filter(pk=user_id)
    device = (apps.get_model(key), device_id) if key is not None else None
    return selectors.with_login_state(users, session_device=device).annotate(
        **{HAS_PERMISSIONS_COLUMN: _has_permissions()}, **plugins.user_columns()
    )


def _permission_names(user_id) -> set[str]:
    """The person's model permissions, direct or through their groups, as Django names them
    (``app_label.codename``), in one query (Django's backend makes two). Only the permissions'
    ids are read: the city-wide security function holds some 400, and their names joined from
    two tables cost ~0.3 ms of the database on every page; the names of the ids come from
    :func:`_names_by_id` (the permission table, read once per process)."""
    from django.db import connection

    User = get_user_model()
    q = connection.ops.quote_name
    direct = q(User.user_permissions.through._meta.db_table)
    grants, members = q(Permission.group_set.through._meta.db_table), q(
        User.groups.through._meta.db_table)
    sql = (
        f"SELECT d.permission_id FROM {direct} d WHERE d.user_id = %s "  # noqa: S608 - model tables
        f"UNION ALL SELECT g.permission_id FROM {grants} g "
        f"JOIN {members} m ON m.group_id = g.group_id WHERE m.user_id = %s"
    )
    with connection.cursor() as cursor:
        # On every page of a city-wide role: planned once per database session.
        prepared.execute_sql(cursor, sql, [user_id, user_id], slots={"user": [0, 1]},
                             values={"user": user_id})
        ids = {row[0] for row in cursor.fetchall()}
    names = _names_by_id(ids)
    return {names[pk] for pk in ids if pk in names}


# Every permission's name by id, per database: permissions are created and renamed by
# migrations only (``post_migrate`` forgets them); an id not known yet reads them again.
_NAMES_BY_ID: dict[str, dict[int, str]] = {}


def _names_by_id(ids: set[int]) -> dict[int, str]:
    from django.db import connection

    names = _NAMES_BY_ID.get(connection.alias)
    if names is None or not ids <= names.keys():
        names = _NAMES_BY_ID[connection.alias] = {
            pk: f"{app_label}.{codename}"
            for pk, app_label, codename in Permission.objects.values_list(
                "pk", "content_type__app_label", "codename")
        }
    return names


def _forget_permission_names(**kwargs) -> None:
    """A flushed and re-migrated database (tests) may number the permissions anew."""
    _NAMES_BY_ID.clear()


post_migrate.connect(_forget_permission_names, dispatch_uid="tvasteg_forget_permission_names")


_PERSON = CompiledQuery(_person, prepare=True, user_id=_USER_ID)
_PERSON_WITH_DEVICE = CompiledQuery(
    _person, prepare=True, user_id=_USER_ID, device_id=_DEVICE_ID
)


def load_person(user_id, device: tuple[str, int] | None = None):
    """The person with their login state and registered columns, or None."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    if not -(2**63) < user_id < 2**63:
        return None
    if device is None:
        found = _PERSON.objects(user_id=user_id)
    else:
        label, device_id = device
        found = _PERSON_WITH_DEVICE.objects(key=label, user_id=user_id, device_id=device_id)
    return found[0] if found else None


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = load_person(user_id, session_device.get())
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """Django's, read once per user object (i.e. per request) as there: none without a
        query when the person was loaded knowing they hold none, else one query."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            holds = getattr(user_obj, HAS_PERMISSIONS_COLUMN, None)
            if user_obj.is_superuser or holds is None:
                return super().get_all_permissions(user_obj, obj)
            user_obj._perm_cache = _permission_names(user_obj.pk) if holds else set()
        return user_obj._perm_cache
