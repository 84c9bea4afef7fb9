"""Two-factor login in the admin, for the city-wide security function.

- *Tvåstegsverifiering per person*: everyone with their status; the action "Återställ
  tvåstegsverifiering" deletes the chosen people's apps and recovery codes (a lost phone),
  recorded as an event with who did it. Each row links to the person's page in the portal.
- *Händelser i tvåstegsverifiering*: read-only, with their history.

django-otp's own device admins are removed: they show a person's secret (and its QR code) to
whoever may view a device, and would let a device be changed past the events.
"""

import contextlib
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from isms.admin import HistoryAdmin
from nämnder import access

from . import selectors, services
from .models import TwoFactorEvent, TwoFactorPerson

for model in (TOTPDevice, StaticDevice):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(model)


class SecurityFunctionOnly:
    """Seen by the security function (and superusers); changed by nobody in the admin."""

    def has_module_permission(self, request):
        return access.is_city_security_function(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_city_security_function(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TwoFactorPerson)
class TwoFactorPersonAdmin(SecurityFunctionOnly, admin.ModelAdmin):
    list_display = ("username", "first_name", "last_name", "enrolled", "portal_page")
    search_fields = ("username", "first_name", "last_name", "email")
    list_filter = ("is_active",)
    fields = ("username", "first_name", "last_name", "email", "is_active")
    actions = ["reset_two_factor"]
    ordering = ("username",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            has_app=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
        )

    @admin.display(boolean=True, description=_("aktiverad"), ordering="has_app")
    def enrolled(self, obj):
        return obj.has_app

    @admin.display(description=_("i portalen"))
    def portal_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("tvasteg:person", args=[obj.pk]),
                           _("Visa"))

    @admin.action(description=_("Återställ tvåstegsverifiering"))
    def reset_two_factor(self, request, queryset):
        if not selectors.recently_verified(request):
            self.message_user(request, _(
                "Bekräfta med en kod från din app eller en reservkod. Gör sedan om "
                "återställningen."
            ), messages.WARNING)
            return redirect(f"{reverse('tvasteg:confirm')}?"
                            f"{urlencode({'next': request.get_full_path()})}")
        done, refused, own = 0, 0, 0
        for person in queryset:
            if person.pk == request.user.pk:
                own += 1
            elif services.may_reset(request.user, person):
                services.two_factor_reset(actor=request.user, user=person)
                done += 1
            else:
                refused += 1
        if own:
            self.message_user(request, _(
                "Din egen tvåstegsverifiering återställs inte här: ändra den på din egen sida."
            ), messages.WARNING)
        if done:
            self.message_user(request, _("Återställd för %(n)d personer.") % {"n": done},
                              messages.SUCCESS)
        if refused:
            self.message_user(
                request, _("%(n)d superanvändare hoppades över: bara en superanvändare kan "
                           "återställa dem.") % {"n": refused}, messages.WARNING,
            )

    def get_actions(self, request):
        # A view-only changelist offers no actions by default; this one is the point of the page.
        actions = super().get_actions(request)
        if access.is_city_security_function(request.user):
            actions["reset_two_factor"] = self.get_action("reset_two_factor")
        return actions


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(SecurityFunctionOnly, HistoryAdmin):
    list_display = ("created_at", "user", "kind", "actor")
    list_filter = ("kind",)
    search_fields = ("user__username", "user__last_name", "actor__username")
    list_select_related = ("user", "actor")
    date_hierarchy = "created_at"
