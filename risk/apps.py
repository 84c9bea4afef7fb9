from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Riskhantering")

    def ready(self):
        from isms import plugins

        plugins.register_catalogue(self.label)
