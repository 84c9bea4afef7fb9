"""The one place that decides who may see and change what.

Every list, detail page, dashboard, export and report asks these functions. Permissions are
django-guardian object permissions on :class:`OrganisationUnit`, held by one group per unit and
role (granted and revoked by ``nämnder.services``), plus global permissions for the city-wide
roles (security function and city-wide auditors). Objects of other apps belong to a unit through
a foreign key (``unit`` by default) and are filtered by the units a user may view.

A person never learns that another unit's object exists: it is *404*. A person who may read an
object but not change it gets *403* on a write.

A deactivated unit (``is_active`` off) is read-only: its write permissions (``WRITE_PERMS``) hold
only for the city-wide security function (and superusers), whatever role a person has in it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user, get_users_with_perms

from isms import prepared
from isms.compiled import CompiledQuery

from .models import Membership, OrganisationUnit, UnitKind

VIEW = "namnder.view_organisationunit"
CHANGE_UNIT = "namnder.change_organisationunit"
EDIT_RECORDS = "namnder.edit_records"
APPROVE = "namnder.approve_records"
MANAGE_MEMBERS = "namnder.manage_members"

# Permissions that change a unit or its records: none of them holds on a deactivated unit, but
# for the city-wide security function.
WRITE_PERMS = frozenset({EDIT_RECORDS, APPROVE, CHANGE_UNIT, MANAGE_MEMBERS})


def _memberships_query(*, user_id):
    return (
        Membership.objects.filter(user_id=user_id).select_related("unit")
        .order_by("unit__name", "role")
    )


_MEMBERSHIPS = CompiledQuery(_memberships_query, prepare=True, user_id=-2_000_000_011)


def own_memberships(user) -> list[Membership]:
    """All of ``user``'s memberships with their unit (deactivated units' too), by unit name and
    role. Read once per user object, i.e. per request, and shared by the header (active units'),
    the start page and the rules derived from roles (``audit_log_unit_ids``): a new request
    reads them again, so a changed membership counts at once. The SQL is built once per process
    (``isms.compiled``)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_isms_memberships", None)
    if cached is None:
        cached = user._isms_memberships = _MEMBERSHIPS.objects(user_id=user.pk)
    return cached


def unit_ids_for(user, perm: str = VIEW) -> list[int]:
    """The ids of the units on which ``user`` holds ``perm`` through a role (or city-wide),
    before the rule that a deactivated unit is read-only (``units_for`` and ``can`` apply it
    on the unit as it is now). Read once per user object, i.e. per request, like Django's own
    permission cache on the user: the querysets narrowed by them filter on a short list of
    ids, which PostgreSQL estimates right (a nested guardian subquery in every list query made
    it plan for thousands of rows where a unit has hundreds). A new request reads them again,
    so a changed membership counts at once."""
    if not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, "_isms_unit_ids", None)
    if cache is None:
        cache = {}
        user._isms_unit_ids = cache
    if perm not in cache:
        if user.is_superuser or user.has_perm(perm):  # every unit, as guardian says
            units = get_objects_for_user(
                user, perm, klass=OrganisationUnit, accept_global_perms=True, with_superuser=True
            )
            cache[perm] = sorted(units.values_list("pk", flat=True))
        else:
            held = _unit_object_perms(user)
            app_label, codename = perm.split(".", 1)
            cache[perm] = sorted(held.get(codename, ())) if app_label == _UNIT_APP_LABEL else []
    return cache[perm]


_UNIT_APP_LABEL = OrganisationUnit._meta.app_label


def _unit_object_perms(user) -> dict[str, set[int]]:
    """Every object permission ``user`` holds on units, directly or through a group, as
    ``{codename: {unit id}}``: one hand-written query per user object (a request) for all of a
    page's permissions, where guardian's ``get_objects_for_user`` builds a nested query per
    permission (~1–2 ms of Python each). The same rows guardian reads: its user and group
    object-permission tables, for the unit's content type."""
    cached = getattr(user, "_isms_unit_perms", None)
    if cached is not None:
        return cached
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from guardian.models import GroupObjectPermission, UserObjectPermission

    content_type = ContentType.objects.get_for_model(OrganisationUnit)
    perm_table = connection.ops.quote_name(Permission._meta.db_table)
    user_table = connection.ops.quote_name(UserObjectPermission._meta.db_table)
    group_table = connection.ops.quote_name(GroupObjectPermission._meta.db_table)
    member_table = connection.ops.quote_name(user.groups.through._meta.db_table)
    sql = (
        f"SELECT p.codename, o.object_pk FROM {user_table} o "  # noqa: S608 - model tables
        f"JOIN {perm_table} p ON p.id = o.permission_id "
        "WHERE o.user_id = %s AND o.content_type_id = %s "
        "UNION ALL "
        f"SELECT p.codename, o.object_pk FROM {group_table} o "
        f"JOIN {perm_table} p ON p.id = o.permission_id "
        f"JOIN {member_table} m ON m.group_id = o.group_id "
        "WHERE m.user_id = %s AND o.content_type_id = %s"
    )
    held: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        # Planned once per database session (a prepared statement on PostgreSQL): every page
        # of a person with a unit role asks it, and its planning cost more than its answer.
        prepared.execute_sql(cursor, sql, [user.pk, content_type.pk, user.pk, content_type.pk])
        for codename, object_pk in cursor.fetchall():
            held.setdefault(codename, set()).add(int(object_pk))
    user._isms_unit_perms = held
    return held


