from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Riskhantering")

    def ready(self):
        """Add the risk register to the menu, the start page, a unit's page, the IT service,
        asset, requirement and supplier pages, the yearly report, its changes, ``seed_demo`` and
        ``seed_scale`` (``isms.plugins``)."""
        from django.urls import reverse

        from isms import plugins

        from . import dashboard, demo, panels, report, scale, start

        plugins.register_catalogue(self.label)
        plugins.register_urls(order=30, prefix="risker/", module="risk.urls")
        plugins.register_nav(order=30, label=_("Risker"), url_name="risk:risk_list")
        plugins.register_start_panel(
            order=30, key="risk", template="risk/start_panel.html", context=start.panel_context,
        )
        plugins.register_dashboard_source(
            order=30, key="risk", todo=dashboard.dashboard_todo,
            figures=dashboard.dashboard_figures, sections=dashboard.dashboard_sections,
        )
        plugins.register_unit_link(
            order=30, label=_("Riskregister"),
            url=lambda unit: f"{reverse('risk:risk_list')}?unit={unit.pk}",
        )
        plugins.register_unit_link(
            order=31, label=_("Riskkarta"),
            url=lambda unit: f"{reverse('risk:risk_heatmap')}?unit={unit.pk}",
        )
        for order, (model, context) in enumerate((
            ("klassning.ITService", panels.it_service_panel),
            ("klassning.InformationAsset", panels.asset_panel),
            ("klassning.UnitRequirement", panels.requirement_panel),
            ("klassning.ServiceRequirement", panels.requirement_panel),
            ("leverantorer.Supplier", panels.supplier_panel),
        ), start=30):
            plugins.register_object_panel(
                order=order, key="risk", model=model, template="risk/panels/object_panel.html",
                context=context,
            )
        plugins.register_report_section(plugins.ReportSection(
            40, "risker", _("Risker"), report.risk_section, "risk/report/section.html",
            snapshot=True,
        ))
        for order, (model, unit_lookup) in enumerate((
            ("risk.RiskAnalysis", "unit"),
            ("risk.Risk", "unit"),
            ("risk.RiskAction", "risk__unit"),
        ), start=40):
            plugins.register_history_source(order=order, model=model, unit_lookup=unit_lookup)
        plugins.register_demo_seeder(order=30, seed=demo.seed)
        plugins.register_scale_seeder(order=30, seed=scale.seed)
        plugins.register_export(order=30, label=_("Riskregister"), url_name="risk:risk_list")
