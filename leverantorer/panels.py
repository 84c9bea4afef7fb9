"""The section this app adds to another app's page (``isms.plugins.register_object_panel``)."""

from __future__ import annotations

from . import permissions, selectors


def service_suppliers(request, service) -> dict:
    """On an IT service's page (already narrowed to people who may see the service): its
    suppliers with their agreement status. A person without any role (a förvaltningsledare at
    a supplier, say) sees the names but gets no link to the register."""
    user = request.user
    return {
        "suppliers": selectors.suppliers_of_service(service=service),
        "can_open": permissions.may_read(user),
        # Whoever may change the service may also register a supplier (``may_create``).
        "can_link": permissions.may_link(user, service),
    }
