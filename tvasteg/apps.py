from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TvastegConfig(AppConfig):
    name = "tvasteg"
    label = "tvasteg"
    verbose_name = _("Tvåstegsverifiering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The person's own page in the header, the security function's panel on a person's
        page, and the demo and scale users' apps (``isms.plugins``). The second step itself
        is ``tvasteg.middleware.TwoFactorRequiredMiddleware`` (``MIDDLEWARE``)."""
        from isms import plugins
        from nämnder import access

        from . import demo, scale, selectors

        plugins.register_urls(order=5, prefix="tvastegsverifiering/", module="tvasteg.urls")
        plugins.register_account_link(order=10, label=_("Tvåstegsverifiering"),
                                   url_name="tvasteg:overview")
        plugins.register_object_panel(
            order=10, key="tvasteg", model="auth.User", template="tvasteg/_person_panel.html",
            context=lambda request, obj: (
                {"enrolled": selectors.is_enrolled(obj)}
                if access.is_city_security_function(request.user) else None
            ),
        )
        # Right after the demo logins are printed, before the other apps' demo data.
        plugins.register_demo_seeder(order=1, seed=demo.seed)
        plugins.register_scale_seeder(order=11, seed=scale.seed)
