from . import plugins


def navigation(request):
    """The main menu's entries and the header's links for the signed-in person, registered by
    the installed apps (``isms.plugins``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Start panels are rendered with the request too, which runs the context processors again:
    # compute the menu (and its badges' queries) once per request.
    nav = getattr(request, "_isms_navigation", None)
    if nav is None:
        nav = request._isms_navigation = plugins.navigation(request)
    return {"plugin_nav": nav, "plugin_user_links": plugins.user_links(request)}
