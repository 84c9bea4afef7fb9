"""The dashboards: thin views over ``oversikt.selectors``."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from isms import shared_reads
from isms.export_views import requested_format
from isms.exports import export_response

from . import city_html, exports, selectors


@require_GET
@shared_reads.shared
def unit_dashboard(request, pk):
    data = selectors.unit_dashboard(user=request.user, pk=pk)
    return render(request, "oversikt/unit_dashboard.html", {
        **data, "trend": selectors.unit_trend(unit=data["unit"], today=data["today"]),
    })


@require_GET
@shared_reads.shared
def city_dashboard(request):
    table = selectors.city_table(user=request.user, sort=request.GET.get("sort", ""))
    if fmt := requested_format(request):
        return export_response(
            rows=selectors.city_export_rows(table), columns=exports.city_columns(table),
            title=_("Stadens översikt"), fmt=fmt,
        )
    return render(request, "oversikt/city_dashboard.html", {
        **table, "sort_links": selectors.sort_links(table),
        "table_body_html": city_html.body_html(table),
    })
