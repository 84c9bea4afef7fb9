"""Report pages: thin views that parse, call one service or selector, render."""

import io
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from isms import audit, health
from isms.export_views import requested_format
from isms.exports import Column, export_response
from nämnder import access

from . import selectors, services
from .forms import ReportOrderForm, UploadSizeLimit, VerifyForm
from .models import ReportStatus


def _unit_filter(request):
    pk = request.GET.get("enhet")
    if not pk:
        return None
    return access.get_unit_or_404(request.user, pk)


def report_list(request):
    unit = _unit_filter(request)
    fmt = requested_format(request) if request.method == "GET" else None
    if fmt:
        return export_response(
            rows=selectors.report_list(user=request.user, unit=unit).iterator(chunk_size=500),
            columns=export_columns(), title=_("Rapportarkiv"), fmt=fmt,
        )
    form = ReportOrderForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_order(
                actor=request.user, kind=form.cleaned_data["kind"],
                unit=form.cleaned_data["unit"], year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rapporten är beställd."))
            return redirect("report_detail", pk=report.pk)
    page = Paginator(selectors.report_list(user=request.user, unit=unit), 25).get_page(
        request.GET.get("sida")
    )
    return render(
        request, "rapporter/report_list.html",
        {"form": form, "page": page, "unit": unit,
         "query": f"enhet={unit.pk}" if unit else ""},
        status=400 if form.errors else 200,
    )


def _detail(request, report, *, verify_form=None, verification=None, status=200):
    in_progress = report.status in (ReportStatus.QUEUED, ReportStatus.GENERATING)
    return render(
        request, "rapporter/report_detail.html",
        {
            "report": report,
            "downloads": selectors.report_downloads(report=report),
            "history": selectors.report_history(report=report, user=request.user),
            "error_message": selectors.report_error_for(user=request.user, report=report),
            "integrity_alarms": selectors.report_integrity_alarms(report=report),
            "verify_form": verify_form or VerifyForm(),
            "verification": verification,
            "can_reorder": selectors.can_order(user=request.user, kind=report.kind, unit=report.unit),
            "in_progress": in_progress,
            # Only while the report waits: is the broker reachable and a worker alive?
            "background_down": in_progress and not health.background_available(),
        },
        status=status,
    )


@require_GET
def report_detail(request, pk):
    return _detail(request, selectors.report_get(user=request.user, pk=pk))


@csrf_exempt  # checked below: the size limit must be in place before the CSRF check reads POST
@require_POST
def report_verify(request, pk):
    limit = UploadSizeLimit(request, max_size=settings.REPORT_VERIFY_MAX_SIZE)
    request.upload_handlers.insert(0, limit)
    return _report_verify(request, pk, limit)


@csrf_protect
def _report_verify(request, pk, limit):
    report = selectors.report_get(user=request.user, pk=pk)
    form = VerifyForm(request.POST, request.FILES, too_large=limit.exceeded)
    if not form.is_valid():
        return _detail(request, report, verify_form=form, status=400)
    verification = selectors.report_verify(report=report, uploaded=form.cleaned_data["file"])
    return _detail(request, report, verify_form=VerifyForm(), verification=verification)


@require_GET
def report_status(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    return JsonResponse({
        "status": report.status, "label": report.get_status_display(),
        "error": selectors.report_error_for(user=request.user, report=report),
    })


@require_GET
def report_download(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        verified = services.report_download(user=request.user, report=report)
    except services.ReportIntegrityError:
        return render(
            request, "rapporter/integrity_error.html", {"report": report}, status=409
        )
    audit.object_read(request, report, action=audit.DOWNLOAD)
    return FileResponse(
        verified, as_attachment=True, filename=report.download_name,
        content_type="application/pdf",
    )


@require_GET
def report_attachment(request, pk, name):
    """A file embedded in the report's PDF (a long register in full), from the verified PDF."""
    report = selectors.report_get(user=request.user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        content = services.report_attachment(user=request.user, report=report, name=name)
    except services.ReportAttachmentMissing:
        raise Http404 from None
    except services.ReportIntegrityError:
        return render(
            request, "rapporter/integrity_error.html", {"report": report}, status=409
        )
    audit.object_read(request, report, action=audit.DOWNLOAD)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )


@require_POST
def report_reorder(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        new = services.report_reorder(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("report_detail", pk=report.pk)
    messages.success(request, _("En ny rapport är beställd."))
    return redirect("report_detail", pk=new.pk)


def export_columns() -> list[Column]:
    """The archive's columns, built per request so the headers follow the active language."""
    return [
        Column(_("Nr"), lambda r: r.pk),
        Column(_("Rapport"), lambda r: r.get_kind_display()),
        Column(_("Enhet"), lambda r: r.scope_name),
        Column(_("År"), lambda r: r.year),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Beställd"), lambda r: r.created_at),
        Column(_("Beställd av"), lambda r: (r.ordered_by.get_full_name() or r.ordered_by.username)
               if r.ordered_by else _("Schemalagd")),
        Column(_("SHA-256"), lambda r: r.sha256),
    ]

