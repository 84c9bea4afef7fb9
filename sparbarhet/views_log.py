"""The audit log page (``/sparbarhet/logg/``): every change and every logged read a person may
read (``nämnder.access.audit_log_unit_ids``), filtered, newest first, paged by ``seq``, and its
CSV/XLSX export with the same filter."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from isms.views import export_if_requested
from nämnder import access

from . import exports_log, selectors_log
from .forms_log import LogFilterForm

# Left out of the links that keep the filter (the page's position and the export format).
NOT_FILTERS = ("fore", "efter", "format", "sida")


def _filter_query(request) -> str:
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def audit_log(request):
    unit_ids = access.audit_log_unit_ids(request.user)
    if unit_ids == []:
        raise PermissionDenied
    form = LogFilterForm(request.GET or None, unit_ids=unit_ids)
    page = None
    # A filter with an error shows the error and no events: a list filtered otherwise than
    # asked would mislead whoever reads the log (and an export of it even more).
    if not form.is_bound or form.is_valid():
        filt = form.log_filter()
        if response := export_if_requested(
            request, columns=exports_log.columns(), title=_("Granskningslogg"),
            rows=selectors_log.log_export_rows(filt=filt, viewer=request.user, units=form.units),
        ):
            return response
        fore, after = form.position()
        page = selectors_log.log_page(
            filt=filt, viewer=request.user, units=form.units, fore=fore, after=after,
        )
    return render(request, "sparbarhet/audit_log.html", {
        "filters": form,
        "page": page,
        "query": _filter_query(request),
        "sees_all": unit_ids is None,
        "viewer_units": list(form.units.values()),
        "people_matched": len(form.people),
    })
