from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isms import audit
from isms.export_views import query_without_page
from isms.history import HistoryPage, page_number
from isms.links import id_url
from isms.locking import add_errors
from isms.views import (
    export_if_requested,
    list_context,
    paginate,
    status_summary,
    versioned_edit,
)
from nämnder import access

from .. import exports, handover, selectors, services
from ..forms import ITServiceForm, PlanFilterForm, ServiceFilterForm
from ..models import ITServiceKind, PlanStatus
from .plans import requirements_table

EXPORT_CHUNK = 500
# The assets an IT service's page names (a service shared by the whole city handles hundreds);
# the asset list filtered on the service shows them all.
ASSETS_SHOWN = 50
# The service's latest saves on its page (each an entry for its fields and one for its links);
# the rest on its history page, this many saves a page.
DETAIL_HISTORY = 10
HISTORY_PAGE = 25  # a save is up to two entries: about as many rows as the asset's page of 50


def asset_items(assets) -> SafeString:
    """The ``<li>`` of each asset listed on a service's page (``ServiceAsset`` with its ``url``),
    built once here instead of a template loop with five lookups per asset; every value
    escaped as the template's autoescaping does."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'<li><a href="{escape(a.url)}">{escape(a.name)}</a> ({escape(a.unit.name)}) '
        f"{escape(a.approved_profile or '')}</li>"
        for a in assets
    ))


_SERVICE_ROW = (
    "\n    <tr>\n"
    '      <td><a href="{url}">{name}</a>{badge}</td>\n'
    "      <td>{kind}</td><td>{unit}</td><td>{manager}</td>\n"
    "      <td>{users}</td>\n"
    "      <td>{profile}</td>\n"
    "    </tr>\n  "
)


def service_rows(services) -> SafeString:
    """The ``<tr>`` of each IT service on the list page, built once here (a row's link, kind
    label, plural and badge cost the template more than the page's queries); every value
    escaped as the template's autoescaping does."""
    url = id_url("klassning:service_detail")
    badge = f' <span class="badge prio">{escape(_("Prioriterad"))}</span>'
    kinds = {value: escape(label) for value, label in ITServiceKind.choices}
    return mark_safe("".join(  # noqa: S308 - every value escaped
        _SERVICE_ROW.format(
            url=url(s.pk), name=escape(s.name), badge=badge if s.is_prioritised else "",
            kind=kinds.get(s.kind) or escape(s.kind), unit=escape(s.unit.name),
            manager=escape(s.manager or "–"),
            users=escape(ngettext("%(n)s enhet", "%(n)s enheter", s.user_count)
                         % {"n": s.user_count}),
            profile=escape(s.required_profile or "–"),
        )
        for s in services
    ))


def service_list(request):
    filters = ServiceFilterForm(request.GET or None)
    services_qs = selectors.it_service_list(user=request.user, **filters.filters())
    # Each service's required profile is a column kept on its row
    # (``ITService.required_profile``): the rows are read as they are, the export's chunk by chunk.
    if response := export_if_requested(
        request, rows=services_qs.iterator(chunk_size=EXPORT_CHUNK),
        columns=exports.service_columns, title=_("It-tjänster"), read_log=services_qs,
    ):
        return response
    page = paginate(request, services_qs)
    return render(request, "klassning/service_list.html", list_context(
        request, filters, page, rows=service_rows(page.object_list),
        can_create=selectors.units_for_new_records(user=request.user).exists(),
    ))


def service_create(request):
    form = ITServiceForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            service = services.it_service_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("It-tjänsten är registrerad."))
            return redirect("klassning:service_detail", pk=service.pk)
    return render(request, "klassning/service_form.html", {"form": form})


def service_edit(request, pk):
    service = selectors.it_service_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = ITServiceForm(request.POST or None, instance=service, user=request.user)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.it_service_update(
            actor=request.user, service=service, **data
        ),
        message=_("It-tjänsten är sparad."),
        success_url=reverse("klassning:service_detail", args=[service.pk]),
    ):
        return response
    return render(request, "klassning/service_form.html", {"form": form, "service": service})


def service_detail(request, pk):
    """The IT service and its technical requirements: what the förvaltningsledare receives."""
    service = selectors.it_service_get(user=request.user, pk=pk)
    aspects = selectors.aspects()
    filters = PlanFilterForm(request.GET or None, aspects=aspects)
    chosen = filters.filters()

    def export_rows():  # the plan's queryset built only for an export
        yield from selectors.service_plan(service=service, **chosen)

    if response := export_if_requested(
        request, rows=export_rows(),
        columns=exports.plan_columns(_("It-tjänst"), lambda i: service.name),
        title=_("Krav på %(name)s") % {"name": service.name},
    ):
        return response
    items = (
        list(selectors.service_plan(service=service, **chosen)) if chosen
        else selectors.service_plan_items(service=service)
    )
    # What the page shows of the service's assets, in one query: the first ones the user may
    # open and how many, the level the service needs per aspect and the first assets that
    # make each requirement apply.
    summary = selectors.it_service_asset_summary(
        user=request.user, service=service, listed=ASSETS_SHOWN, causes=handover.CAUSES_SHOWN,
    )
    assets = summary.listed
    asset_url = id_url("klassning:asset_detail")  # one reverse, not one per asset listed
    for asset in assets:
        asset.url = asset_url(asset.pk)
    audit.object_read(request, service)
    # Read before the users' names: the history's one read of the links names them too.
    history = selectors.it_service_history(
        service=service, user=request.user, records=DETAIL_HISTORY,
    )
    can_report = handover.may_report(request.user, service)
    # Unfiltered, the table holds the whole current plan: its status counts and its
    # acknowledgement are taken from it, not read again.
    whole = items if not chosen else None
    return render(request, "klassning/service_detail.html", {
        "service": service,
        "assets": assets,
        "more_assets": summary.viewable - len(assets),
        "asset_items": asset_items(assets),
        "user_units": ", ".join(selectors.it_service_user_unit_names(service=service)),
        "levels": [(a, summary.levels.get(a.pk)) for a in aspects],
        "filters": filters, "query": query_without_page(request),
        **requirements_table(handover.service_causes(
            items, summary=summary, shown=handover.CAUSES_SHOWN,
        ), can_report=can_report),
        "status_summary": status_summary(
            selectors.status_counts_of(whole) if whole is not None
            else selectors.service_plan_status_counts(service=service),
            PlanStatus,
        ),
        "acknowledgement": handover.acknowledgement(service=service, items=whole),
        "is_owner": handover.is_owner(request.user, service),
        "can_report": can_report,
        "can_edit": access.can(request.user, access.EDIT_RECORDS, service.unit),
        "history": history.entries,
        "more_history": history.has_next,
    })


def service_history(request, pk):
    """The IT service's full history, its links included: ``HISTORY_PAGE`` saves a page."""
    service = selectors.it_service_get(user=request.user, pk=pk)
    number = page_number(request.GET.get("sida"))
    history = selectors.it_service_history(
        service=service, user=request.user, records=HISTORY_PAGE,
        skip=(number - 1) * HISTORY_PAGE,
    )
    audit.object_read(request, service)
    return render(request, "klassning/service_history.html", {
        "service": service,
        "page": HistoryPage(entries=history.entries, number=number, has_next=history.has_next),
        "per_page": HISTORY_PAGE,
    })