def own_units_for(user, perm: str = VIEW) -> list[OrganisationUnit]:
    """The active units on which ``user`` holds ``perm`` through a unit role, by name (in the
    database's order): for a person without a city-wide role (``units_for`` answers the same
    units as a queryset). The units come with the person's memberships (``own_memberships``,
    read once per request): no query when every unit holding ``perm`` is one of theirs, as
    when the roles grant the permissions; one query otherwise (a permission granted outside a
    membership, e.g. a group joined in the admin)."""
    if not user.is_authenticated or not user.is_active:
        return []
    ids = set(unit_ids_for(user, perm))
    if ids - {m.unit_id for m in own_memberships(user)}:
        return list(OrganisationUnit.objects.filter(pk__in=ids, is_active=True).order_by("name"))
    return member_units(user, ids)


def member_units(user, ids) -> list[OrganisationUnit]:
    """The active units among ``ids`` where ``user`` has a membership, once each, by name (the
    order of ``own_memberships``, read once per request): no query of its own."""
    units, seen = [], set()
    for m in own_memberships(user):  # by unit name, then role
        if m.unit_id in ids and m.unit_id not in seen and m.unit.is_active:
            seen.add(m.unit_id)
            units.append(m.unit)
    return units


def units_for(user, perm: str = VIEW) -> QuerySet[OrganisationUnit]:
    """Units on which ``user`` holds ``perm``, through a unit role or a city-wide role."""
    if not user.is_authenticated or not user.is_active:
        return OrganisationUnit.objects.none()
    return units_in_scope(*unit_scope(user, perm))


def unit_scope(user, perm: str = VIEW) -> tuple[list[int] | None, bool]:
    """``units_for``'s answer as values: the ids of the units (None: every unit) and whether
    only the active ones count. For a read whose SQL is built once with the ids as parameters
    (``isms.compiled``): :func:`units_in_scope` and :func:`restrict_to_scope` build it."""
    if not user.is_authenticated or not user.is_active:
        return [], False
    if user.has_perm(perm):  # a city-wide role (or a superuser): every unit, as guardian says
        return None, perm in WRITE_PERMS and not is_city_security_function(user)
    # Not the security function: it passed above (global permission).
    return unit_ids_for(user, perm), perm in WRITE_PERMS


def units_in_scope(ids: list[int] | None, active_only: bool = False) -> QuerySet[OrganisationUnit]:
    units = OrganisationUnit.objects.all() if ids is None else OrganisationUnit.objects.filter(
        pk__in=ids)
    return units.filter(is_active=True) if active_only else units


def visible_units(user) -> QuerySet[OrganisationUnit]:
    return units_for(user, VIEW)


