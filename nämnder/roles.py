"""Which permissions each role grants. The single table the access module is built on."""

from .access import APPROVE, CHANGE_UNIT, EDIT_RECORDS, MANAGE_MEMBERS, VIEW
from .models import Role

# Object permissions on the unit, for roles held in one unit.
UNIT_ROLE_PERMS: dict[str, tuple[str, ...]] = {
    Role.OFFICIAL: (VIEW, EDIT_RECORDS),
    Role.COORDINATOR: (VIEW, EDIT_RECORDS, APPROVE, CHANGE_UNIT),
    Role.CHIEF: (VIEW, EDIT_RECORDS, APPROVE, CHANGE_UNIT, MANAGE_MEMBERS),
    Role.AUDITOR: (VIEW,),
}

# Global permissions for roles held in the city-wide unit: they reach every unit.
CITY_ROLE_PERMS: dict[str, tuple[str, ...]] = {
    Role.AUDITOR: (VIEW,),
    Role.SECURITY_FUNCTION: (VIEW, EDIT_RECORDS, APPROVE, CHANGE_UNIT, MANAGE_MEMBERS),
}

# Apps whose shared catalogues (levels, requirement catalogue, risk matrix, deadlines) the
# city-wide security function maintains in the admin register themselves
# (``isms.plugins.register_catalogue``): it gets every model permission in them.

# Roles in a unit whose holders read that unit's audit log (``sparbarhet``: the events with the
# unit's id, changes and logged reads). The city-wide roles above read all of it. Derived from the
# memberships, not a guardian permission (``access.audit_log_unit_ids``).
AUDIT_LOG_ROLES = frozenset({Role.CHIEF, Role.AUDITOR})

# Roles that may only be held in the city-wide unit.
CITY_ONLY_ROLES = {Role.SECURITY_FUNCTION}
