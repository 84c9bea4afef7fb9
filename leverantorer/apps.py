from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeverantorerConfig(AppConfig):
    """Suppliers (leverantörer): city-wide records of who delivers the IT services, with their
    personuppgiftsbiträdesavtal. Risks (``risk``) and incidents (``incidenter``) link to them."""

    name = "leverantorer"
    verbose_name = _("Leverantörer")

    def ready(self):
        pass  # registered through isms.plugins as the pages land
