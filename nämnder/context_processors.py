from . import access


def my_memberships(request) -> list:
    """The logged-in person's memberships in active units, as the header shows them on every
    page and the start page lists them: from ``access.own_memberships`` (read once per request,
    shared with the access rules derived from roles)."""
    memberships = getattr(request, "_isms_memberships", None)
    if memberships is None:
        memberships = request._isms_memberships = [
            m for m in access.own_memberships(request.user) if m.unit.is_active
        ]
    return memberships


def current_roles(request):
    """The logged-in person's roles, shown in the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": my_memberships(request)}
