from . import plugins


def navigation(request):
    """The main menu's entries and the header's own links (``account_links``) registered by the
    installed apps (``isms.plugins``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Start panels are rendered with the request too, which runs the context processors again:
    # compute the menu (and its badges' queries) once per request.
    nav = getattr(request, "_isms_navigation", None)
    if nav is None:
        nav = request._isms_navigation = plugins.navigation(request)
    return {"plugin_nav": nav, "account_links": plugins.account_links(request)}
