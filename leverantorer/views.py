"""Pages of the supplier register: list (search, filter, export), detail, create, edit, and
linking IT services. Access is decided by ``permissions`` and the selectors, never here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms.export_views import query_without_page
from isms.links import id_url
from isms.locking import add_errors
from isms.views import export_if_requested, list_context, paginate, versioned_edit
from klassning import selectors as klassning_selectors
from nämnder import access

from . import exports, permissions, selectors, services
from .forms import LinkServiceForm, ServiceSearchForm, SupplierFilterForm, SupplierForm

EXPORT_CHUNK = 500


def supplier_list(request):
    permissions.require_read(request.user)
    filters = SupplierFilterForm(request.GET or None)
    suppliers = selectors.supplier_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=suppliers.iterator(chunk_size=EXPORT_CHUNK),
        columns=exports.supplier_columns(), title=_("Leverantörer"),
    ):
        return response
    page = paginate(request, suppliers)
    return render(request, "leverantorer/supplier_list.html", list_context(
        request, filters, page, can_create=permissions.may_create(request.user),
    ))


def supplier_create(request):
    if not permissions.may_create(request.user):
        raise PermissionDenied
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.supplier_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Leverantören är registrerad."))
            return redirect("leverantorer:supplier_detail", pk=supplier.pk)
    return render(request, "leverantorer/supplier_form.html", {"form": form})


def supplier_detail(request, pk):
    supplier = selectors.supplier_get(user=request.user, pk=pk)
    # The IT services the person may see, for the table and the history: a plain queryset
    # (no prioritised annotations: the page shows none), None for the city-wide roles.
    visible = klassning_selectors.service_visibility(request.user)
    page = paginate(request, selectors.supplier_services(
        user=request.user, supplier=supplier, visible=visible,
    ))
    editable = set(permissions.editable_unit_ids(request.user))
    detail_url = id_url("klassning:service_detail")
    unlink_url = id_url("leverantorer:supplier_unlink", supplier.pk)
    # Per row in Python, not by the template: the links, the unlink button's label, and the
    # one form token every row's form repeats.
    for service in page:
        service.detail_url = detail_url(service.pk)
        service.unlink_url = unlink_url(service.pk)
        service.unlink_label = _("Ta bort kopplingen till %(name)s") % {"name": service.name}
    return render(request, "leverantorer/supplier_detail.html", {
        "supplier": supplier, "csrf_field": csrf_input(request),
        "page": page, "query": query_without_page(request),
        "it_services": [(s, s.unit_id in editable) for s in page],
        "hidden_services": selectors.hidden_service_count(
            supplier=supplier, visible=page.paginator.count
        ),
        "can_edit": permissions.may_edit(request.user, supplier),
        "can_link": bool(editable),
        "history": selectors.supplier_history(
            supplier=supplier, user=request.user, limit=50, visible=visible,
        ),
    })


def supplier_edit(request, pk):
    supplier = selectors.supplier_get(user=request.user, pk=pk)
    if not permissions.may_edit(request.user, supplier):
        raise PermissionDenied
    form = SupplierForm(request.POST or None, instance=supplier)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.supplier_update(
            actor=request.user, supplier=supplier, **data
        ),
        message=_("Leverantören är sparad."),
        success_url=reverse("leverantorer:supplier_detail", args=[supplier.pk]),
    ):
        return response
    return render(request, "leverantorer/supplier_form.html", {"form": form, "supplier": supplier})


def supplier_link(request, pk):
    """Search the IT services one may change and link one (a button per service: no JS)."""
    supplier = selectors.supplier_get(user=request.user, pk=pk)
    if not permissions.editable_units(request.user).exists():
        raise PermissionDenied
    form = LinkServiceForm(
        request.POST or None,
        choices=selectors.linkable_service_choices(user=request.user, supplier=supplier),
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["it_service"]
        try:
            services.supplier_link_service(actor=request.user, supplier=supplier, service=service)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(service)s är kopplad till %(supplier)s.") % {
                "service": service.name, "supplier": supplier.name,
            })
            return redirect("leverantorer:supplier_detail", pk=supplier.pk)
    search = ServiceSearchForm(request.GET or None)
    candidates, more = selectors.linkable_services(
        user=request.user, supplier=supplier, **search.filters()
    )
    return render(request, "leverantorer/supplier_link.html", {
        "supplier": supplier, "form": form, "search": search, "candidates": candidates,
        "more": more,
    })


@require_POST
def supplier_unlink(request, pk, service_pk):
    supplier = selectors.supplier_get(user=request.user, pk=pk)
    service = klassning_selectors.it_service_get(
        user=request.user, pk=service_pk, perm=access.EDIT_RECORDS
    )
    if services.supplier_unlink_service(actor=request.user, supplier=supplier, service=service):
        messages.success(request, _("%(service)s är inte längre kopplad till %(supplier)s.") % {
            "service": service.name, "supplier": supplier.name,
        })
    else:
        messages.info(request, _("It-tjänsten var inte kopplad till leverantören."))
    return redirect("leverantorer:supplier_detail", pk=supplier.pk)
