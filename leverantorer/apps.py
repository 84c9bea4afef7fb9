from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeverantorerConfig(AppConfig):
    """Suppliers (leverantörer): city-wide records of who delivers the IT services, with their
    personuppgiftsbiträdesavtal. Risks (``risk``) and incidents (``incidenter``) link to them."""

    name = "leverantorer"
    verbose_name = _("Leverantörer")

    def ready(self):
        """The register's pages, menu entry, export, seeders, the catalogue permission and the
        suppliers section on an IT service's page (``isms.plugins``).

        No history source: a supplier belongs to no unit, so its changes cannot be counted in
        one unit's "förändringar under året" (``unit_lookup``); through its links it would count
        once per linked IT service. Its own page shows its history."""
        from isms import plugins

        from . import demo, panels, scale

        plugins.register_urls(order=45, prefix="leverantorer/", module="leverantorer.urls")
        plugins.register_catalogue(self.label)
        plugins.register_nav(order=45, label=_("Leverantörer"),
                             url_name="leverantorer:supplier_list")
        plugins.register_export(order=45, label=_("Leverantörer"),
                                url_name="leverantorer:supplier_list")
        plugins.register_object_panel(
            order=45, key="leverantorer-suppliers", model="klassning.ITService",
            template="leverantorer/_service_panel.html", context=panels.service_suppliers,
        )
        plugins.register_demo_seeder(order=45, seed=demo.seed)
        plugins.register_scale_seeder(order=45, seed=scale.seed)
