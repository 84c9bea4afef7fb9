"""Admin for the city-wide security function: units, memberships and guardian's object perms.

Membership changes go through the services, so group-held permissions follow them.
"""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Membership, OrganisationUnit


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "administration_name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "administration_name", "short_name")
    list_select_related = ("parent",)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            obj.full_clean()
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__last_name", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")

    def has_change_permission(self, request, obj=None):
        # A membership is added or removed, never edited: that keeps group permissions right.
        return False

    def save_model(self, request, obj, form, change):
        membership = services.membership_add(
            actor=request.user, user=obj.user, unit=obj.unit, role=obj.role
        )
        obj.pk, obj.created_at = membership.pk, membership.created_at

    def delete_model(self, request, obj):
        services.membership_remove(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("unit", "user"):
            services.membership_remove(actor=request.user, membership=membership)
