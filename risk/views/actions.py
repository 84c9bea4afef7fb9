"""Treatment actions (åtgärder) of a risk and risk analyses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from isms.converters import is_id
from isms.locking import add_errors
from isms.views import paginate, versioned_edit
from nämnder import access

from .. import selectors, services
from ..forms import AnalysisForm, RiskActionForm
from ..models import ScopeKind
from .risks import _labelled


def action_create(request, risk_pk):
    risk = selectors.risk_get(user=request.user, pk=risk_pk, perm=access.EDIT_RECORDS)
    form = RiskActionForm(request.POST or None, risk=risk)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Åtgärden är registrerad."))
            return redirect("risk:risk_detail", pk=risk.pk)
    return render(request, "risk/action_form.html", {"form": form, "risk": risk})


def action_edit(request, pk):
    action = selectors.action_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    risk = action.risk
    form = RiskActionForm(request.POST or None, instance=action, risk=risk)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.action_update(actor=request.user, action=action, **data),
        message=_("Åtgärden är sparad."),
        success_url=reverse("risk:risk_detail", args=[risk.pk]),
    ):
        return response
    return render(request, "risk/action_form.html", {"form": form, "risk": risk, "action": action})


def analysis_list(request):
    analyses = selectors.analysis_list(user=request.user)
    return render(request, "risk/analysis_list.html", {
        "page": paginate(request, analyses),
        "can_create": selectors.units_for_new_records(user=request.user).exists(),
    })


def analysis_detail(request, pk):
    analysis = selectors.analysis_get(user=request.user, pk=pk)
    matrix = selectors.active_matrix()
    return render(request, "risk/analysis_detail.html", {
        "analysis": analysis, "matrix": matrix,
        "risks": list(_labelled(selectors.analysis_risks(analysis=analysis), matrix)),
        "can_edit": access.can(request.user, access.EDIT_RECORDS, analysis.unit),
    })


def _analysis_prefill(request) -> dict:
    """"Starta riskanalys" on an IT service's or asset's page: the scope filled in."""
    initial = {}
    get = request.GET
    if (value := get.get("it_service")) and is_id(value):
        initial.update(scope_kind=ScopeKind.IT_SERVICE, it_service=int(value))
    if (value := get.get("asset")) and is_id(value):
        initial.update(scope_kind=ScopeKind.INFORMATION_ASSET, information_asset=int(value))
    if (value := get.get("unit")) and is_id(value):
        initial["unit"] = int(value)
    if get.get("scope_kind") in ScopeKind.values:
        initial["scope_kind"] = get["scope_kind"]
    return initial


def analysis_create(request):
    form = AnalysisForm(
        request.POST or None, user=request.user,
        initial=None if request.method == "POST" else _analysis_prefill(request),
    )
    if not form.fields["unit"].queryset.exists():
        raise access.PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.analysis_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Riskanalysen är registrerad."))
            return redirect("risk:analysis_detail", pk=analysis.pk)
    return render(request, "risk/analysis_form.html", {"form": form})


def analysis_edit(request, pk):
    analysis = selectors.analysis_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = AnalysisForm(request.POST or None, instance=analysis, user=request.user)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.analysis_update(
            actor=request.user, analysis=analysis, **data
        ),
        message=_("Riskanalysen är sparad."),
        success_url=reverse("risk:analysis_detail", args=[analysis.pk]),
    ):
        return response
    return render(request, "risk/analysis_form.html", {"form": form, "analysis": analysis})
