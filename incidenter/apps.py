from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidenterConfig(AppConfig):
    name = "incidenter"
    verbose_name = _("Incidenter")

    def ready(self):
        from isms import plugins

        plugins.register_catalogue(self.label)
