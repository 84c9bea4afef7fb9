"""Reference data the city-wide security function maintains: kinds of steering document (and
which every unit must have), the mandatory courses and the Annex A controls (the city loads
its licensed titles). Registers are edited in the portal, through the services."""

from django.contrib import admin

from isms.admin import HistoryAdmin

from .models import AnnexAControl, Course, DocumentKind


class ReferenceAdmin(HistoryAdmin):
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(DocumentKind)
class DocumentKindAdmin(ReferenceAdmin):
    list_display = ("name", "scope", "required_for_every_unit", "review_interval_months",
                    "is_active")
    list_filter = ("scope", "required_for_every_unit", "is_active")


@admin.register(Course)
class CourseAdmin(ReferenceAdmin):
    list_display = ("name", "code", "is_mandatory", "is_active")


@admin.register(AnnexAControl)
class AnnexAControlAdmin(ReferenceAdmin):
    list_display = ("control_id", "theme", "title")
    list_filter = ("theme",)
    search_fields = ("control_id", "title")
    ordering = ("order",)
