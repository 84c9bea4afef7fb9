"""The risk matrix, maintained by the city-wide security function: scales, levels with
colours, the acceptance criterion, which matrix is active. Registers are edited in the portal
(through the services), not here."""

from django.contrib import admin

from isms.admin import HistoryAdmin
from isms.converters import is_id

from .models import RiskLevel, RiskMatrix, RiskScaleStep


class ReferenceAdmin(HistoryAdmin):
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(RiskMatrix)
class RiskMatrixAdmin(ReferenceAdmin):
    list_display = ("name", "is_active", "acceptance_level")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "acceptance_level":
            matrix_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = RiskLevel.objects.filter(
                matrix_id=matrix_id if matrix_id and is_id(matrix_id) else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RiskScaleStep)
class RiskScaleStepAdmin(ReferenceAdmin):
    list_display = ("matrix", "axis", "value", "name")
    list_filter = ("matrix", "axis")


@admin.register(RiskLevel)
class RiskLevelAdmin(ReferenceAdmin):
    list_display = ("matrix", "name", "min_value", "max_value", "colour", "text_colour")
    list_filter = ("matrix",)
