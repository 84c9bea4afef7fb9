from .selectors import memberships_of


def my_memberships(request) -> list:
    """The logged-in person's memberships, read once per request: the header shows them on
    every page, the start page lists them, and its panels render with the request (which runs
    the context processors again)."""
    memberships = getattr(request, "_isms_memberships", None)
    if memberships is None:
        memberships = request._isms_memberships = list(memberships_of(user=request.user))
    return memberships


def current_roles(request):
    """The logged-in person's roles, shown in the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": my_memberships(request)}
