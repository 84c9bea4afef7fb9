from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidenterConfig(AppConfig):
    name = "incidenter"
    verbose_name = _("Incidenter")

    def ready(self):
        """Add the incident pages to the menu, the start page, a unit's page, the IT-service
        and asset pages, the yearly report, its changes, ``seed_demo`` and ``seed_scale``
        (``isms.plugins``), and the notification kinds (``notifieringar``)."""
        from django.urls import reverse

        from isms import audit, plugins
        from notifieringar.models import register_kind

        from . import dashboard, demo, notifications, panels, reads, report, scale

        plugins.register_urls(order=35, prefix="incidenter/", module="incidenter.urls")
        plugins.register_catalogue(self.label)
        register_kind(notifications.KIND_REPORTED, _("Incident rapporterad"))
        register_kind(notifications.KIND_DEADLINE, _("Frist för incidentanmälan"))
        plugins.register_nav(order=35, label=_("Incidenter"), url_name="incidenter:incident_list")
        plugins.register_nav(order=36, label=_("Rapportera incident"),
                             url_name="incidenter:quick_report")
        plugins.register_start_panel(
            order=35, key="incidenter", template="incidenter/start_panel.html",
            context=panels.start_panel_context,
        )
        plugins.register_dashboard_source(
            order=35, key="incidenter", todo=dashboard.dashboard_todo,
            figures=dashboard.dashboard_figures, sections=dashboard.dashboard_sections,
            figures_until=dashboard.figures_until,
        )
        plugins.register_unit_link(
            order=35, label=_("Incidenter"),
            url=lambda unit: f"{reverse('incidenter:incident_list')}?unit={unit.pk}",
        )
        plugins.register_unit_link(
            order=36, label=_("Frister för incidentanmälan"),
            url=lambda unit: f"{reverse('incidenter:deadlines')}?unit={unit.pk}",
        )
        for model, field in (("klassning.ITService", "it_services"),
                             ("klassning.InformationAsset", "assets")):
            plugins.register_object_panel(
                order=50, key="incidenter", model=model,
                template="incidenter/object_panel.html",
                context=panels.object_panel_context(field),
            )
        plugins.register_report_section(plugins.ReportSection(
            50, "incidenter", _("Incidenter"), report.incident_section,
            "incidenter/report/section.html",
        ))
        for order, (model, unit_lookup) in enumerate((
            ("incidenter.Incident", "unit"),
            ("incidenter.IncidentObligation", "incident__unit"),
            ("incidenter.IncidentAction", "incident__unit"),
            ("incidenter.TimelineEntry", "incident__unit"),
        ), start=50):
            plugins.register_history_source(order=order, model=model, unit_lookup=unit_lookup)

        from .selectors import access as incident_access

        # The audit log names an incident by its title only to whom may read its content.
        audit.register_object_label(model="incidenter.Incident", label=incident_access.audit_label,
                                    key=incident_access.audit_label_key)
        plugins.register_demo_seeder(order=50, seed=demo.seed)
        plugins.register_scale_seeder(order=50, seed=scale.seed)
        plugins.register_export(order=35, label=_("Incidenter"),
                                url_name="incidenter:incident_list")
        # The read-access log (issue 14): confidential incidents are protected.
        audit.register_read_source(model="incidenter.Incident",
                                   protected=reads.protected_incidents)
