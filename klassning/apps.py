from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlassningConfig(AppConfig):
    name = "klassning"
    verbose_name = _("Informationsklassning")

    def ready(self):
        """Add the classification pages to the menu, the start page, a unit's page, the yearly
        report, its changes , ``seed_demo`` and ``seed_scale`` (``isms.plugins``)."""
        from django.urls import reverse

        from isms import audit, plugins

        from . import dashboard, demo, handover, reads, report, scale

        plugins.register_urls(order=20, prefix="", module="klassning.urls")
        plugins.register_catalogue(self.label)
        plugins.register_nav(order=20, label=_("Informationsmängder"),
                             url_name="klassning:asset_list")
        plugins.register_nav(order=21, label=_("It-tjänster"), url_name="klassning:service_list")
        plugins.register_start_panel(
            order=19, key="klassning-owned-services", template="klassning/_my_services_panel.html",
            context=lambda request: {"services": handover.services_run_by(user=request.user)},
        )
        plugins.register_start_panel(
            order=20, key="klassning", template="klassning/start_panel.html",
            context=lambda request: dashboard.start_panel_context(user=request.user),
        )
        plugins.register_dashboard_source(
            order=20, key="klassning", todo=dashboard.dashboard_todo,
            figures=dashboard.dashboard_figures, trends=dashboard.dashboard_trends,
            sections=dashboard.dashboard_sections,
            trend_version=1,
        )
        plugins.register_unit_link(
            order=20, label=_("Informationsmängder"),
            url=lambda unit: f"{reverse('klassning:asset_list')}?unit={unit.pk}",
        )
        plugins.register_unit_link(
            order=21, label=_("Åtgärdsplan"),
            url=lambda unit: reverse("klassning:unit_plan", args=[unit.pk]),
        )
        plugins.register_report_section(plugins.ReportSection(
            30, "informationsklassning", _("Informationsklassning"),
            report.classification_section, "klassning/report/section.html", snapshot=True,
        ))
        for order, (model, unit_lookup) in enumerate((
            ("klassning.InformationAsset", "unit"),
            ("klassning.ITService", "unit"),
            ("klassning.Classification", "asset__unit"),
            ("klassning.ClassificationAssessment", "classification__asset__unit"),
            ("klassning.UnitRequirement", "unit"),
            ("klassning.ServiceRequirement", "it_service__unit"),
        ), start=20):
            plugins.register_history_source(order=order, model=model, unit_lookup=unit_lookup)
        plugins.register_demo_seeder(order=20, seed=demo.seed)
        plugins.register_scale_seeder(order=20, seed=scale.seed)
        plugins.register_export(order=20, label=_("Informationsmängder"),
                                url_name="klassning:asset_list")
        plugins.register_export(order=21, label=_("It-tjänster"),
                                url_name="klassning:service_list")
        # The read-access log (issue 14): which assets and IT services are protected.
        audit.register_read_source(model="klassning.InformationAsset",
                                   protected=reads.protected_assets)
        audit.register_read_source(model="klassning.ITService",
                                   protected=reads.protected_services)
