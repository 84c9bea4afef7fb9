"""Reference data the city-wide security function maintains: levels, aspects, consequence
categories, the requirements catalogue and the review interval. Registers are edited in the
portal (through the services), not here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from isms.admin import HistoryAdmin

from . import services
from .models import (
    Aspect,
    ClassificationLevel,
    ClassificationSettings,
    ConsequenceCategory,
    LevelCriterion,
    PersonalDataMinimum,
    Requirement,
)


class ReferenceAdmin(HistoryAdmin):
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClassificationLevel)
class ClassificationLevelAdmin(ReferenceAdmin):
    list_display = ("value", "name")


@admin.register(Aspect)
class AspectAdmin(ReferenceAdmin):
    list_display = ("code", "name", "order")

    def save_model(self, request, obj, form, change):
        # An aspect's code and order are the text of the profile each IT service keeps
        # (``ITService.required_profile``): written again in the admin's transaction.
        super().save_model(request, obj, form, change)
        services.service_profile_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.service_profile_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.service_profile_refresh()


@admin.register(ConsequenceCategory)
class ConsequenceCategoryAdmin(ReferenceAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_filter = ("is_active",)

    def save_model(self, request, obj, form, change):
        # Retiring or reactivating a category changes the classifications' levels: the service
        # recomputes them in the admin's transaction.
        services.consequence_category_save(actor=request.user, category=obj)


@admin.register(LevelCriterion)
class LevelCriterionAdmin(ReferenceAdmin):
    """What each level means per consequence category: shown beside the level choices."""

    list_display = ("category", "level", "text")
    list_filter = ("category",)
    list_select_related = ("category",)
    search_fields = ("text",)


@admin.register(PersonalDataMinimum)
class PersonalDataMinimumAdmin(ReferenceAdmin):
    """The lowest level suggested for an aspect when an asset holds a kind of personal data."""

    list_display = ("personal_data", "aspect", "min_level")
    list_select_related = ("aspect",)


@admin.action(description=_("Beräkna om alla åtgärdsplaner och kravlistor"))
def recompute_plans(modeladmin, request, queryset):
    services.plans_recompute_all(actor=request.user)
    modeladmin.message_user(request, _("Åtgärdsplanerna är omräknade."), messages.SUCCESS)


@admin.register(Requirement)
class RequirementAdmin(ReferenceAdmin):
    list_display = ("code", "title", "aspect", "min_level", "kind", "iso_controls", "is_active")
    list_filter = ("aspect", "min_level", "kind", "is_active")
    search_fields = ("code", "title", "iso_controls")
    list_select_related = ("aspect",)
    actions = [recompute_plans]


@admin.register(ClassificationSettings)
class ClassificationSettingsAdmin(ReferenceAdmin):
    list_display = (
        "__str__", "review_interval_months", "read_log_confidentiality_level",
        "read_log_traceability_level",
    )

    def has_add_permission(self, request):
        return not ClassificationSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
