"""Pages of the organisation: thin views that parse, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms import plugins
from isms.history import page_number
from isms.locking import add_errors
from isms.views import versioned_edit

from . import access, selectors, services
from .context_processors import my_memberships
from .forms import MembershipAddForm, RoleHoldersForm
from .models import Membership


def start(request):
    return render(
        request,
        "namnder/start.html",
        {
            "memberships": my_memberships(request),
            "sees_all": access.sees_all_units(request.user),
            "panels": plugins.start_panels(request),
        },
    )


def unit_list(request):
    return render(request, "namnder/unit_list.html", {"units": selectors.unit_list(user=request.user)})


def unit_detail(request, pk):
    unit = selectors.unit_with_members(user=request.user, pk=pk)
    return render(
        request,
        "namnder/unit_detail.html",
        {
            "unit": unit, "unit_links": plugins.unit_links(unit),
            **selectors.user_capabilities(user=request.user, unit=unit),
        },
    )


def unit_edit(request, pk):
    unit = access.get_unit_or_404(request.user, pk, perm=access.CHANGE_UNIT)
    form = RoleHoldersForm(request.POST or None, instance=unit)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.unit_update(actor=request.user, unit=unit, **data),
        message=_("Rollinnehavarna är sparade."),
        success_url=reverse("unit_detail", args=[unit.pk]),
    ):
        return response
    return render(request, "namnder/unit_edit.html", {"unit": unit, "form": form})


def unit_history(request, pk):
    unit = selectors.unit_with_parent(user=request.user, pk=pk)
    page = selectors.unit_history_page(unit=unit, number=page_number(request.GET.get("sida")))
    return render(request, "namnder/unit_history.html", {"unit": unit, "page": page})


def membership_add(request, pk):
    unit = access.get_unit_or_404(request.user, pk, perm=access.MANAGE_MEMBERS)
    form = MembershipAddForm(request.POST or None, unit=unit, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user, user=form.cleaned_data["username"], unit=unit,
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Medlemmen är tillagd."))
            return redirect("unit_detail", pk=unit.pk)
    return render(request, "namnder/membership_add.html", {"unit": unit, "form": form})


@require_POST
def membership_remove(request, pk, membership_pk):
    membership = access.get_for_user_or_404(
        request.user, Membership.objects.select_related("unit", "user"),
        perm=access.MANAGE_MEMBERS, pk=membership_pk, unit_id=pk,
    )
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Medlemskapet är borttaget."))
    return redirect("unit_detail", pk=pk)
