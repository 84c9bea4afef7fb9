"""Pages of the supplier register: list (search, filter, export), detail, create, edit, and
linking IT services. Access is decided by ``permissions`` and the selectors, never here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms.export_views import query_without_page
from isms.links import id_url
from isms.locking import add_errors
from isms.views import PAGE_SIZE, export_if_requested, list_context, paginate, versioned_edit
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
        columns=exports.supplier_columns, title=_("Leverantörer"),
    ):
        return response
    page = paginate(request, suppliers)
    return render(request, "leverantorer/supplier_list.html", list_context(
        request, filters, page, can_create=permissions.may_create(request.user),
        rows=_list_rows(page),
    ))


def _dpa_status_html(supplier, texts: dict) -> str:
    """``_dpa_status.html`` of one supplier, its markup, in Python (``texts``: its labels,
    translated and escaped once per page)."""
    if supplier.dpa_in_place:
        html = texts["in_place"]
        if supplier.dpa_signed_on:
            d = supplier.dpa_signed_on
            signed = gettext("tecknat %(date)s") % {"date": f"{d.year:04d}-{d.month:02d}-{d.day:02d}"}
            html += f" ({escape(signed)})"
        return html
    return texts["needed"] if supplier.handles_personal_data else texts["missing"]


def _list_rows(page) -> SafeString:
    """The ``<tr>`` of each supplier on the page, built once in Python: the template's loop
    (a ``{% url %}``, an ``{% include %}`` and a ``{% blocktranslate %}`` per row) cost more
    than the page's queries. The template's markup, row for row; every value escaped
    (``escape``, as the template's autoescaping)."""
    detail_url = id_url("leverantorer:supplier_detail")
    inactive = f' <span class="badge">{escape(gettext("Inaktiv"))}</span>'
    texts = {
        "in_place": f'<span class="ok">{escape(gettext("Finns"))}</span>',
        "needed": '<strong class="warning">'
        f'{escape(gettext("Saknas – behövs: levererar it-tjänst med personuppgifter"))}</strong>',
        "missing": escape(gettext("Saknas")),
    }
    rows = []
    for s in page:
        rows.append(
            "\n    <tr>\n"
            f'      <td><a href="{detail_url(s.pk)}">{escape(s.name)}</a>'
            f'{"" if s.is_active else inactive}</td>\n'
            f'      <td>{escape(s.org_number or "–")}</td>\n'
            f"      <td>{escape(s.service_count)}</td>\n"
            f"      <td>{_dpa_status_html(s, texts)}\n</td>\n"  # the include's last newline
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


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
    # The IT services the person may see, for the table and the history (compiled reads).
    page = paginate(request, selectors.supplier_service_page_items(
        user=request.user, supplier=supplier, per_page=PAGE_SIZE,
    ))
    editable = set(permissions.editable_unit_ids(request.user))
    it_services = [(s, s.unit_id in editable) for s in page]
    return render(request, "leverantorer/supplier_detail.html", {
        "supplier": supplier, "page": page, "query": query_without_page(request),
        "it_services": it_services,
        "service_rows": _service_rows(
            it_services, supplier=supplier, can_link=bool(editable),
            csrf_field=csrf_input(request),
        ),
        "hidden_services": selectors.hidden_service_count(
            supplier=supplier, visible=page.paginator.count
        ),
        "can_edit": permissions.may_edit(request.user, supplier),
        "can_link": bool(editable),
        "history": selectors.supplier_history(supplier=supplier, user=request.user, limit=50),
    })


def _service_rows(it_services, *, supplier, can_link: bool, csrf_field: str) -> SafeString:
    """The ``<tr>`` of each IT service on the page (``[(service, may unlink)]``), built once in
    Python: the links, the unlink button's label and the one form token every row's form
    repeats. The template's markup, row for row; every value escaped (``escape``, as the
    template's autoescaping)."""
    detail_url = id_url("klassning:service_detail")
    unlink_url = id_url("leverantorer:supplier_unlink", supplier.pk)
    rows = []
    for service, may_unlink in it_services:
        owner = service.owner
        who = (owner.get_full_name() or owner.username) if owner else (service.manager or "–")
        row = (
            "\n      <tr>\n"
            f'        <td><a href="{detail_url(service.pk)}">{escape(service.name)}</a></td>\n'
            f"        <td>{escape(service.unit.name)}</td>\n"
            f"        <td>{escape(who)}</td>\n        "
        )
        if can_link:
            row += "<td>"
            if may_unlink:
                label = _("Ta bort kopplingen till %(name)s") % {"name": service.name}
                row += (
                    f'<form method="post" action="{unlink_url(service.pk)}">{csrf_field}'
                    f'<button type="submit" class="button secondary">{escape(label)}</button></form>'
                )
            row += "</td>"
        rows.append(row + "\n      </tr>\n    ")
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


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
