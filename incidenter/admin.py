"""Reference data the city-wide security function maintains: incident categories, the severity
scale, the legal reporting obligations and which units cybersäkerhetslagen covers. Incidents are handled in the portal (through the
services), not here."""

from django.contrib import admin

from isms.admin import HistoryAdmin

from .models import IncidentCategory, ReportingObligation, SeverityLevel, UnitCyberLawScope


class ReferenceAdmin(HistoryAdmin):
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(ReferenceAdmin):
    list_display = ("name", "code", "order", "is_active")


@admin.register(SeverityLevel)
class SeverityLevelAdmin(ReferenceAdmin):
    list_display = ("value", "name")


@admin.register(ReportingObligation)
class ReportingObligationAdmin(ReferenceAdmin):
    list_display = ("name", "authority", "duration_hours", "duration_months", "follows",
                    "cyber_security_act", "is_active")


@admin.register(UnitCyberLawScope)
class UnitCyberLawScopeAdmin(ReferenceAdmin):
    """Every kommunal nämnd is covered (no row needed); record bolag and exceptions here."""

    list_display = ("unit", "applies", "motivation")
    list_filter = ("applies",)
    search_fields = ("unit__name", "unit__short_name")
