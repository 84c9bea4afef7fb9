"""Training pages: completions (list, register by hand, remove), the import of the learning
platform's CSV (upload → preview → confirm) and staff counts with the completion share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms.dates import local_today
from isms.locking import add_errors
from isms.views import export_if_requested, list_context, paginate
from nämnder import access
from nämnder.selectors import dashboard_units

from .. import exports, selectors, services
from ..forms import (
    CompletionFilterForm,
    CompletionForm,
    ImportForm,
    StaffCountForm,
    StaffImportForm,
    YearForm,
)
from ..models import ImportStatus

PREVIEW_ROWS = 20


def completion_list(request):
    filters = CompletionFilterForm(request.GET or None, user=request.user)
    completions = selectors.completion_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=completions.iterator(chunk_size=1000), columns=exports.completion_columns,
        title=_("Genomförda utbildningar"),
    ):
        return response
    page = paginate(request, completions)
    return render(request, "ledningssystem/completion_list.html", list_context(
        request, filters, page,
        can_edit=CompletionForm(user=request.user).fields["unit"].queryset.exists(),
    ))


def completion_create(request):
    form = CompletionForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Den genomförda utbildningen är registrerad."))
            return redirect("ledningssystem:completion_list")
    return render(request, "ledningssystem/simple_form.html", {
        "form": form, "title": _("Registrera genomförd utbildning"),
        "back": "ledningssystem:completion_list",
    })


@require_POST
def completion_delete(request, pk):
    completion = selectors.completion_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    services.completion_delete(actor=request.user, completion=completion)
    messages.success(request, _("Registreringen är borttagen."))
    return redirect("ledningssystem:completion_list")


def training_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            item, parsed = services.import_preview(
                actor=request.user, unit=form.cleaned_data["unit"],
                upload=form.cleaned_data["file"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if item is not None:
                return redirect("ledningssystem:import_detail", pk=item.pk)
            errors = parsed.errors
            more = parsed.error_count - len(errors)
            if more:
                errors.append(_("… och %(n)s fel till.") % {"n": more})
    return render(request, "ledningssystem/training_import.html", {
        "form": form, "errors": errors,
    }, status=400 if errors else 200)


def import_detail(request, pk):
    """The preview (before confirmation) or the result of an import."""
    item = selectors.import_get(user=request.user, pk=pk)
    rows = []
    if item.status == ImportStatus.PREVIEW:
        rows = selectors.import_preview_rows(training_import=item, limit=PREVIEW_ROWS)
    return render(request, "ledningssystem/import_detail.html", {
        "item": item, "rows": rows,
        "can_confirm": item.status == ImportStatus.PREVIEW
        and access.can(request.user, access.EDIT_RECORDS, item.unit),
    })


@require_POST
def import_confirm(request, pk):
    item = selectors.import_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    try:
        item = services.import_confirm(actor=request.user, training_import=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(new)s genomförda utbildningar är importerade (%(old)s fanns "
                                    "redan).") % {"new": item.created, "old": item.existing})
    return redirect("ledningssystem:import_detail", pk=item.pk)


def staff_counts(request):
    """Per unit on the person's start page: staff count and completion share of a year; the
    unit's editors set the count here."""
    year_form = YearForm(request.GET or None)
    year = year_form.filters().get("year") or local_today().year
    importing = "staff_file" in request.FILES
    form = StaffCountForm(None if importing else request.POST or None, user=request.user,
                          initial={"year": year})
    import_form = StaffImportForm(request.POST if importing else None,
                                  request.FILES if importing else None)
    if request.method == "POST":
        if not form.fields["unit"].queryset.exists():
            raise PermissionDenied
        if importing and import_form.is_valid():
            try:
                n = services.staff_counts_import(actor=request.user,
                                                 upload=import_form.cleaned_data["staff_file"],
                                                 units=form.fields["unit"].queryset)
            except ValidationError as exc:
                add_errors(import_form, exc)
            else:
                messages.success(request, _("%(n)s antal medarbetare är sparade.") % {"n": n})
                return redirect(f"{request.path}?year={year}")
        elif not importing and form.is_valid():
            try:
                services.staff_count_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Antalet medarbetare är sparat."))
                return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    units = list(dashboard_units(user=request.user))
    share = selectors.shares(units=units, year=year)
    return render(request, "ledningssystem/staff_counts.html", {
        "year_form": year_form, "year": year, "form": form, "import_form": import_form,
        "can_edit": form.fields["unit"].queryset.exists(),
        "rows": [{"unit": u, **share[u.pk]} for u in units],
        "courses": selectors.mandatory_courses(),
    })
