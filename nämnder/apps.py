from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamnderConfig(AppConfig):
    # The folder keeps its Swedish name; the label keeps tables, indexes and permission
    # codenames ASCII (PostgreSQL cuts identifiers at 63 bytes, not characters).
    name = "nämnder"
    label = "namnder"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The organisation's pages, and its audit trail in the report's changes
        (``isms.plugins``)."""
        from isms import plugins

        plugins.register_urls(order=10, prefix="", module="nämnder.urls")
        plugins.register_history_source(order=10, model="namnder.OrganisationUnit",
                                        unit_lookup="id")
        plugins.register_history_source(order=11, model="namnder.Membership", unit_lookup="unit")
        from . import scale

        plugins.register_scale_seeder(order=10, seed=scale.seed)
