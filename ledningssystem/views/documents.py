"""Steering-document pages: list, detail with versions and history, create, edit, new version,
and the file download (only through the access rules, never a public /media/ URL)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from isms.locking import add_errors
from isms.views import export_if_requested, list_context, paginate, versioned_edit
from nämnder import access

from .. import exports, selectors, services
from ..forms import (
    DocumentCreateForm,
    DocumentEditForm,
    DocumentFilterForm,
    NewVersionForm,
    may_create_records,
)
from ..services import files


def document_list(request):
    filters = DocumentFilterForm(request.GET or None, user=request.user)
    documents = selectors.document_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=documents.iterator(chunk_size=500), columns=exports.document_columns,
        title=_("Styrdokument"),
    ):
        return response
    page = paginate(request, documents)
    return render(request, "ledningssystem/document_list.html", list_context(
        request, filters, page, can_create=may_create_records(request.user),
    ))


def document_create(request):
    form = DocumentCreateForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.may_create:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Styrdokumentet är registrerat."))
            return redirect("ledningssystem:document_detail", pk=document.pk)
    return render(request, "ledningssystem/document_form.html", {"form": form, "multipart": True})


def document_detail(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    return render(request, "ledningssystem/document_detail.html", {
        "document": document,
        "versions": selectors.document_versions(document=document),
        "history": selectors.document_history(document=document, limit=20),
        "can_edit": selectors.may_write(request.user, document.unit),
    })


def document_edit(request, pk):
    document = selectors.document_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = DocumentEditForm(request.POST or None, instance=document)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.document_update(actor=request.user, document=document, **data),
        message=_("Styrdokumentet är sparat."),
        success_url=reverse("ledningssystem:document_detail", args=[document.pk]),
    ):
        return response
    return render(request, "ledningssystem/document_form.html", {"form": form, "document": document})


def document_new_version(request, pk):
    document = selectors.document_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = NewVersionForm(request.POST or None, request.FILES or None, document=document)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.document_new_version(
            actor=request.user, document=document, **data),
        message=_("Den nya versionen är sparad. De tidigare finns kvar."),
        success_url=reverse("ledningssystem:document_detail", args=[document.pk]),
    ):
        return response
    return render(request, "ledningssystem/document_form.html", {
        "form": form, "document": document, "new_version": True, "multipart": True,
    })


def version_file(request, pk, number):
    """A version's file, for exactly those who may see the document (else 404)."""
    version = selectors.version_get(user=request.user, document_pk=pk, number=number)
    if not version.file:
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = version.file_name or version.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type=files.content_type(name))
