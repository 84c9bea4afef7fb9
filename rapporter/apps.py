from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapporterConfig(AppConfig):
    name = "rapporter"
    label = "rapporter"
    verbose_name = _("Rapporter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The reports page in the menu and on a unit's page; the report's own sections and the
        placeholders for registers still to come (``isms.plugins``)."""
        from django.urls import reverse

        from isms import audit, plugins

        from . import reads, sections, selectors, services

        plugins.register_urls(order=5, prefix="rapporter/", module="rapporter.urls")
        plugins.register_nav(order=80, label=_("Rapporter"), url_name="report_list")
        plugins.register_unit_link(
            order=80, label=_("Uppföljningsrapporter"),
            url=lambda unit: f"{reverse('report_list')}?enhet={unit.pk}",
        )
        sections.register()
        plugins.register_background_queue(
            order=10, key="rapporter", label=_("Uppföljningsrapporter"),
            status=selectors.queue_status, sweep=services.reports_requeue,
        )
        # The read-access log (issue 14): every download of a report is logged.
        audit.register_read_source(model="rapporter.Report", protected=reads.protected_reports)
