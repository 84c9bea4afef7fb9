"""Reads of the organisation. Everything is narrowed through ``nämnder.access``."""

from __future__ import annotations

from functools import partial

from django.db.models import Prefetch, QuerySet

from isms.history import history_page

from . import access
from .models import Membership, OrganisationUnit, Role, role_label


def unit_list(*, user) -> QuerySet[OrganisationUnit]:
    return access.visible_units(user).select_related("parent").order_by("kind", "name")


def memberships_of(*, user) -> QuerySet[Membership]:
    """The units a person works in, with roles: what the start page and the header show."""
    return (
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit")
        .order_by("unit__name", "role")
    )


def unit_members(*, unit: OrganisationUnit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user").order_by("role", "user__last_name")


def unit_with_members(*, user, pk) -> OrganisationUnit:
    unit = access.get_unit_or_404(user, pk)
    return (
        OrganisationUnit.objects.select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=unit_members(unit=unit), to_attr="member_list")
        )
        .get(pk=unit.pk)
    )


def _membership_label(record, names, kind=None) -> str:
    person = names.get("user", {}).get(record.user_id, f"#{record.user_id}")
    role = role_label(record.role, kind) if kind else Role(record.role).label
    return f"{person} ({role})"


def _unit_history_sources(unit: OrganisationUnit):
    return [
        OrganisationUnit.history.filter(id=unit.pk),
        Membership.history.filter(unit_id=unit.pk),
    ]


def unit_history_label(record, names, kind=None) -> str:
    """How a unit's history names its entries: the unit, or the member and role (named as in
    a unit of ``kind``, when given)."""
    return _membership_label(record, names, kind) if hasattr(record, "role") else record.name


def unit_history_page(*, unit: OrganisationUnit, number: int = 1, per_page: int = 50):
    return history_page(
        _unit_history_sources(unit), label=partial(unit_history_label, kind=unit.kind),
        number=number, per_page=per_page,
    )


def user_capabilities(*, user, unit: OrganisationUnit) -> dict[str, bool]:
    """What the page may offer ``user`` on ``unit`` (buttons, links); the views enforce it."""
    return {
        "can_change_unit": access.can(user, access.CHANGE_UNIT, unit),
        "can_manage_members": access.can(user, access.MANAGE_MEMBERS, unit),
    }
