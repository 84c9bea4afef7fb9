from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedningssystemConfig(AppConfig):
    """The management system (riktlinjen p. 2, 3, 9, 10): steering documents, the yearly
    training, reviews and audits, access reviews and the Statement of Applicability."""

    name = "ledningssystem"
    label = "ledningssystem"
    verbose_name = _("Ledningssystem")

    def ready(self):
        from django.urls import reverse

        from isms import plugins
        from isms.dates import local_today
        from nämnder import access

        from . import dashboard, demo, report, scale, selectors

        plugins.register_urls(order=50, prefix="ledningssystem/", module="ledningssystem.urls")
        plugins.register_catalogue(self.label)
        plugins.register_nav(order=50, label=_("Styrdokument"),
                             url_name="ledningssystem:document_list")
        plugins.register_nav(order=51, label=_("Utbildning"),
                             url_name="ledningssystem:completion_list")
        plugins.register_nav(order=52, label=_("Granskningar"),
                             url_name="ledningssystem:audit_list")

        def start_context(request):
            return dashboard.start_panel_context(user=request.user, today=local_today())

        plugins.register_start_panel(order=50, key="ledningssystem",
                                     template="ledningssystem/start_panel.html",
                                     context=start_context)
        plugins.register_dashboard_source(
            order=50, key="ledningssystem", todo=dashboard.dashboard_todo,
            figures=dashboard.dashboard_figures,
        )
        plugins.register_unit_link(
            order=50, label=_("Styrdokument"),
            url=lambda unit: f"{reverse('ledningssystem:document_list')}?unit={unit.pk}",
        )
        plugins.register_unit_link(
            order=51, label=_("Tillämplighetsförklaring (ISO 27001)"),
            url=lambda unit: reverse("ledningssystem:soa", args=[unit.pk]),
        )

        def service_panel(request, service):
            """The latest access review of the service, for those who see its owning unit."""
            if not access.can(request.user, access.VIEW, service.unit):
                return None
            return {
                "review": selectors.latest_access_review(service=service),
                "can_add": access.can(request.user, access.EDIT_RECORDS, service.unit),
            }

        plugins.register_object_panel(order=50, key="ledningssystem-access-review",
                                      model="klassning.ITService",
                                      template="ledningssystem/_service_panel.html",
                                      context=service_panel)
        def plan_item_panel(request, item):
            """On a requirement of a unit's action plan: the findings handed to it (each
            finding is seen by whoever views its unit, the requirement's unit)."""
            if not access.can(request.user, access.VIEW, item.unit):
                return None
            links = selectors.plan_item_findings(user=request.user, item=item)
            return {"links": links} if links else None

        plugins.register_object_panel(order=50, key="ledningssystem-findings",
                                      model="klassning.UnitRequirement",
                                      template="ledningssystem/_plan_item_panel.html",
                                      context=plan_item_panel)
        plugins.register_report_section(plugins.ReportSection(
            20, "styrdokument", _("Styrdokument"), report.documents_section,
            "ledningssystem/report/documents.html", snapshot=True,
        ))
        plugins.register_report_section(plugins.ReportSection(
            60, "utbildning", _("Utbildning"), report.training_section,
            "ledningssystem/report/training.html",
        ))
        plugins.register_report_section(plugins.ReportSection(
            70, "granskning", _("Granskning och uppföljning"), report.followup_section,
            "ledningssystem/report/followup.html",
        ))
        for order, (model, unit_lookup) in enumerate((
            ("ledningssystem.SteeringDocument", "unit"),
            ("ledningssystem.DocumentVersion", "document__unit"),
            ("ledningssystem.StaffCount", "unit"),
            ("ledningssystem.TrainingCompletion", "unit"),
            ("ledningssystem.Audit", "unit"),
            ("ledningssystem.Finding", "unit"),
            ("ledningssystem.FindingAction", "finding__unit"),
            ("ledningssystem.FindingPlanItem", "finding__unit"),
            ("ledningssystem.AccessReview", "it_service__unit"),
            ("ledningssystem.ApplicabilityStatement", "unit"),
        ), start=50):
            plugins.register_history_source(order=order, model=model, unit_lookup=unit_lookup)
        plugins.register_demo_seeder(order=50, seed=demo.seed)
        plugins.register_scale_seeder(order=50, seed=scale.seed)
        for order, (label, url_name) in enumerate((
            (_("Styrdokument"), "ledningssystem:document_list"),
            (_("Genomförda utbildningar"), "ledningssystem:completion_list"),
            (_("Granskningar och revisioner"), "ledningssystem:audit_list"),
            (_("Iakttagelser"), "ledningssystem:finding_list"),
            (_("Behörighetsuppföljning"), "ledningssystem:access_review_list"),
        ), start=50):
            plugins.register_export(order=order, label=label, url_name=url_name)
