"""Who may read and change suppliers: city-wide records, decided on top of ``nämnder.access``.

A supplier belongs to no unit, so the unit permissions cannot be asked directly. The rules
(docs/leverantorer.md):

- **read**: everyone with a role somewhere (any unit, or a city-wide role). A supplier's facts
  (name, organisation number, whether a personuppgiftsbiträdesavtal is in place) hold nothing
  protected; which IT services it delivers is shown only for the services the reader may see.
- **create**: whoever may register records in some (active) unit (``EDIT_RECORDS``), and the
  city-wide security function.
- **change the facts**: the security function; and whoever may register records in a unit that
  owns an IT service the supplier delivers (the unit depends on those facts). A supplier that
  delivers no IT service yet (just registered, or every link removed) may be changed by anyone
  who may create one, so its creator can correct it before linking it.
- **link / unlink an IT service**: whoever may change the IT service itself (``EDIT_RECORDS`` on
  its owning unit, which also refuses a deactivated unit), as with the free-text supplier field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nämnder import access


def may_read(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return access.sees_all_units(user) or access.visible_units(user).exists()


def require_read(user) -> None:
    if not may_read(user):
        raise PermissionDenied


def editable_units(user):
    """Units whose records (and IT services) ``user`` may change."""
    return access.units_for(user, access.EDIT_RECORDS)


def may_create(user) -> bool:
    return access.is_city_security_function(user) or editable_units(user).exists()


def may_edit(user, supplier) -> bool:
    if access.is_city_security_function(user):
        return True
    units = editable_units(user)
    if not units.exists():
        return False
    services = supplier.it_services.all()
    return not services.exists() or services.filter(unit__in=units.values("pk")).exists()


def may_link(user, service) -> bool:
    """Whether ``user`` may link ``service`` to a supplier or unlink it (the IT service's own
    edit right)."""
    return access.can(user, access.EDIT_RECORDS, service.unit)
