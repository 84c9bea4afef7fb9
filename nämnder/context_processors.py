from .selectors import memberships_of


def current_roles(request):
    """The logged-in person's roles, shown in the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": memberships_of(user=user)}
