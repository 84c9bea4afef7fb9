from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms.links import id_url
from isms.locking import add_errors, posted_version
from isms.views import export_if_requested, list_context, paginate, versioned_edit
from nämnder import access

from .. import exports, reads, selectors, services
from ..clocks import attach_clocks
from ..forms import GrantForm, IncidentFilterForm, IncidentForm, QuickReportForm, TimelineForm


def incident_list(request):
    filters = IncidentFilterForm(request.GET or None, user=request.user)
    now = timezone.now()
    incidents = selectors.incident_list(user=request.user, now=now, **filters.filters())
    if response := export_if_requested(
        request, rows=incidents.iterator(chunk_size=500), columns=exports.incident_columns(now),
        title=_("Incidenter"), read_log=reads.content_read(incidents),
    ):
        return response
    page = paginate(request, selectors.incident_list_rows(incidents))
    selectors.attach_open_obligations(page)
    attach_clocks(page, now)
    detail_url = id_url("incidenter:incident_detail")
    for incident in page:
        incident.detail_url = detail_url(incident.pk)
    return render(request, "incidenter/incident_list.html", list_context(
        request, filters, page,
        can_report=selectors.units_for_quick_report(user=request.user).exists(),
    ))


def quick_report(request):
    form = QuickReportForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_quick_report(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _(
                "Tack! Incidenten är rapporterad och enhetens informationssäkerhetssamordnare "
                "har fått en notis."))
            return redirect("incidenter:incident_detail", pk=incident.pk)
    return render(request, "incidenter/quick_report.html", {"form": form})


def incident_detail(request, pk):
    """The incident and, where its content may be seen, its timeline, actions, links and
    history: read by ``selectors.detail`` (SQL built once per process)."""
    from ..selectors import detail

    incident = selectors.incident_get(user=request.user, pk=pk)
    now = timezone.now()
    obligations = detail.incident_page_obligations(incident=incident)
    attach_clocks([incident], now, obligations=obligations)
    content = incident.content_visible
    context = {"incident": incident, "obligations": obligations, "content": content, "now": now}
    if content:
        can_edit = selectors.may_edit(request.user, incident)
        timeline = detail.incident_page_timeline(incident=incident)
        actions = detail.incident_page_actions(incident=incident)
        links = detail.incident_page_links(incident=incident)
        context.update({
            "timeline": timeline,
            "actions": actions,
            "assets": links["assets"], "it_services": links["it_services"],
            "suppliers": links["suppliers"],
            "history": detail.incident_page_history(
                incident=incident, user=request.user, obligations=obligations,
                known=[entry.author for entry in timeline if entry.author is not None],
            ),
            "can_edit": can_edit and not incident.is_closed,
            "can_reopen": can_edit and incident.is_closed,
            "can_grant": incident.confidential and selectors.may_grant(request.user, incident),
            "closing_problems": services.closing_problems(
                incident, obligations=obligations, actions=actions,
            ) if can_edit else [],
            "timeline_form": TimelineForm(initial={"at": timezone.localtime(now).strftime(
                "%Y-%m-%dT%H:%M")}),
            "grant_form": GrantForm(),
        })
        if context["can_grant"]:
            context["granted_users"] = selectors.granted_users(incident)
    reads.incident_read(request, incident)
    return render(request, "incidenter/incident_detail.html", context)


def incident_edit(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = IncidentForm(request.POST or None, instance=incident)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.incident_update(actor=request.user, incident=incident,
                                                     **data),
        message=_("Incidenten är sparad."),
        success_url=reverse("incidenter:incident_detail", args=[incident.pk]),
    ):
        return response
    reads.incident_read(request, incident)
    return render(request, "incidenter/incident_form.html", {"form": form, "incident": incident})


def _change_status(request, pk, service, done: str):
    """Close or reopen: the posted version, the service's Swedish refusal as messages."""
    incident = selectors.incident_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    try:
        service(actor=request.user, incident=incident, expected_version=posted_version(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("incidenter:incident_detail", pk=incident.pk)


@require_POST
def incident_close(request, pk):
    return _change_status(request, pk, services.incident_close, _("Incidenten är stängd."))


@require_POST
def incident_reopen(request, pk):
    return _change_status(request, pk, services.incident_reopen, _("Incidenten är öppnad igen."))


@require_POST
def timeline_add(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = TimelineForm(request.POST)
    if form.is_valid():
        try:
            services.timeline_add(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    else:
        messages.success(request, _("Händelsen är tillagd i tidslinjen."))
    return redirect("incidenter:incident_detail", pk=incident.pk)


@require_POST
def incident_grant(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk)
    if not incident.content_visible or not selectors.may_grant(request.user, incident):
        raise PermissionDenied
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            services.incident_grant(actor=request.user, incident=incident,
                                    username=form.cleaned_data["username"])
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    else:
        messages.success(request, _("Behörigheten är given."))
    return redirect("incidenter:incident_detail", pk=incident.pk)


@require_POST
def incident_revoke(request, pk, user_pk):
    """Take back a person's access to a confidential incident (written to its timeline)."""
    incident = selectors.incident_get(user=request.user, pk=pk)
    if not incident.content_visible or not selectors.may_grant(request.user, incident):
        raise PermissionDenied
    person = get_object_or_404(selectors.granted_users(incident), pk=user_pk)
    services.incident_revoke(actor=request.user, incident=incident, user=person)
    messages.success(request, _("%(user)s har inte längre behörighet till incidenten.")
                     % {"user": person.get_full_name() or person.username})
    return redirect("incidenter:incident_detail", pk=incident.pk)


def deadlines(request):
    """Open reporting obligations, nearest deadline first: per unit or for all units the person
    sees (city-wide for the city-wide roles)."""
    from ..forms import DeadlineFilterForm

    filters = DeadlineFilterForm(request.GET or None, user=request.user)
    now = timezone.now()
    rows = selectors.deadline_rows(user=request.user, now=now, **filters.filters())
    page = paginate(request, rows, per_page=50)
    attach_clocks(None, now, obligations=page)
    detail_url = id_url("incidenter:incident_detail")
    for item in page:
        item.detail_url = detail_url(item.incident_id)
    return render(request, "incidenter/deadlines.html", list_context(request, filters, page))
