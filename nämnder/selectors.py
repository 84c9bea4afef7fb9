"""Reads of the organisation. Everything is narrowed through ``nämnder.access``."""

from __future__ import annotations

from functools import partial

from django.db.models import Count, Prefetch, QuerySet

from isms.as_of import state_at
from isms.history import CompiledHistory, HistoryPage, entries_for

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


def dashboard_units(*, user):
    """The units on a person's start page: their own active units that they may view (by name:
    the units of their memberships, read once per request, no query of its own), or every
    active one for city-wide roles (one queryset per user object, i.e. per request: the start
    page's panels share its rows)."""
    units = getattr(user, "_isms_dashboard_units", None)
    if units is None:
        if access.sees_all_units(user):
            units = access.visible_units(user).operational().order_by("kind", "name")
        else:
            units = access.member_units(user, set(access.unit_ids_for(user, access.VIEW)))
        user._isms_dashboard_units = units
    return units


def unit_members(*, unit: OrganisationUnit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user").order_by("role", "user__last_name")


def unit_with_members(*, user, pk) -> OrganisationUnit:
    """The unit (404 unless ``user`` may see it), its parent and its members (``member_list``),
    read in two queries: the unit narrowed by the access rules is the one the members come
    with."""
    members = Membership.objects.select_related("user").order_by("role", "user__last_name")
    return access.get_for_user_or_404(
        user,
        OrganisationUnit.objects.select_related("parent").prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="member_list")
        ),
        pk=pk,
    )


def _membership_label(record, names, kind=None) -> str:
    person = names.get("user", {}).get(record.user_id, f"#{record.user_id}")
    role = role_label(record.role, kind) if kind else Role(record.role).label
    return f"{person} ({role})"


def unit_history_sources(unit: OrganisationUnit):
    """The unit's own audit trail (the unit and its memberships), as historical querysets."""
    return [
        OrganisationUnit.history.filter(id=unit.pk),
        Membership.history.filter(unit_id=unit.pk),
    ]


def member_counts_by_role(*, unit: OrganisationUnit, at=None) -> list[dict]:
    """``[{"role": label, "count": n}]`` for the roles the unit has members in (``at``: as on
    that moment, from the history; ``None``: now)."""
    counts = dict(
        state_at(Membership, at).filter(unit_id=unit.pk).values_list("role")
        .annotate(n=Count("id")).order_by()
    )
    return [{"role": role_label(value, unit.kind), "count": counts.get(value, 0)}
            for value, _label in Role.choices if counts.get(value)]


def unit_at(*, unit: OrganisationUnit, at=None):
    """The unit's record at ``at`` (from the history; ``None`` if it did not exist yet), or the
    unit itself when ``at`` is ``None``."""
    return unit if at is None else state_at(OrganisationUnit, at).filter(id=unit.pk).first()


def unit_history_label(record, names, kind=None) -> str:
    """How a unit's history names its entries: the unit, or the member and role (named as in
    a unit of ``kind``, when given)."""
    return _membership_label(record, names, kind) if hasattr(record, "role") else record.name


_UNIT_ID = -2_000_000_071  # a sentinel no unit has (isms.compiled)
# The unit's history page reads the same two trails on every view: their SQL built once per
# process (``isms.history.CompiledHistory``), the same records as ``unit_history_sources``.
_UNIT_HISTORY = CompiledHistory(
    lambda unit_id: OrganisationUnit.history.filter(id=unit_id), unit_id=_UNIT_ID,
)
_MEMBERSHIP_HISTORY = CompiledHistory(
    lambda unit_id: Membership.history.filter(unit_id=unit_id), unit_id=_UNIT_ID,
)


def unit_history_page(*, unit: OrganisationUnit, number: int = 1, per_page: int = 50):
    """A page of ``unit_history_sources``, newest first. The unit (and its parent, when loaded
    with it: ``unit_with_parent``) name the records pointing at them without a query."""
    known = [unit]
    parent = unit._state.fields_cache.get("parent")
    if parent is not None:
        known.append(parent)
    entries = entries_for(
        [_UNIT_HISTORY.bind(unit_id=unit.pk), _MEMBERSHIP_HISTORY.bind(unit_id=unit.pk)],
        label=partial(unit_history_label, kind=unit.kind),
        limit=per_page + 1, offset=(number - 1) * per_page, known=known,
    )
    return HistoryPage(entries=entries[:per_page], number=number, has_next=len(entries) > per_page)


def unit_with_parent(*, user, pk) -> OrganisationUnit:
    """``access.get_unit_or_404`` (the same rule) with the unit's parent read along."""
    return access.get_for_user_or_404(
        user, OrganisationUnit.objects.select_related("parent"), pk=pk,
    )


def user_capabilities(*, user, unit: OrganisationUnit) -> dict[str, bool]:
    """What the page may offer ``user`` on ``unit`` (buttons, links); the views enforce it."""
    return {
        "can_change_unit": access.can(user, access.CHANGE_UNIT, unit),
        "can_manage_members": access.can(user, access.MANAGE_MEMBERS, unit),
    }
