from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from isms import audit
from isms.locking import add_errors
from isms.views import versioned_edit
from nämnder import access

from .. import reads, selectors, services
from ..clocks import clock
from ..forms import ActionForm, ObligationForm


def obligation_edit(request, pk):
    """Assess one obligation and record the notification (when, reference, late reason)."""
    item = selectors.obligation_get(user=request.user, pk=pk)
    clock(item, timezone.now())
    form = ObligationForm(request.POST or None, instance=item)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.obligation_update(actor=request.user, item=item, **data),
        message=_("Anmälningsskyldigheten är sparad."),
        success_url=reverse("incidenter:incident_detail", args=[item.incident_id]),
    ):
        return response
    audit.object_read(request, item.incident)  # (its content: the edit right was checked)
    return render(request, "incidenter/obligation_form.html", {"form": form, "item": item})


def obligation_summary(request, pk):
    """A printable page with the facts the authority's form asks for (IMY: what happened, when
    it was discovered, data subjects and records, likely consequences, measures)."""
    item = selectors.obligation_get(user=request.user, pk=pk)
    incident = selectors.incident_get(user=request.user, pk=item.incident_id)
    clock(item, timezone.now())
    reads.incident_read(request, incident)
    return render(request, "incidenter/obligation_summary.html", {
        "item": item, "incident": incident,
        "timeline": selectors.incident_timeline(incident=incident),
        "actions": selectors.incident_actions(incident=incident),
    })


def action_create(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Åtgärden är tillagd."))
            return redirect("incidenter:incident_detail", pk=incident.pk)
    audit.object_read(request, incident)  # (its title: the edit right was checked)
    return render(request, "incidenter/action_form.html", {"form": form, "incident": incident})


def action_edit(request, pk):
    action = selectors.action_get(user=request.user, pk=pk)
    form = ActionForm(request.POST or None, instance=action)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.action_update(actor=request.user, action=action, **data),
        message=_("Åtgärden är sparad."),
        success_url=reverse("incidenter:incident_detail", args=[action.incident_id]),
    ):
        return response
    audit.object_read(request, action.incident)  # (its content: the edit right was checked)
    return render(request, "incidenter/action_form.html", {
        "form": form, "incident": action.incident, "action": action})
