"""Who may read and change suppliers: city-wide records, decided on top of ``nämnder.access``.

A supplier belongs to no unit, so the unit permissions cannot be asked directly. The rules
(docs/leverantorer.md):

- **read**: everyone with a role somewhere (any unit, or a city-wide role). A supplier's facts
  (name, organisation number, whether a personuppgiftsbiträdesavtal is in place) hold nothing
  protected; which IT services it delivers is shown only for the services the reader may see.
- **create**: whoever may register records in some (active) unit (``EDIT_RECORDS``), and the
  city-wide security function.
- **change the facts**: the security function; and whoever may register records in every unit
  that owns an IT service the supplier delivers (the facts, e.g. whether a
  personuppgiftsbiträdesavtal is in place, count for all those units: one unit must not change
  them for another). A supplier that delivers no IT service yet (just registered, or every
  link removed) may be changed by anyone who may create one, so its creator can correct it
  before linking it. A supplier shared by several units' services is the security function's.
- **link / unlink an IT service**: whoever may change the IT service itself (``EDIT_RECORDS`` on
  its owning unit, which also refuses a deactivated unit), as with the free-text supplier field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from isms.compiled import CompiledRows, Ids
from nämnder import access


def may_read(user) -> bool:
    """Asked once per user object, i.e. per request (a page asks in the view and again in the
    selector), like ``nämnder.access``'s own per-request reads: a new request asks again."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_leverantorer_may_read", None)
    if cached is None:
        cached = user._leverantorer_may_read = (
            access.sees_all_units(user) or _views_a_unit(user)
        )
    return cached


def _views_a_unit(user) -> bool:
    """``access.visible_units(user).exists()``, answered from what ``nämnder.access`` holds
    for the request when it can: the ids of the units ``user`` may view (read once per
    request), and their memberships (read for the header anyway). None viewed: no. One of them
    a membership's unit (which exists): yes. Otherwise (a permission left on a unit without a
    membership) the query asks whether any of those units exists."""
    ids = access.unit_ids_for(user, access.VIEW)
    if not ids:
        return False
    viewed = set(ids)
    if any(m.unit_id in viewed for m in access.own_memberships(user)):
        return True
    return access.visible_units(user).exists()


def require_read(user) -> None:
    if not may_read(user):
        raise PermissionDenied


def editable_units(user):
    """Units whose records (and IT services) ``user`` may change."""
    return access.units_for(user, access.EDIT_RECORDS)


def editable_unit_ids(user) -> list[int]:
    """The ids of ``editable_units``: read once per user object, i.e. per request (a page asks
    for its links, whether one may create and whether one may edit)."""
    cached = getattr(user, "_leverantorer_editable_ids", None)
    if cached is None:
        if user.is_authenticated and user.is_active and not user.has_perm(access.EDIT_RECORDS):
            # A unit role: the units come with the person's memberships (no query when every
            # unit holding the permission is one of theirs), as ``editable_units`` has them.
            cached = [unit.pk for unit in access.own_units_for(user, access.EDIT_RECORDS)]
        else:
            ids, active_only = access.unit_scope(user, access.EDIT_RECORDS)
            cached = (
                [pk for (pk,) in _ALL_UNITS.rows(key=active_only)] if ids is None else list(ids)
            )
        user._leverantorer_editable_ids = cached
    return cached


def may_create(user) -> bool:
    return access.is_city_security_function(user) or bool(editable_unit_ids(user))


def may_edit(user, supplier) -> bool:
    if access.is_city_security_function(user):
        return True
    units = editable_unit_ids(user)
    if not units:
        return False
    # Every IT service it delivers is owned by a unit the person may change (none: True).
    return not _OTHER_UNITS_SERVICE.rows(supplier_id=supplier.pk, unit_ids=units)


# Every unit (``key``: only the active ones), for a city-wide role's ``editable_unit_ids``: SQL
# built once per process, prepared once per database session.
_ALL_UNITS = CompiledRows(
    lambda key: access.units_in_scope(None, active_only=key).values_list("pk"), prepare=True,
)


def _other_units_service(*, supplier_id, unit_ids):
    from klassning.models import ITService

    return ITService.objects.filter(suppliers=supplier_id).exclude(
        unit_id__in=unit_ids).values_list("pk")[:1]


# Whether the supplier delivers an IT service of a unit outside ``unit_ids`` (its page asks
# on every view by a person with a unit role): SQL built once per process (per number of
# units), prepared once per database session (a person's few units).
_OTHER_UNITS_SERVICE = CompiledRows(
    _other_units_service, supplier_id=-2_000_000_072, unit_ids=Ids(-1_000_000_200), prepare=True,
)


def may_link(user, service) -> bool:
    """Whether ``user`` may link ``service`` to a supplier or unlink it (the IT service's own
    edit right)."""
    return access.can(user, access.EDIT_RECORDS, service.unit)
