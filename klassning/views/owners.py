"""Pages of the handover to IT-service owners (riktlinje point 8), the city-wide list of
prioritised IT services (point 9) and the download of evidence files. Thin: every decision
is in ``klassning.handover`` and ``klassning.selectors``."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import handover, services
from ..services import evidence


def my_services(request):
    """"Mina it-tjänster": every IT service the person runs, with its requirements' progress
    and how many are new since the last acknowledgement."""
    return render(request, "klassning/my_services.html", {
        "services": handover.services_run_by(user=request.user),
    })


@require_POST
def service_acknowledge(request, pk):
    service = handover.owned_service_get(user=request.user, pk=pk)
    count = services.service_requirements_acknowledge(actor=request.user, service=service)
    if count:
        messages.success(request, ngettext(
            "Du har kvitterat %(n)s nytt krav.", "Du har kvitterat %(n)s nya krav.", count
        ) % {"n": count})
    else:
        messages.info(request, _("Det fanns inga nya krav att kvittera."))
    return redirect("klassning:service_detail", pk=service.pk)


def prioritised_services(request):
    """City-wide: IT services used by a majority of the nämnder and bolag, with their
    requirement fulfilment (security function and city-wide auditors)."""
    return render(request, "klassning/prioritised_services.html", {
        "services": handover.prioritised_services_progress(user=request.user),
    })


def evidence_download(request, kind, pk):
    """An evidence file, for exactly those who may see the requirement (else 404). Always as
    an attachment with its own content type: never rendered by the browser as a page."""
    item = handover.evidence_item_get(user=request.user, kind=kind, pk=pk)
    if not item.evidence_file:
        raise Http404
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = item.evidence_file_name or item.evidence_file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=evidence.content_type(name)
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
