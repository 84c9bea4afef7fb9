from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversiktConfig(AppConfig):
    """Dashboards: the chief's (the start page of a unit's chief, samordnare and revisor, and
    one page per unit) and the city's (one row per unit). Each register adds its to-do items
    and key figures through ``isms.plugins.register_dashboard_source``; this app names none."""

    name = "oversikt"
    label = "oversikt"
    verbose_name = _("Översikt")

    def ready(self):
        from isms import plugins

        from . import figure_cache, report, start, trend_cache

        plugins.register_urls(order=15, prefix="oversikt/", module="oversikt.urls")
        plugins.register_catalogue(self.label)
        plugins.register_start_panel(order=5, key="oversikt",
                                     template="oversikt/start_panel.html",
                                     context=start.panel_context)
        plugins.register_report_section(plugins.ReportSection(
            5, "oversikt", _("Nyckeltal och jämförelse med staden"), report.dashboard_section,
            "oversikt/report/section.html", snapshot=True,
        ))
        trend_cache.connect_signals()
        figure_cache.connect_signals()
