"""Writes to the organisation. Every change records the acting user in the history.

Memberships are the only way a person gets access: adding one puts the user in the group that
holds the unit's object permissions for that role; removing one takes the user out at once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from isms.integrity import unique_violation_as_validation_error
from isms.locking import versioned_update
from isms.plugins import catalogue_apps
from isms.validators import validate_one_line_fields

from . import access
from .models import Membership, OrganisationUnit, Role, UnitKind
from .roles import CITY_ONLY_ROLES, CITY_ROLE_PERMS, UNIT_ROLE_PERMS

User = get_user_model()
# The user's text fields that reach pages and exports (Django's model has no rule of ours).
USER_TEXT_FIELDS = ("username", "first_name", "last_name", "email")


def _perm(codename_with_app: str) -> Permission:
    app_label, codename = codename_with_app.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def unit_group(unit: OrganisationUnit, role: str) -> Group:
    """The group holding ``role``'s object permissions on ``unit`` (created on first use)."""
    group, created = Group.objects.get_or_create(name=f"enhet-{unit.pk}-{role}")
    if created:
        for perm in UNIT_ROLE_PERMS[role]:
            assign_perm(perm, group, unit)
    return group


def city_group(role: str) -> Group:
    """The group holding ``role``'s global permissions (city-wide auditor, security function)."""
    group, _created = Group.objects.get_or_create(name=f"stad-{role}")
    perms = [_perm(p) for p in CITY_ROLE_PERMS[role]]
    if role == Role.SECURITY_FUNCTION:
        perms += list(
            Permission.objects.filter(content_type__app_label__in=(*catalogue_apps(), "namnder"))
        )
        perms += list(
            Permission.objects.filter(
                content_type__app_label="auth", content_type__model="user",
                codename__in=("view_user", "add_user", "change_user"),
            )
        )
    group.permissions.add(*perms)
    return group


def _group_for(membership: Membership) -> Group:
    if grants_city_wide_access(membership.unit, membership.role):
        return city_group(membership.role)
    return unit_group(membership.unit, membership.role)


def _sync_staff_flag(user, actor) -> None:
    """The security function maintains catalogues in the admin: it needs ``is_staff``."""
    should_be_staff = user.is_superuser or Membership.objects.filter(
        user=user, unit__kind=UnitKind.CITY, role=Role.SECURITY_FUNCTION
    ).exists()
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])


def grants_city_wide_access(unit: OrganisationUnit, role: str) -> bool:
    return unit.kind == UnitKind.CITY and role in CITY_ROLE_PERMS


def may_grant_city_wide_roles(actor) -> bool:
    """Only the city-wide security function (or a superuser, or the system itself) hands out
    roles that reach every unit: a chief of the city unit must not be able to escalate."""
    return actor is None or access.is_city_security_function(actor)


def _check_city_grant(actor, unit: OrganisationUnit, role: str) -> None:
    if grants_city_wide_access(unit, role) and not may_grant_city_wide_roles(actor):
        raise PermissionDenied(
            _("Bara den stadsövergripande säkerhetsfunktionen kan ge stadsövergripande roller.")
        )


@transaction.atomic
def membership_add(*, actor, user, unit: OrganisationUnit, role: str) -> Membership:
    if role in CITY_ONLY_ROLES and unit.kind != UnitKind.CITY:
        raise ValidationError(
            {"role": _("Rollen kan bara innehas i den stadsövergripande enheten.")}
        )
    _check_city_grant(actor, unit, role)
    access.require_unit_writable(actor, unit)
    duplicate = ValidationError(_("Personen har redan den rollen i enheten."), code="unique")
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise duplicate
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership._history_user = actor
    with unique_violation_as_validation_error(error=duplicate):
        membership.save()
    user.groups.add(_group_for(membership))
    _sync_staff_flag(user, actor)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a membership; the access it gave ends with the next request."""
    _check_city_grant(actor, membership.unit, membership.role)
    access.require_unit_writable(actor, membership.unit)
    user = membership.user
    user.groups.remove(_group_for(membership))
    membership._history_user = actor
    membership.delete()
    _sync_staff_flag(user, actor)


ROLE_HOLDER_FIELDS = (
    "chief_name", "chief_email", "coordinator_name", "coordinator_email", "dpo_name", "dpo_email",
)


@transaction.atomic
def unit_update(
    *, actor, unit: OrganisationUnit, expected_version: int | None, **fields
) -> OrganisationUnit:
    """Change a unit's role holders (and, for the city-wide function, its other fields)."""
    # Every field passed is allowed, as before: the role-holder form passes ROLE_HOLDER_FIELDS;
    # other callers (the seed command, closing a unit) pass other fields such as ``is_active``.
    access.require_unit_writable(actor, unit)
    return versioned_update(
        instance=unit, actor=actor, expected_version=expected_version, fields=fields,
        allowed=tuple(fields),
    )


@transaction.atomic
def unit_create(*, actor, **fields) -> OrganisationUnit:
    unit = OrganisationUnit(**fields)
    unit.full_clean()
    unit._history_user = actor
    with unique_violation_as_validation_error(unit):
        unit.save()
    return unit


@transaction.atomic
def user_create(
    *, actor, username: str, first_name: str, last_name: str, email: str, password: str | None
):
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate_one_line_fields(user, USER_TEXT_FIELDS)
    user.full_clean()
    with unique_violation_as_validation_error(user):
        user.save()
    return user
