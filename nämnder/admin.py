"""Admin for the city-wide security function: units, memberships, people, and a read view of
guardian's object permissions.

Access is granted only through memberships, whose services keep the groups' permissions right
and record who did it. So in the admin: memberships are added and removed through the services;
the security function may see guardian's object-permission pages but only a superuser may change
them; units are deactivated, not deleted (only a superuser deletes one); and the security
function manages people, not credentials: only a superuser may set a password, change a user's
superuser flag, staff flag, groups or direct permissions, or change or delete a superuser's
account at all. History pages are read-only (``isms.admin.HistoryAdmin``).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from guardian.admin import GuardedModelAdmin

from isms.admin import HistoryAdmin, SafeFormAdminMixin

from . import services
from .forms import PortalUserChangeForm, PortalUserCreationForm
from .models import Membership, OrganisationUnit

User = get_user_model()


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(GuardedModelAdmin, HistoryAdmin):
    list_display = ("name", "administration_name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "administration_name", "short_name")
    list_select_related = ("parent",)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            # Not ``isms.locking.versioned_update``: the admin form has already set the fields
            # on ``obj`` and the ModelAdmin saves it (and its inlines and M2M) itself. The admin
            # posts no version, so there is nothing to check; the bump makes a role-holder form
            # opened before this save stale.
            obj.full_clean()
            obj.version += 1
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.memberships.exists():
            # The kind decides whether a membership's role is held in the unit's group or in a
            # city-wide one: changing it under existing members would leave them in the wrong
            # group, and removing them would not take their access away.
            return (*readonly, "kind")
        return readonly

    def has_delete_permission(self, request, obj=None):
        # Deleting a unit would take its memberships (and plan) with it, past the services that
        # keep the groups right: a unit is deactivated instead.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def _read_only_unless_superuser(self, request):
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied

    def obj_perms_manage_view(self, request, object_pk):
        self._read_only_unless_superuser(request)
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        self._read_only_unless_superuser(request)
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        self._read_only_unless_superuser(request)
        return super().obj_perms_manage_group_view(request, object_pk, group_id)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
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


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(SafeFormAdminMixin, UserAdmin):
    """People. Access comes from memberships, so the security function may create and
    deactivate people but not hand out superuser, staff, groups or direct permissions, nor set
    anyone's password (that would let it log in as them), nor touch a superuser's account."""

    PRIVILEGED = ("is_superuser", "is_staff", "groups", "user_permissions")
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.PRIVILEGED, "last_login", "date_joined")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # The password field is only a link to the password page, which is closed to them.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]

    @staticmethod
    def _protected(request, obj) -> bool:
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser and queryset.filter(is_superuser=True).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        # Django's view asks only for ``change_user``. One's own password is changed on the
        # admin's own page, which asks for the current one.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
