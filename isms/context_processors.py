from . import plugins


def navigation(request):
    """The main menu's entries registered by the installed apps (``isms.plugins``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"plugin_nav": plugins.navigation(request)}
