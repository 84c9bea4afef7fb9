from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


def _may_read_audit_log(request) -> bool:
    """The menu entry: decided from the memberships the page header reads too (no query of
    its own), by the rule the page applies."""
    from nämnder import access

    return access.audit_log_unit_ids(request.user) != []


def _start_panel(request):
    from nämnder import access

    from . import selectors

    if not access.sees_all_units(request.user):
        return {"show": False}
    latest = selectors.latest_verification()
    broken = latest if latest is not None and not latest.ok else None
    return {"show": True, "broken": broken,
            "review": broken and selectors.break_review_of(verification=broken)}


class SparbarhetConfig(AppConfig):
    """Spårbarhet: the audit trail of changes and reads, chained and append-only."""

    name = "sparbarhet"
    label = "sparbarhet"
    verbose_name = _("Spårbarhet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from isms import audit, plugins

        from . import alarms, guard, identity, scale, selectors, services, signals  # noqa: F401

        identity.connect()

        audit.register_read_sink(services.reads_record)
        guard.install()
        plugins.register_urls(order=8, prefix="sparbarhet/", module="sparbarhet.urls")
        plugins.register_nav(order=85, label=_("Granskningslogg"), url_name="sparbarhet:audit_log",
                             visible=_may_read_audit_log)
        plugins.register_export(order=85, label=_("Granskningslogg"),
                                url_name="sparbarhet:audit_log")
        # Last: the audit events of everything the other scale seeders wrote.
        plugins.register_scale_seeder(order=99, seed=scale.seed)
        plugins.register_start_panel(
            order=5, key="sparbarhet", template="sparbarhet/start_panel.html",
            context=_start_panel,
        )
        plugins.register_background_queue(
            order=40, key="sparbarhet-lankning", label=_("Länkning av granskningshändelser"),
            status=selectors.pending_status, sweep=services.pending_link,
        )
        # Personuppgifter i portalen and the yearly report's section (H5).
        from . import report

        plugins.register_account_link(
            order=10, label=_("Mina personuppgifter"), url_name="sparbarhet:my_personal_data",
        )
        plugins.register_report_section(plugins.ReportSection(
            95, "sparbarhet", _("Spårbarhet"), report.trail_section,
            "sparbarhet/report/section.html",
        ))
        if apps.is_installed("notifieringar"):
            from notifieringar.models import register_kind

            register_kind(alarms.KIND_CHAIN_BROKEN, _("Granskningsloggens kedja är bruten"))
