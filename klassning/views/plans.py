from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isms.export_views import query_without_page
from isms.links import id_url
from isms.views import export_if_requested, status_summary, versioned_edit
from nämnder import access

from .. import handover, selectors, services
from ..exports import plan_columns
from ..forms import PlanFilterForm, plan_item_form
from ..models import PlanStatus, ServiceRequirement
from .plan_rows import requirement_rows


def _asset_html(asset) -> str:
    """One cause: its link (where the viewer may open it) and its unit, written once per
    asset (the same assets are named by many requirements)."""
    html = getattr(asset, "cause_html", None)
    if html is None:
        name = escape(asset.name)
        if asset.can_view:
            name = f'<a href="{escape(asset.url)}">{name}</a>'
        html = asset.cause_html = f"{name} ({escape(asset.unit.short_name)})"
    return html


def _causes_html(item) -> str:
    """"Krävs av: …": the named assets (a link where the viewer may open one) and how many
    more, as the requirements table shows them. Every value escaped (``escape``, as
    ``format_html`` did, at a fraction of its cost per asset)."""
    names = ", ".join(_asset_html(a) for a in item.causes)
    if not item.more_causes:
        return mark_safe(names)  # noqa: S308 - every value escaped above
    more = ngettext(
        "och %(n)s informationsmängd till", "och %(n)s informationsmängder till", item.more_causes,
    ) % {"n": item.more_causes}
    return mark_safe(f"{names} {escape(more)}")  # noqa: S308 - every value escaped above


def with_links(items: list) -> list:
    """Set each requirement's ``edit_url`` and ``causes_html`` for the requirements table
    (``plan_rows``), built here once per requirement, each asset's link once and each
    distinct list of causes once (requirements of one aspect and level name the same assets),
    instead of in the template's nested loops: at city scale these lists were half the
    table's render time. Links without a ``reverse`` per row (``isms.links.id_url``)."""
    service_url = id_url("klassning:service_item_edit")
    unit_url = id_url("klassning:unit_item_edit")
    asset_url = id_url("klassning:asset_detail")
    rendered: dict[tuple, str] = {}
    for item in items:
        item.edit_url = (
            service_url(item.pk) if isinstance(item, ServiceRequirement) else unit_url(item.pk)
        )
        for asset in item.causes:
            asset.url = asset_url(asset.pk)
        key = (tuple(a.pk for a in item.causes), item.more_causes)
        if key not in rendered:
            rendered[key] = _causes_html(item) if item.causes else ""
        item.causes_html = rendered[key]
    return items


def requirements_table(items, *, can_report: bool) -> dict:
    """The context ``_requirements.html`` needs for ``items`` (``handover.attach_causes``
    has set their causes): the items and their rows, built once (``plan_rows``)."""
    items = with_links(items)
    return {"items": items, "rows": requirement_rows(items, can_report=can_report)}


def unit_plan(request, unit_pk):
    """The unit's action plan: organisational requirements from its approved classifications."""
    unit = access.get_unit_or_404(request.user, unit_pk)
    filters = PlanFilterForm(request.GET or None, aspects=selectors.aspects())
    chosen = filters.filters()
    items = selectors.unit_plan(unit=unit, **chosen)
    if response := export_if_requested(
        request, rows=items, columns=plan_columns(_("Enhet"), lambda i: unit.name),
        title=_("Åtgärdsplan %(unit)s") % {"unit": unit.short_name},
    ):
        return response
    can_edit = access.can(request.user, access.EDIT_RECORDS, unit)
    items = list(items) if chosen else selectors.unit_plan_items(unit=unit)
    # Unfiltered, the table holds the whole current plan: its status counts come from it.
    counts = (selectors.status_counts_of(items) if not chosen
              else selectors.plan_status_counts(unit=unit))
    return render(request, "klassning/unit_plan.html", {
        "unit": unit, "filters": filters, "query": query_without_page(request),
        **requirements_table(handover.attach_causes(
            items, user=request.user, unit=unit, shown=handover.CAUSES_SHOWN,
        ), can_report=can_edit),
        "status_summary": status_summary(counts, PlanStatus),
        "can_edit": can_edit, "can_report": can_edit,
    })


def _item_edit(request, item, *, back_url, owner_name, causes):
    form = plan_item_form(item, request.POST or None, request.FILES or None)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.plan_item_update(actor=request.user, item=item, **data),
        message=_("Kravets status är sparad."), success_url=back_url,
    ):
        return response
    return render(request, "klassning/plan_item_form.html", {
        "item": item, "form": form, "back_url": back_url, "owner_name": owner_name,
        "history": selectors.plan_item_history(item=item), "causes": causes,
    })


def unit_item_edit(request, pk):
    item = selectors.unit_plan_item_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    causes = handover.attach_causes([item], user=request.user, unit=item.unit)[0].causes
    return _item_edit(
        request, item, back_url=reverse("klassning:unit_plan", args=[item.unit_id]),
        owner_name=item.unit.name, causes=causes,
    )


def service_item_edit(request, pk):
    """Status and evidence of a technical requirement: by the owning unit's editors or by the
    IT service's owner (``klassning.handover``)."""
    item = handover.service_item_for_report(user=request.user, pk=pk)
    causes = handover.attach_causes(
        [item], user=request.user, service=item.it_service
    )[0].causes
    return _item_edit(
        request, item, back_url=reverse("klassning:service_detail", args=[item.it_service_id]),
        owner_name=item.it_service.name, causes=causes,
    )
