"""The risk register, the heatmap and a risk's own pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from isms.converters import is_id
from isms.counted_pages import CountedKeysPaginator
from isms.export_views import requested_format
from isms.links import id_url
from isms.locking import add_errors
from isms.views import PAGE_SIZE, export_if_requested, list_context, versioned_edit
from nämnder import access

from .. import exports, selectors, services
from ..forms import DecisionForm, RiskFilterForm, RiskForm
from ..models import OPEN_ACTION_STATUSES, RiskStatus

CELL_FIELDS = ("likelihood", "consequence", "assessment")
HEATMAP_FIELDS = ("q", "unit", "status", "owner", "overdue", "internal_control")
DETAIL_HISTORY = 20
PAGE_FIELDS = (
    "title", "status", "next_follow_up", "in_internal_control_plan", "inherent_likelihood",
    "inherent_consequence", "residual_likelihood", "residual_consequence", "unit__name",
    "owner__first_name", "owner__last_name", "owner__username",
)


def _labelled(risks, matrix):
    """Each risk with its inherent, residual and current level (from the loaded matrix) and
    its page's address (one ``reverse`` for all of them)."""
    detail_url = id_url("risk:risk_detail")
    for risk in risks:
        risk.detail_url = detail_url(risk.pk)
        risk.level_inherent = matrix.level_for(risk.score_inherent)
        risk.level_residual = matrix.level_for(risk.score_residual)
        risk.level = matrix.level_for(risk.score)
        yield risk