def can(user, perm: str, unit: OrganisationUnit) -> bool:
    """Whether ``user`` holds ``perm`` on ``unit`` (object permission or city-wide)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(perm):
        return True
    if perm in WRITE_PERMS and not unit.is_active:
        return False  # read-only: the security function passed above (global permission)
    # The units holding ``perm`` are read once per request; every unit asked about after that
    # costs no query.
    return unit.pk in unit_ids_for(user, perm)


def unit_is_read_only_for(user, unit: OrganisationUnit) -> bool:
    """A deactivated unit, for anyone but the city-wide security function (and superusers)."""
    return not unit.is_active and not is_city_security_function(user)


def require_unit_writable(actor, unit: OrganisationUnit) -> None:
    """For services writing a unit's records: refuse a deactivated unit (403) unless ``actor`` is
    the security function, a superuser or the system itself (``None``)."""
    if actor is not None and unit_is_read_only_for(actor, unit):
        raise PermissionDenied(_("Enheten är inaktiv. Dess uppgifter kan läsas men inte ändras."))


def sees_all_units(user) -> bool:
    """City-wide roles: the security function and city-wide auditors (and superusers)."""
    return user.is_authenticated and user.is_active and user.has_perm(VIEW)


def is_city_security_function(user) -> bool:
    """The city-wide security function: holds every unit permission city-wide (not only read)."""
    return sees_all_units(user) and user.has_perm(MANAGE_MEMBERS)


def audit_log_unit_ids(user, *, memberships=None) -> list[int] | None:
    """Whose events of the audit log (``sparbarhet``) ``user`` may read: ``None`` for all of them
    (the city-wide security function and city-wide auditors, superusers), else the ids of the
    units where they are förvaltnings-/bolagschef or revisor (``roles.AUDIT_LOG_ROLES``: the
    events with that unit's id), ``[]`` for nobody's (403).

    Derived from the memberships (as incidenter's need-to-know is), not from a guardian
    permission: nothing to back-fill on existing groups, and the menu and the page decide from
    the memberships the header reads anyway (``own_memberships``, once per request; a
    deactivated unit's count: its chief reads its log). ``memberships``: others to decide
    from instead (any of the person's memberships with their unit loaded)."""
    from .roles import AUDIT_LOG_ROLES, CITY_ROLE_PERMS

    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    if memberships is None:
        memberships = own_memberships(user)
    rows = [(m.unit_id, m.unit.kind, m.role) for m in memberships]
    if any(kind == UnitKind.CITY and role in CITY_ROLE_PERMS for _u, kind, role in rows):
        return None
    return sorted({unit for unit, _k, role in rows if role in AUDIT_LOG_ROLES})


def restrict(user, queryset: QuerySet, *, unit_field: str = "unit") -> QuerySet:
    """Narrow ``queryset`` to objects in units ``user`` may view."""
    if sees_all_units(user):
        return queryset
    return restrict_to_scope(queryset, unit_ids_for(user, VIEW), unit_field=unit_field)


def restrict_to_scope(queryset: QuerySet, ids: list[int] | None, *,
                      unit_field: str = "unit") -> QuerySet:
    """``restrict`` on the units' ids of :func:`unit_scope` (None: every unit)."""
    return queryset if ids is None else queryset.filter(**{f"{unit_field}__in": ids})


def _unit_of(obj: Model, unit_field: str) -> OrganisationUnit:
    if isinstance(obj, OrganisationUnit):
        return obj
    for part in unit_field.split("__"):
        obj = getattr(obj, part)
    return obj


def get_for_user_or_404(
    user, queryset: QuerySet, *, perm: str = VIEW, unit_field: str = "unit",
    visible: QuerySet | None = None, **lookup,
):
    """Fetch one object ``user`` may view, or 404; 403 if ``perm`` (a write) is not held.

    ``queryset`` may be a model's queryset of OrganisationUnit itself (then ``unit_field`` is
    ignored) or of any model that reaches its unit through ``unit_field``.

    ``visible``: for objects seen through more than their own unit (an IT service is visible to
    the units that use it too), the objects of the same model ``user`` may view, already
    narrowed through this module. It replaces the narrowing by ``unit_field``, which then only
    names the unit a write ``perm`` is checked on.
    """
    if visible is not None:
        qs = queryset.filter(pk__in=visible.values("pk"))
    elif queryset.model is OrganisationUnit:
        visible = visible_units(user) if not sees_all_units(user) else queryset
        qs = queryset.filter(pk__in=visible.values("pk"))
    else:
        qs = restrict(user, queryset, unit_field=unit_field)
    try:
        obj = qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError, ValidationError):
        raise Http404
    if perm != VIEW and not can(user, perm, _unit_of(obj, unit_field)):
        raise PermissionDenied
    return obj


def found_or_404(user, found: list, *, perm: str = VIEW, unit_field: str = "unit"):
    """:func:`get_for_user_or_404`'s rule for an object read by its key without ``restrict``
    (a read built once per process, ``isms.compiled``): ``found`` is the rows read (none or
    one). 404 if there is none or its unit is not one ``user`` may view (``restrict``'s rule:
    a city-wide role sees every unit); 403 if ``perm`` (a write) is not held on its unit."""
    if not found:
        raise Http404
    obj = found[0]
    unit = _unit_of(obj, unit_field)
    if not sees_all_units(user) and unit.pk not in unit_ids_for(user, VIEW):
        raise Http404
    if perm != VIEW and not can(user, perm, unit):
        raise PermissionDenied
    return obj


def get_unit_or_404(user, pk, *, perm: str = VIEW) -> OrganisationUnit:
    return get_for_user_or_404(user, OrganisationUnit.objects.all(), perm=perm, pk=pk)


def require(user, perm: str, unit: OrganisationUnit) -> None:
    """Raise 403 unless ``user`` holds ``perm`` on ``unit`` (for units already shown to them)."""
    if not can(user, perm, unit):
        raise PermissionDenied


def unit_holders(perm: str, unit: OrganisationUnit):
    """Active people who hold ``perm`` on ``unit`` through a role in that unit itself, e.g. whom
    to ask for an approval. City-wide roles and superusers are not included: they reach every
    unit, and are not the unit's own chief or coordinator."""
    return get_users_with_perms(
        unit, only_with_perms_in=[perm.split(".", 1)[1]], with_group_users=True,
        with_superusers=False,
    ).filter(is_active=True)