def risk_list(request):
    matrix = selectors.active_matrix()
    filters = RiskFilterForm(request.GET or None, user=request.user, matrix=matrix,
                             editable=True)
    risks = selectors.risk_list(user=request.user, matrix=matrix, **filters.filters())
    if requested_format(request) and (response := export_if_requested(
        request, rows=_labelled(risks.iterator(chunk_size=500), matrix),
        columns=exports.risk_columns(matrix), title=_("Riskregister"),
    )):
        return response
    # The page reads only the columns its rows show (``risk_cells``): not the risks' long
    # texts, nor the whole unit and owner; first its keys with the total, then their rows
    # with their unit and owner (``isms.counted_pages``).
    page = CountedKeysPaginator(risks.only(*PAGE_FIELDS), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    page.object_list = list(_labelled(page.object_list, matrix))
    return render(request, "risk/risk_list.html", list_context(
        request, filters, page, matrix=matrix,
        can_create=bool(filters.options()["editable"]),
    ))


def _heatmap(rows, base_query: str, *, residual: bool):
    url = reverse("risk:risk_list")
    for row in rows:
        for cell in row["cells"]:
            params = {"likelihood": cell["likelihood"], "consequence": cell["consequence"]}
            if residual:
                params["assessment"] = selectors.RESIDUAL
            query = "&".join(q for q in (base_query, urlencode(params)) if q)
            cell["href"] = f"{url}?{query}"
    return rows


def risk_heatmap(request):
    """The matrix with the number of risks in each cell, inherent and residual; each cell
    links to the register filtered on the same risks."""
    matrix = selectors.active_matrix()
    data = request.GET.copy()
    for name in list(data):
        if name not in HEATMAP_FIELDS:
            del data[name]
    filters = RiskFilterForm(data or None, user=request.user, matrix=matrix)
    for name in list(filters.fields):
        if name not in HEATMAP_FIELDS:
            del filters.fields[name]
    risks = selectors.risk_list(user=request.user, matrix=matrix, **filters.filters())
    base_query = data.urlencode()
    return render(request, "risk/heatmap.html", {
        "filters": filters, "matrix": matrix, "query": base_query,
        "inherent": _heatmap(matrix.grid(selectors.heatmap_counts(risks)), base_query,
                             residual=False),
        "residual": _heatmap(matrix.grid(selectors.heatmap_counts(risks, residual=True)),
                             base_query, residual=True),
    })


@require_GET
def level_css(request):
    """The configured level colours as a stylesheet (the Content-Security-Policy allows no
    inline style): ``.risk-level-<n>`` per level, lowest first."""
    matrix = selectors.active_matrix()
    css = "".join(
        f".risk-level-{lv.rank}{{background:{lv.colour};color:{lv.text_colour}}}\n"
        for lv in matrix.levels
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def risk_detail(request, pk):
    """The risk, its actions, links and history: read by ``selectors.detail`` (SQL built once
    per process)."""
    from ..selectors import detail

    risk = detail.risk_page_get(user=request.user, pk=pk)
    matrix = selectors.active_matrix()
    [risk] = _labelled([risk], matrix)
    can_edit = access.can(request.user, access.EDIT_RECORDS, risk.unit)
    actions = detail.risk_page_actions(risk=risk)
    known = [obj for action in actions for obj in (
        action.responsible, action.fulfils_unit_requirement, action.fulfils_service_requirement,
    ) if obj is not None]
    return render(request, "risk/risk_detail.html", {
        "risk": risk, "matrix": matrix,
        "actions": actions,
        "links": detail.risk_page_links(risk=risk, user=request.user),
        "history": detail.risk_page_history(
            risk=risk, user=request.user, limit=DETAIL_HISTORY, known=known,
        ),
        "can_edit": can_edit and risk.status != RiskStatus.CLOSED,
        "can_accept": access.can(request.user, access.APPROVE, risk.unit)
        and risk.status != RiskStatus.CLOSED,
        "above_criterion": matrix.above_criterion(risk.score),
        "follow_up_overdue": risk.follow_up_overdue,
    })


def _prefill(request, user) -> dict:
    """Initial values from the links that start a risk (an IT service's or asset's page, a
    requirement that is not applicable or long overdue, an analysis)."""
    from klassning import selectors as klassning

    from .. import panels

    initial = {}
    get = request.GET
    if (unit := get.get("unit")) and is_id(unit):
        initial["unit"] = int(unit)
    if (analysis := get.get("analysis")) and is_id(analysis):
        try:
            found = selectors.analysis_get(user=user, pk=int(analysis))
        except Exception:  # noqa: BLE001 - a link to something not visible prefills nothing
            found = None
        if found is not None:
            initial.update(unit=found.unit_id, analysis=found.pk)
            if found.it_service_id:
                initial["it_services"] = [found.it_service_id]
            if found.information_asset_id:
                initial["information_assets"] = [found.information_asset_id]
    for key, field in (("it_service", "it_services"), ("asset", "information_assets"),
                       ("supplier", "suppliers")):
        if (value := get.get(key)) and is_id(value):
            initial[field] = [int(value)]
    initial.update(panels.prefill_from_requirement(request, user, klassning))
    return initial


def risk_create(request):
    matrix = selectors.active_matrix()
    form = RiskForm(request.POST or None, user=request.user, matrix=matrix,
                    initial=None if request.method == "POST" else _prefill(request, request.user))
    if not form.fields["unit"].queryset.exists():
        raise access.PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(actor=request.user, matrix=matrix, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Risken är registrerad."))
            return redirect("risk:risk_detail", pk=risk.pk)
    return render(request, "risk/risk_form.html", {"form": form, "matrix": matrix})


def risk_edit(request, pk):
    risk = selectors.risk_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    matrix = selectors.active_matrix()
    form = RiskForm(request.POST or None, instance=risk, user=request.user, matrix=matrix)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.risk_update(
            actor=request.user, risk=risk, matrix=matrix, **data
        ),
        message=_("Risken är sparad."),
        success_url=reverse("risk:risk_detail", args=[risk.pk]),
    ):
        return response
    return render(request, "risk/risk_form.html", {"form": form, "risk": risk, "matrix": matrix})


def _decision(request, pk, *, perm, service, template, message):
    risk = selectors.risk_get(user=request.user, pk=pk, perm=perm)
    matrix = selectors.active_matrix()
    [risk] = _labelled([risk], matrix)
    form = DecisionForm(request.POST or None, initial={"version": risk.version})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, risk=risk, expected_version=form.cleaned_data["version"],
                    motivation=form.cleaned_data["motivation"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("risk:risk_detail", pk=risk.pk)
    return render(request, template, {
        "risk": risk, "form": form, "matrix": matrix,
        "above_criterion": matrix.above_criterion(risk.score),
        "is_chief": services.is_unit_chief(request.user, risk.unit),
        "open_actions": risk.actions.filter(status__in=OPEN_ACTION_STATUSES).count(),
    })


def risk_accept(request, pk):
    return _decision(
        request, pk, perm=access.APPROVE, service=services.risk_accept,
        template="risk/risk_accept.html", message=_("Risken är accepterad."),
    )


def risk_close(request, pk):
    return _decision(
        request, pk, perm=access.EDIT_RECORDS, service=services.risk_close,
        template="risk/risk_close.html", message=_("Risken är stängd."),
    )
